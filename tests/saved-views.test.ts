import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, users } from '../db/schema/index.ts';
import { bundleWorkflows } from '../temporal/worker.ts';
import { signIn, startPlatform, type Platform, type SignedIn } from './harness.ts';

// Saved inbox views on the server: one's own, or shared with one's department; the filters are the
// inbox's own query string, checked as GET /api/tasks reads it.
let bundle: WorkflowBundleWithSourceMap;
let platform: Platform;
let employee: SignedIn;
let colleague: SignedIn;
let closer: SignedIn;

const urgentAnnualLeave = {
  status: 'open',
  caseType: 'leave',
  priority: 'high,urgent',
  'field.leaveTypeName': 'Annual leave',
  sort: 'due',
};

beforeAll(async () => {
  bundle = await bundleWorkflows();
  platform = await startPlatform({ bundle });
  employee = await signIn(platform, 'employee');
  // Carl is in Eve's department (Delivery), Sam is not (Sales).
  colleague = await signIn(platform, 'colleague');
  closer = await signIn(platform, 'closer');
});
afterAll(() => platform?.stop());

const namesOf = async (who: SignedIn) => ((await who.get('/saved-views')).body.views as { name: string }[]).map((v) => v.name);

describe('saved views', () => {
  it('saves, lists, opens, renames, refilters and deletes a private view, keeping its filters in query-string form', async () => {
    const created = await employee.post('/saved-views', { name: 'Urgent annual leave', filters: urgentAnnualLeave });
    expect(created.status).toBe(201);
    const view = created.body.view;
    expect(view).toMatchObject({
      name: 'Urgent annual leave',
      filters: urgentAnnualLeave,
      owner: { id: platform.org.people.employee.id, name: 'Eve Employee' },
      mine: true,
      shared: false,
      sharedWithDepartment: null,
    });
    expect(await namesOf(employee)).toContain('Urgent annual leave');
    expect((await employee.get(`/saved-views/${view.id}`)).body.view.filters).toEqual(urgentAnnualLeave);

    const renamed = await employee.patch(`/saved-views/${view.id}`, {
      name: 'Leave to decide first',
      filters: { sort: 'priority', q: '' },
    });
    expect(renamed.status).toBe(200);
    // An empty value is no filter: it is not kept.
    expect(renamed.body.view).toMatchObject({ name: 'Leave to decide first', filters: { sort: 'priority' } });
    expect(await namesOf(employee)).not.toContain('Urgent annual leave');

    expect((await employee.delete(`/saved-views/${view.id}`)).status).toBe(204);
    expect((await employee.get(`/saved-views/${view.id}`)).status).toBe(404);
    expect(await namesOf(employee)).not.toContain('Leave to decide first');
  });

  it('lists and opens a view shared with a department for a teammate, and answers 404 to someone outside it, audited', async () => {
    const shared = await employee.post('/saved-views', { name: 'Team leave', filters: { caseType: 'leave' }, sharedWithDepartment: true });
    expect(shared.status).toBe(201);
    expect(shared.body.view).toMatchObject({ shared: true, sharedWithDepartment: { name: 'Delivery' } });
    const id = shared.body.view.id;

    const teammateList = (await colleague.get('/saved-views')).body.views;
    expect(teammateList.find((v: { id: string }) => v.id === id)).toMatchObject({
      name: 'Team leave',
      mine: false,
      shared: true,
      owner: { name: 'Eve Employee' },
    });
    const opened = await colleague.get(`/saved-views/${id}`);
    expect(opened.status).toBe(200);
    expect(opened.body.view.filters).toEqual({ caseType: 'leave' });

    expect(await namesOf(closer)).not.toContain('Team leave');
    const refused = await closer.get(`/saved-views/${id}`);
    expect(refused.status).toBe(404);
    expect(refused.body.error.code).toBe('not_found');
    const denials = await platform.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.kind, 'access.denied'), eq(auditLog.targetId, id)));
    expect(denials.map((d) => d.actorId)).toEqual([platform.org.people.closer.id]);

    // Made private again, it leaves the teammate's list.
    expect((await employee.patch(`/saved-views/${id}`, { sharedWithDepartment: false })).body.view.shared).toBe(false);
    expect((await colleague.get(`/saved-views/${id}`)).status).toBe(404);
  });

  it('lets only the owner change or delete a view; a teammate gets 403, an outsider 404, and nothing changes', async () => {
    const { body } = await employee.post('/saved-views', { name: 'Mine to change', filters: {}, sharedWithDepartment: true });
    const id = body.view.id;
    const byTeammate = await colleague.patch(`/saved-views/${id}`, { name: 'Taken over' });
    expect(byTeammate.status).toBe(403);
    expect(byTeammate.body.error.code).toBe('not_owner');
    expect((await colleague.delete(`/saved-views/${id}`)).status).toBe(403);
    expect((await closer.patch(`/saved-views/${id}`, { name: 'Taken over' })).status).toBe(404);
    expect((await closer.delete(`/saved-views/${id}`)).status).toBe(404);
    expect((await employee.get(`/saved-views/${id}`)).body.view.name).toBe('Mine to change');
  });

  it('refuses filters the inbox cannot read with a 400 naming the filter, and saves nothing', async () => {
    const cases: [Record<string, string>, string][] = [
      [{ priority: 'high,whenever' }, 'filters.priority'],
      [{ dueFrom: 'next tuesday' }, 'filters.dueFrom'],
      [{ colour: 'blue' }, 'filters.colour'],
      [{ 'field.not-a-name': 'x' }, 'filters.field.not-a-name'],
      [{ cursor: 'abc' }, 'filters.cursor'],
      [{ limit: '20' }, 'filters.limit'],
    ];
    for (const [filters, path] of cases) {
      const refused = await employee.post('/saved-views', { name: `Bad ${path}`, filters });
      expect({ path, status: refused.status, code: refused.body.error.code }).toEqual({ path, status: 400, code: 'invalid_input' });
      expect(refused.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
    }
    const notStrings = await employee.post('/saved-views', { name: 'Numbers', filters: { limit: 5 } });
    expect(notStrings.status).toBe(400);
    expect((await employee.post('/saved-views', { name: '', filters: {} })).body.error.details[0].path).toBe('name');
    expect((await employee.post('/saved-views', { name: 'x'.repeat(81), filters: {} })).status).toBe(400);
    expect((await namesOf(employee)).filter((n) => n.startsWith('Bad '))).toEqual([]);
    const { body } = await employee.post('/saved-views', { name: 'Good one', filters: {} });
    expect((await employee.patch(`/saved-views/${body.view.id}`, { filters: { overdue: 'maybe' } })).body.error.details[0].path).toBe(
      'filters.overdue',
    );
    expect((await employee.get(`/saved-views/${body.view.id}`)).body.view.filters).toEqual({});
  });

  it('answers 409 to a second view of the same name by the same owner, also when renaming, but not across owners', async () => {
    expect((await employee.post('/saved-views', { name: 'Overdue', filters: { overdue: 'true' } })).status).toBe(201);
    const again = await employee.post('/saved-views', { name: 'Overdue', filters: {} });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'duplicate_name', details: [{ path: 'name' }] });
    const other = await employee.post('/saved-views', { name: 'Overdue soon', filters: {} });
    expect((await employee.patch(`/saved-views/${other.body.view.id}`, { name: 'Overdue' })).status).toBe(409);
    expect((await colleague.post('/saved-views', { name: 'Overdue', filters: {} })).status).toBe(201);
  });

  it('refuses to share the view of someone in no department with 422, and saves nothing', async () => {
    await platform.database.db.update(users).set({ departmentId: null }).where(eq(users.id, platform.org.people.agent.id));
    const agent = await signIn(platform, 'agent');
    const refused = await agent.post('/saved-views', { name: 'For my team', filters: {}, sharedWithDepartment: true });
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({ code: 'no_department', details: [{ path: 'sharedWithDepartment' }] });
    expect(await namesOf(agent)).toEqual([]);
    expect((await agent.post('/saved-views', { name: 'For me', filters: {} })).status).toBe(201);
  });
});
