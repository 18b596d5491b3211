import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../api/app.ts';
import { bundleWorkflows } from '../temporal/worker.ts';
import { caller, eventually, signIn, startPlatform, testPassword, totpCode, type ApiCall, type Platform } from './harness.ts';

let platform: Platform;
let bundle: WorkflowBundleWithSourceMap;

beforeAll(async () => {
  bundle = await bundleWorkflows();
  platform = await startPlatform({ bundle });
});
afterAll(() => platform?.stop());

const email = (person: string) => `${person}@${platform.slug}.test`;
const anonymous = () => caller(platform, null);
const passwordSignIn = async (address: string, password = testPassword) => {
  const answer = await anonymous().post('/auth/sign-in', { email: address, password });
  const cookie = answer.headers.get('set-cookie')?.split(';')[0] ?? null;
  return { ...answer, user: caller(platform, cookie), cookie };
};
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
/**
 * After a second factor, the session token from before it must be worthless (it may have been seen or
 * planted while only the password was in) and the answer must carry a new one that works.
 */
const expectRenewedSession = async (step: { cookie: string | null; user: ReturnType<typeof caller>; answer: ApiCall }) => {
  const cookie = step.answer.headers.get('set-cookie')?.split(';')[0] ?? null;
  expect(cookie).toMatch(/^session=\w+$/);
  expect(cookie).not.toBe(step.cookie);
  expect((await step.user.get('/me')).status).toBe(401);
  const renewed = caller(platform, cookie);
  expect((await renewed.get('/me')).body.session.twoFactor).toBe('verified');
  return renewed;
};
const nextStep = () => new Promise((r) => setTimeout(r, 30_000 - (Date.now() % 30_000) + 50));

describe('two-factor sign-in', () => {
  it('makes staff enrol an authenticator, then asks for a code at every sign-in, each code once', async () => {
    const first = await passwordSignIn(email('qa'));
    expect(first.body.next).toBe('enroll-totp');
    expect((await first.user.get('/tasks')).body.error.code).toBe('two_factor_required');
    expect((await first.user.get('/me')).body.session.twoFactor).toBe('enroll');

    const setup = await first.user.post('/account/totp/setup');
    expect(setup.body.otpauthUri).toMatch(/^otpauth:\/\/totp\/.+secret=/);
    expect(setup.body.qrSvg).toContain('<svg');
    const key = decodeBase32IgnorePadding(setup.body.secret);
    expect((await first.user.post('/account/totp/enable', { code: '000000' })).status).toBe(422);
    const enabled = await first.user.post('/account/totp/enable', { code: totpCode(key) });
    expect(enabled.body.recoveryCodes).toHaveLength(10);
    const enrolled = await expectRenewedSession({ ...first, answer: enabled });
    expect((await enrolled.get('/tasks')).status).toBe(200);

    // The secret is stored sealed, never as the base32 text the app was shown.
    const [row] = await platform.database.sql`select totp_secret from users where email = ${email('qa')}`;
    expect(row!.totp_secret).toMatch(/^v1\./);
    expect(row!.totp_secret).not.toContain(setup.body.secret);

    await nextStep();
    const second = await passwordSignIn(email('qa'));
    expect(second.body.next).toBe('totp');
    expect((await second.user.get('/leave-requests')).status).toBe(403);
    expect((await second.user.post('/auth/sign-in/totp', { code: '123456' })).status).toBe(401);
    const code = totpCode(key);
    const verified = await second.user.post('/auth/sign-in/totp', { code });
    expect(verified.status).toBe(200);
    const renewed = await expectRenewedSession({ ...second, answer: verified });
    expect((await renewed.get('/leave-requests')).status).toBe(200);

    // The same code, seen over a shoulder a moment later, is worthless.
    const third = await passwordSignIn(email('qa'));
    expect((await third.user.post('/auth/sign-in/totp', { code })).status).toBe(401);
    const recovery = enabled.body.recoveryCodes[0];
    const recovered = await third.user.post('/auth/sign-in/totp', { code: recovery });
    expect(recovered.status).toBe(200);
    await expectRenewedSession({ ...third, answer: recovered });
    const fourth = await passwordSignIn(email('qa'));
    expect((await fourth.user.post('/auth/sign-in/totp', { code: recovery })).status).toBe(401);
  }, 70_000);

  it('leaves two factors optional for a client', async () => {
    const client = await passwordSignIn(email('client'));
    expect(client.body.next).toBe('done');
    expect((await client.user.get('/me')).body.session.twoFactor).toBe('verified');
    expect((await client.user.get('/tasks')).status).toBe(403);
  });
});

