import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDb } from '../client.ts';
import { seedOrganisation } from '../seed.ts';
import { absences, organizations } from '../schema/index.ts';
import { eq } from 'drizzle-orm';
import { awayToday } from './away.ts';

// Who is away "today" is today in the organisation's zone, which can be a day either side of UTC's.
// One instant, 2030-06-10 12:00 UTC: already the 11th at UTC+14, still the 10th at UTC-11.
const now = new Date('2030-06-10T12:00:00Z');
const database = createDb(inject('databaseUrl'), { max: 2 });
let org: Awaited<ReturnType<typeof seedOrganisation>>;

beforeAll(async () => {
  const slug = `away${randomUUID().slice(0, 8)}`;
  org = await seedOrganisation(database.db, { slug, name: `Org ${slug}`, password: 'away-test-password', years: [2030] });
});
afterAll(() => database.close());

const absent = (who: string, startsOn: string, endsOn: string) =>
  database.db.insert(absences).values({ orgId: org.orgId, userId: org.people[who as keyof typeof org.people]!.id, startsOn, endsOn });
const inZone = (timeZone: string) => database.db.update(organizations).set({ timeZone }).where(eq(organizations.id, org.orgId));
const people = () => [org.people.employee.id, org.people.colleague.id];

describe('awayToday', () => {
  it("counts today in the organisation's zone, ahead of UTC or behind it, in one look", async () => {
    await absent('employee', '2030-06-09', '2030-06-10'); // over on the 11th, current on the 10th
    await absent('colleague', '2030-06-11', '2030-06-12'); // current on the 11th, not yet on the 10th

    await inZone('Pacific/Kiritimati'); // UTC+14: the 11th
    const ahead = await awayToday(database.db, org.orgId, people(), now);
    expect([...ahead.keys()]).toEqual([org.people.colleague.id]);
    expect(ahead.get(org.people.colleague.id)).toEqual({ lastDay: '2030-06-12', backAt: '2030-06-12T10:00:00.000Z' });

    await inZone('Pacific/Pago_Pago'); // UTC-11: the 10th
    const behind = await awayToday(database.db, org.orgId, people(), now);
    expect([...behind.keys()]).toEqual([org.people.employee.id]);
    expect(behind.get(org.people.employee.id)).toEqual({ lastDay: '2030-06-10', backAt: '2030-06-11T11:00:00.000Z' });
  });

  it('answers nobody for nobody asked, and for people with no absence', async () => {
    expect((await awayToday(database.db, org.orgId, [], now)).size).toBe(0);
    expect((await awayToday(database.db, org.orgId, [org.people.qa.id], now)).size).toBe(0);
  });
});
