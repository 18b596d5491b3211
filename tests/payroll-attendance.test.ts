import { afterAll, beforeAll, expect, it } from 'vitest';
import type { SalaryComponent } from '../domain/payroll/structure.ts';
import { bundleWorkflows } from '../temporal/worker.ts';
import { signIn, startPlatform, type Platform, type SignedIn } from './harness.ts';
import { approvedLeave, fixed, runReachesReview, setUpEmployee } from './payroll-steps.ts';

// Payroll reads attendance (db/queries/attendance.ts through activities/payroll/attendance.ts): the
// overtime recorded, and a working day absent without leave. April 2031 has 22 weekdays and, in this
// organisation, no holiday; Berlin is on summer time (UTC+2).
const period = '2031-04';

let platform: Platform;
let hr: SignedIn;

beforeAll(async () => {
  platform = await startPlatform({ bundle: await bundleWorkflows() });
  hr = await signIn(platform, 'hr');
});
afterAll(() => platform?.stop());

/** A day's record as the terminal's export or the web check-in leaves it, local times in Berlin. */
async function attended(employeeId: string, day: string, from: string, to: string) {
  await platform.database.sql`
    insert into attendance_days (org_id, employee_id, day, check_in_at, check_out_at, source)
    values (${platform.org.orgId}, ${employeeId}, ${day}, ${`${day}T${from}:00+02:00`}, ${`${day}T${to}:00+02:00`}, 'web')`;
}

it('pays the overtime attendance recorded, docks a working day absent without leave (not the days after the last record) and half a day for half a day of unpaid leave', async () => {
  const eve = platform.org.people.employee;
  const carl = platform.org.people.colleague;
  const overtime: SalaryComponent = {
    code: 'overtime',
    name: 'Overtime',
    type: 'earning',
    rule: { kind: 'hoursTimesRate', hours: 'overtime', rateMinor: 2500 },
  };
  await setUpEmployee(hr, eve.id, { joinedOn: '2030-01-01' }, '2031-01-01', [fixed('base', 'Base salary', 300000), overtime]);
  await setUpEmployee(hr, carl.id, { joinedOn: '2030-01-01' }, '2031-01-01', [fixed('base', 'Base salary', 300000), overtime]);
  // Eve works the 1st to the 8th but for Thursday the 3rd; on the 2nd ten hours (two of overtime).
  await attended(eve.id, '2031-04-01', '09:00', '17:00');
  await attended(eve.id, '2031-04-02', '08:00', '18:00');
  await attended(eve.id, '2031-04-04', '09:00', '17:00');
  await attended(eve.id, '2031-04-07', '09:00', '17:00');
  await attended(eve.id, '2031-04-08', '09:00', '17:00');
  // Carl's attendance is not recorded at all: he is not tracked, not absent all month. He takes an
  // afternoon of unpaid leave on the 15th: half a day less.
  await approvedLeave(platform, carl.id, 'unpaid', '2031-04-15', true);

  await platform.withWorker(async () => {
    expect((await hr.post('/payroll/runs', { period })).status).toBe(201);
    await runReachesReview(hr, period);
    const { lines } = (await hr.get(`/payroll/runs/${period}/lines`)).body;
    const lineOf = (id: string) => lines.find((l: { employeeId: string }) => l.employeeId === id);
    // 3,000.00 × 21/22 = 2,863.636… → 2,863.64; two hours at 25.00 = 50.00.
    expect(lineOf(eve.id)).toMatchObject({ payableDays: 21, periodDays: 22, overtimeHundredths: 200, grossMinor: 286364 + 5000 });
    // 3,000.00 × 21.5/22 = 2,931.818… → 2,931.82.
    expect(lineOf(carl.id)).toMatchObject({ payableDays: 21.5, periodDays: 22, overtimeHundredths: 0, grossMinor: 293182 });
  });
}, 120_000);