describe('failed sign-ins', () => {
  it('answers the same for an unknown e-mail and a wrong password, and locks either after five failures', async () => {
    const unknown = await passwordSignIn(`nobody@${platform.slug}.test`, 'wrong-password-1');
    const wrong = await passwordSignIn(email('finance'), 'wrong-password-1');
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(unknown.body).toEqual(wrong.body);
    for (let i = 0; i < 4; i++) {
      await passwordSignIn(`nobody@${platform.slug}.test`, 'wrong-password-1');
      await passwordSignIn(email('finance'), 'wrong-password-1');
    }
    const lockedUnknown = await passwordSignIn(`nobody@${platform.slug}.test`, 'wrong-password-1');
    const locked = await passwordSignIn(email('finance'), testPassword);
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(800);
    expect(lockedUnknown.status).toBe(429);
    expect(lockedUnknown.body.error.code).toBe(locked.body.error.code);
    const kinds = await platform.database
      .sql`select kind, actor_email, ip_address from audit_log where actor_email = ${email('finance')} order by id`;
    expect(kinds.filter((k) => k.kind === 'sign_in.failed')).toHaveLength(5);
    expect(kinds.at(-1)!.kind).toBe('sign_in.locked');
  });

  it('slows one address down', async () => {
    const strict = createApp({ ...appDeps(), config: { ...platform.config, authRateLimitPerMinute: 3 } });
    const answers = [];
    for (let i = 0; i < 4; i++) {
      const res = await strict.request('/api/auth/sign-in', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.9' },
        body: JSON.stringify({ email: 'someone@example.test', password: 'whatever-password' }),
      });
      answers.push(res.status);
    }
    expect(answers).toEqual([401, 401, 401, 429]);
  });
});

describe('sessions', () => {
  it('lists a person’s sessions and ends one, or all', async () => {
    const a = await signIn(platform, 'agent', { fresh: true });
    await nextStep();
    const b = await signIn(platform, 'agent', { fresh: true });
    const listed = await b.get('/account/sessions');
    expect(listed.body.sessions).toHaveLength(2);
    const other = listed.body.sessions.find((s: { current: boolean }) => !s.current);
    expect((await b.delete(`/account/sessions/${other.id}`)).status).toBe(204);
    expect((await a.get('/me')).status).toBe(401);
    expect((await b.post('/auth/sign-out-everywhere')).status).toBe(204);
    expect((await b.get('/me')).status).toBe(401);
  }, 70_000);

  it('ends sessions after inactivity and after their absolute lifetime', async () => {
    const person = await signIn(platform, 'closer');
    // Idle for 3 s: long enough that a loaded machine's sign-in and first request fit inside it.
    const idle = createApp({ ...appDeps(), config: { ...platform.config, sessions: { idleMs: 3000, absoluteMs: 60_000 } } });
    const fresh = await idle.request('/api/auth/sign-in', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: email('closer'), password: testPassword }),
    });
    const cookie = fresh.headers.get('set-cookie')!.split(';')[0]!;
    expect((await idle.request('/api/me', { headers: { cookie } })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 3500));
    expect((await idle.request('/api/me', { headers: { cookie } })).status).toBe(401);
    const [row] = await platform.database
      .sql`select extract(epoch from absolute_expires_at - created_at)::int as seconds from sessions where user_id = ${platform.org.people.closer.id} order by created_at limit 1`;
    // created_at is the database's clock, the lifetime the API's: a loaded machine puts a moment between them.
    expect(Math.abs(row!.seconds - platform.config.sessions.absoluteMs / 1000)).toBeLessThanOrEqual(2);
    expect((await person.get('/me')).status).toBe(200);
  });

  it('sets the session cookie HttpOnly and SameSite, and Secure outside development', async () => {
    const development = await passwordSignIn(email('client'));
    const cookie = development.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).not.toMatch(/Secure/i);
    const production = createApp({ ...appDeps(), config: { ...platform.config, secureCookies: true } });
    const res = await production.request('/api/auth/sign-in', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: email('client'), password: testPassword }),
    });
    expect(res.headers.get('set-cookie')).toMatch(/Secure/);
  });

  it('ends a deactivated person’s sessions at once', async () => {
    const admin = await signIn(platform, 'admin');
    const target = await signIn(platform, 'support-agent');
    expect((await target.get('/me')).status).toBe(200);
    const id = platform.org.people['support-agent'].id;
    expect((await admin.post(`/admin/users/${id}/deactivate`)).body.user.active).toBe(false);
    expect((await target.get('/me')).status).toBe(401);
    expect((await passwordSignIn(email('support-agent'))).status).toBe(401);
    expect((await admin.post(`/admin/users/${id}/reactivate`)).body.user.active).toBe(true);
    expect((await admin.post(`/admin/users/${platform.org.people.admin.id}/deactivate`)).status).toBe(409);
  });
});

describe('passwords', () => {
  it('changes a password, ending the other sessions', async () => {
    const here = await signIn(platform, 'colleague');
    expect((await here.post('/account/password', { currentPassword: 'not-it-at-all', newPassword: 'a-new-password-1' })).status).toBe(403);
    expect((await here.post('/account/password', { currentPassword: testPassword, newPassword: 'short' })).status).toBe(400);
    expect((await here.post('/account/password', { currentPassword: testPassword, newPassword: 'a-new-password-1' })).status).toBe(204);
    expect((await here.get('/me')).status).toBe(200);
    expect((await passwordSignIn(email('colleague'))).status).toBe(401);
    expect((await passwordSignIn(email('colleague'), 'a-new-password-1')).body.next).toBe('totp');
  });

  it('resets a forgotten password by e-mail, once, without telling who has an account', async () => {
    expect((await anonymous().post('/auth/password-reset', { email: `ghost@${platform.slug}.test` })).status).toBe(202);
    expect((await anonymous().post('/auth/password-reset', { email: email('lead') })).status).toBe(202);
    const mail = await platform.mail.waitFor((m) => m.to.includes(email('lead')) && m.subject === 'Reset your password');
    const token = /reset-password\/([a-z0-9]+)/.exec(mail.text)![1]!;
    expect(platform.mail.messages().some((m) => m.to.includes(`ghost@${platform.slug}.test`))).toBe(false);
    expect((await anonymous().post('/auth/password-reset/complete', { token, newPassword: 'reset-password-1' })).status).toBe(204);
    expect((await anonymous().post('/auth/password-reset/complete', { token, newPassword: 'reset-password-2' })).status).toBe(400);
    expect((await passwordSignIn(email('lead'), 'reset-password-1')).status).toBe(200);
  });

  it('answers a reset request as fast for an unknown e-mail as for an account', async () => {
    const known = email('closer');
    const unknown = `nobody-${Date.now()}@${platform.slug}.test`;
    const timed = async (address: string) => {
      const started = performance.now();
      expect((await anonymous().post('/auth/password-reset', { email: address })).status).toBe(202);
      return performance.now() - started;
    };
    // Taken in turns, so a slow moment on a busy machine falls on both sides alike.
    const knownTimes: number[] = [];
    const unknownTimes: number[] = [];
    for (let attempt = 0; attempt < 7; attempt++) {
      unknownTimes.push(await timed(unknown));
      knownTimes.push(await timed(known));
    }
    // Sending the e-mail on the answer's path took ~150 ms against ~2 ms; an observer could tell
    // from the delay alone who has an account. The bound is generous for a loaded machine.
    const [knownMedian, unknownMedian] = [median(knownTimes), median(unknownTimes)];
    expect(knownMedian, `known ${knownMedian} ms, unknown ${unknownMedian} ms`).toBeLessThan(unknownMedian * 3 + 25);
    expect(unknownMedian, `known ${knownMedian} ms, unknown ${unknownMedian} ms`).toBeLessThan(knownMedian * 3 + 25);
    // The account still gets every link, just not before the answer.
    await eventually(async () => platform.mail.messages().filter((m) => m.to.includes(known)).length === 7);
    expect(platform.mail.messages().some((m) => m.to.includes(unknown))).toBe(false);
  });
});

describe('administration', () => {
  it('invites a person by e-mail, who sets a password and signs in with the roles given', async () => {
    const admin = await signIn(platform, 'admin');
    const invited = `newcomer@${platform.slug}.test`;
    const invitation = await admin.post('/admin/invitations', {
      email: invited,
      name: 'Nia Newcomer',
      roles: ['staff'],
      managerId: platform.org.people.manager.id,
      departmentId: platform.org.people.employee.departmentId,
    });
    expect(invitation.status).toBe(201);
    const mail = await platform.mail.waitFor((m) => m.to.includes(invited));
    const token = /invitation\/([a-z0-9]+)/.exec(mail.text)![1]!;
    expect((await anonymous().get(`/auth/invitations/${token}`)).body).toMatchObject({ email: invited, name: 'Nia Newcomer' });
    expect((await anonymous().post('/auth/invitations/accept', { token, password: 'short' })).status).toBe(400);
    expect((await anonymous().post('/auth/invitations/accept', { token, password: 'newcomer-password-1' })).status).toBe(201);
    expect((await anonymous().post('/auth/invitations/accept', { token, password: 'newcomer-password-1' })).status).toBe(400);
    const newcomer = await signIn(platform, invited, { password: 'newcomer-password-1' });
    const me = (await newcomer.get('/me')).body.user;
    expect(me).toMatchObject({ name: 'Nia Newcomer', roles: ['staff'], managerId: platform.org.people.manager.id });
    expect((await newcomer.get('/admin/users')).status).toBe(403);
  });

  it('changes roles and reporting lines, refusing loops, unknown roles and grants beyond the admin’s own', async () => {
    const admin = await signIn(platform, 'admin');
    const lead = platform.org.people.lead;
    const manager = platform.org.people.manager;
    expect((await admin.patch(`/admin/users/${manager.id}`, { managerId: lead.id })).status).toBe(422);
    expect((await admin.patch(`/admin/users/${lead.id}`, { roles: ['wizard'] })).status).toBe(422);
    // The demo admin is also super admin; a plain admin holds no payroll rights to hand out.
    await admin.patch(`/admin/users/${platform.org.people.hr.id}`, { roles: ['admin'] });
    const plainAdmin = await signIn(platform, 'hr');
    expect((await plainAdmin.patch(`/admin/users/${lead.id}`, { roles: ['finance'] })).status).toBe(403);
    expect((await plainAdmin.patch(`/admin/users/${platform.org.people.finance.id}`, { name: 'Finn F.' })).status).toBe(200);
    expect((await plainAdmin.patch(`/admin/users/${platform.org.people.finance.id}`, { roles: ['staff'] })).status).toBe(403);
    expect(
      (
        await plainAdmin.post('/admin/roles', {
          key: 'payer',
          name: 'Payer',
          permissions: [{ permission: 'payroll:approve', scope: 'organization' }],
        })
      ).status,
    ).toBe(403);
    await admin.patch(`/admin/users/${platform.org.people.hr.id}`, { roles: ['hr'] });
    const changed = await admin.patch(`/admin/users/${lead.id}`, { roles: ['team_lead', 'qa'], designation: 'Senior lead' });
    expect(changed.body.user).toMatchObject({ roles: ['team_lead', 'qa'], designation: 'Senior lead' });
    const [entry] = await platform.database
      .sql`select detail from audit_log where kind = 'user.updated' and target_id = ${lead.id} order by id desc limit 1`;
    expect(entry!.detail).toMatchObject({ before: { designation: 'Team Lead' }, after: { designation: 'Senior lead' } });
  });

  it('nests departments and refuses a department inside itself', async () => {
    const admin = await signIn(platform, 'admin');
    const parent = (await admin.post('/admin/departments', { name: 'Engineering' })).body.department;
    const child = (await admin.post('/admin/departments', { name: 'Platform team', parentId: parent.id })).body.department;
    expect(child.parentId).toBe(parent.id);
    expect((await admin.patch(`/admin/departments/${parent.id}`, { parentId: child.id })).status).toBe(422);
    expect((await admin.post('/admin/departments', { name: 'Engineering' })).status).toBe(409);
  });

  it('creates a role from the catalogue that inherits another, and never beyond the creator’s grants', async () => {
    const admin = await signIn(platform, 'admin');
    const created = await admin.post('/admin/roles', {
      key: 'auditor',
      name: 'Auditor',
      inherits: 'staff',
      permissions: [{ permission: 'audit:view', scope: 'organization' }],
    });
    expect(created.status).toBe(201);
    const roles = (await admin.get('/admin/roles')).body.roles;
    expect(roles.find((r: { key: string }) => r.key === 'auditor').effective).toEqual(
      expect.arrayContaining([
        { permission: 'audit:view', scope: 'organization' },
        { permission: 'leave:request', scope: 'own' },
      ]),
    );
    expect(
      (await admin.post('/admin/roles', { key: 'odd', name: 'Odd', permissions: [{ permission: 'leave:request', scope: 'organization' }] }))
        .status,
    ).toBe(422);
    expect((await admin.patch('/admin/roles/staff', { name: 'Everyone' })).status).toBe(409);

    await admin.patch(`/admin/users/${platform.org.people['support-manager'].id}`, { roles: ['support_manager', 'auditor'] });
    const auditor = await signIn(platform, 'support-manager');
    const trail = await auditor.get('/admin/audit');
    expect(trail.status).toBe(200);
    // The kind filter offers the platform's kinds and each registered process's.
    expect(trail.body.kinds).toEqual(expect.arrayContaining(['sign_in.failed', 'task.claimed', 'leave.approved']));
    expect((await auditor.get('/admin/users')).status).toBe(403);
  });

  it('shows a department manager their department tree and their reporting line, and nobody else', async () => {
    const director = await signIn(platform, 'director');
    const visible = (await director.get('/admin/users')).body.users.map((u: { email: string }) => u.email);
    expect(visible).toContain(email('hr'));
    // Scopes nest: Eve is in another department but reports (through Mona) to Dana.
    expect(visible).toContain(email('employee'));
    expect(visible).not.toContain(email('client'));
    const manager = await signIn(platform, 'manager');
    const team = (await manager.get('/admin/users')).body.users.map((u: { email: string }) => u.email);
    expect(team).toContain(email('employee'));
    expect(team).not.toContain(email('hr'));
    expect((await manager.get(`/admin/users/${platform.org.people.hr.id}`)).status).toBe(404);
  });
});

describe('another organisation', () => {
  it('sees none of this organisation’s records, and the attempt is audited', async () => {
    const outsider = await startPlatform({ bundle, env: { DATABASE_URL: platform.config.databaseUrl! } });
    try {
      const theirAdmin = await signIn(outsider, 'admin');
      const emails = (await theirAdmin.get('/admin/users')).body.users.map((u: { email: string }) => u.email);
      expect(emails.every((e: string) => e.endsWith(`@${outsider.slug}.test`))).toBe(true);
      const ours = platform.org.people.employee.id;
      expect((await theirAdmin.get(`/admin/users/${ours}`)).status).toBe(404);
      expect((await theirAdmin.patch(`/admin/users/${ours}`, { name: 'Taken over' })).status).toBe(404);
      const [denied] = await platform.database
        .sql`select org_id, actor_id from audit_log where kind = 'access.denied' and target_id = ${ours} order by id desc limit 1`;
      expect(denied).toMatchObject({ org_id: outsider.org.orgId, actor_id: outsider.org.people.admin.id });
      const theirAudit = (await theirAdmin.get('/admin/audit')).body.entries;
      expect(theirAudit.every((e: { actorEmail: string | null }) => !e.actorEmail?.endsWith(`@${platform.slug}.test`))).toBe(true);
    } finally {
      await outsider.stop();
    }
  });
});

describe('the audit trail', () => {
  it('records who did what from where, filters by person, kind and day, and exports CSV', async () => {
    const admin = await signIn(platform, 'admin');
    const byKind = await admin.get('/admin/audit?kind=sign_in.succeeded');
    expect(byKind.body.entries.length).toBeGreaterThan(0);
    expect(byKind.body.entries.every((e: { kind: string }) => e.kind === 'sign_in.succeeded')).toBe(true);
    const byPerson = await admin.get(`/admin/audit?userId=${platform.org.people.admin.id}`);
    expect(byPerson.body.entries.every((e: { actorId: string }) => e.actorId === platform.org.people.admin.id)).toBe(true);
    expect(byPerson.body.entries.map((e: { kind: string }) => e.kind)).toContain('user.updated');
    const past = await admin.get('/admin/audit?to=2020-01-01');
    expect(past.body.entries).toEqual([]);
    const csv = await admin.get('/admin/audit.csv?kind=user.updated');
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.headers.get('content-disposition')).toMatch(/attachment; filename="audit-/);
    const lines = (csv.body as string).trim().split('\r\n');
    expect(lines[0]).toBe('id,at,kind,actorName,actorEmail,ipAddress,targetType,targetId,detail');
    expect(lines.slice(1).every((line) => line.includes('"user.updated"'))).toBe(true);
    expect((await admin.get('/admin/audit?from=yesterday')).status).toBe(400);
  });

  it('refuses a day that is not on the calendar with a 400 naming the filter', async () => {
    const admin = await signIn(platform, 'admin');
    // Month 13 and day 45 used to reach the database as an invalid instant (a 500); 30 February rolled
    // over to 2 March unnoticed; 2027 is not a leap year.
    for (const [query, field] of [
      ['from=2026-13-45', 'from'],
      ['to=2026-02-30', 'to'],
      ['from=2027-02-29', 'from'],
    ] as const) {
      for (const path of ['/admin/audit', '/admin/audit.csv']) {
        const answer = await admin.get(`${path}?${query}`);
        expect({ path, query, status: answer.status }).toEqual({ path, query, status: 400 });
        expect(answer.body.error).toMatchObject({ code: 'invalid_input', details: [{ path: field }] });
      }
    }
    expect((await admin.get('/admin/audit?from=2028-02-29&to=2028-03-01')).status).toBe(200);
  });

  it('cannot be edited or deleted, even by the database owner', async () => {
    await expect(platform.database.sql`update audit_log set kind = 'nothing' where org_id = ${platform.org.orgId}`).rejects.toMatchObject({
      message: 'audit_log is append-only',
    });
    await expect(platform.database.sql`delete from audit_log where org_id = ${platform.org.orgId}`).rejects.toMatchObject({
      message: 'audit_log is append-only',
    });
    await expect(platform.database.sql`truncate audit_log`).rejects.toMatchObject({ message: 'audit_log is append-only' });
  });
});

describe('the edge', () => {
  it('answers with security headers and refuses cross-site posts', async () => {
    const res = await platform.app.request('/api/health');
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    const forged = await platform.app.request('/api/auth/sign-in', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
      body: 'email=a%40b.c&password=x',
    });
    expect(forged.status).toBe(403);
    expect(((await forged.json()) as { error: { code: string } }).error.code).toBe('cross_site_request');
  });
});

function appDeps() {
  return {
    db: platform.database.db,
    temporal: platform.temporal,
    config: platform.config,
    events: { subscribe: () => () => {}, close: async () => {} },
  };
}
