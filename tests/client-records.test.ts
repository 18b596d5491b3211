import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCalendarDays } from '../domain/calendar.ts';
import { bundleWorkflows } from '../temporal/worker.ts';
import { auditEntries, insertClient, insertEngagement, insertOtherOrganisation } from './client-fixtures.ts';
import { signIn, startPlatform, type Platform, type SignedIn } from './harness.ts';

// Client records through the real API on the real PostgreSQL: the list (search, filters, a keyset
// cursor across pages), the CSV export, and every write (audited, once however often it is posted).

let platform: Platform;
let agent: SignedIn, supportAgent: SignedIn, qa: SignedIn, employee: SignedIn;

beforeAll(async () => {
  platform = await startPlatform({ bundle: await bundleWorkflows() });
  agent = await signIn(platform, 'agent');
  supportAgent = await signIn(platform, 'support-agent');
  qa = await signIn(platform, 'qa');
  employee = await signIn(platform, 'employee');
});
afterAll(() => platform?.stop());

interface ListedClient {
  id: string;
  name: string;
  tags: string[];
  contacts: { name: string; email: string | null }[];
  openEngagements: number;
  nextFollowUpOn: string | null;
  followUpDue: boolean;
}

const namesOf = async (query: string) => ((await agent.get(`/clients?${query}`)).body.clients as ListedClient[]).map((c) => c.name);

describe('the clients list', () => {
  it('walks 60 clients 25 at a time with a cursor: each once, in name order, nothing cut off', async () => {
    const names = Array.from({ length: 60 }, (_, i) => `Paging ${String(i + 1).padStart(2, '0')}`);
    // Inserted out of order, two with the same name: the cursor breaks the tie by id.
    for (const name of [...names].reverse()) await insertClient(platform, { name, tags: ['paging'] });
    await insertClient(platform, { name: 'Paging 30', tags: ['paging'] });

    const seen: string[] = [];
    const ids = new Set<string>();
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = `tag=paging&limit=25${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const { status, body } = await agent.get(`/clients?${query}`);
      expect(status, JSON.stringify(body)).toBe(200);
      for (const client of body.clients as ListedClient[]) {
        seen.push(client.name);
        ids.add(client.id);
      }
      cursor = body.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(ids.size).toBe(61);
    expect(seen).toEqual([...names.slice(0, 30), 'Paging 30', ...names.slice(30)]);
    // The default page is 50, and says there is more.
    const first = await agent.get('/clients?tag=paging');
    expect(first.body.clients).toHaveLength(50);
    expect(first.body.nextCursor).toEqual(expect.any(String));
  });

  it('finds clients by name, contact name, contact e-mail and tag, each word anywhere', async () => {
    await insertClient(platform, {
      name: 'Bäckerei Sonnenschein',
      tags: ['bakery', 'vip'],
      contacts: [{ name: 'Greta Korn', email: 'greta@sonnenschein.example' }],
    });
    await insertClient(platform, { name: 'Hardware 100%', contacts: [{ name: 'Hal Hammer', email: 'hal@tools.example' }] });
    expect(await namesOf('q=sonnen')).toEqual(['Bäckerei Sonnenschein']);
    expect(await namesOf('q=GRETA')).toEqual(['Bäckerei Sonnenschein']);
    expect(await namesOf('q=tools.example')).toEqual(['Hardware 100%']);
    expect(await namesOf('q=vip')).toEqual(['Bäckerei Sonnenschein']);
    expect(await namesOf('q=korn%20bakery')).toEqual(['Bäckerei Sonnenschein']);
    expect(await namesOf('q=korn%20hammer')).toEqual([]);
    // LIKE's wildcards are searched as themselves.
    expect(await namesOf('q=100%25')).toEqual(['Hardware 100%']);
    expect(await namesOf('q=%25%25%25')).toEqual([]);
  });

  it('filters by tag, by an engagement under way, and by a follow-up that is due', async () => {
    const busy = await insertClient(platform, { name: 'Filter Busy', tags: ['filters'] });
    const done = await insertClient(platform, { name: 'Filter Done', tags: ['filters'] });
    const due = await insertClient(platform, { name: 'Filter Due', tags: ['filters'] });
    await insertEngagement(platform, busy, 'open');
    await insertEngagement(platform, done, 'delivered');
    const schedule = (clientId: string, dueOn: string) =>
      supportAgent.post(`/clients/${clientId}/follow-ups`, { id: randomUUID(), dueOn, subject: 'Call back' });
    expect((await schedule(due, platform.today)).status).toBe(201);
    expect((await schedule(busy, addCalendarDays(platform.today, 7))).status).toBe(201);

    expect(await namesOf('tag=filters')).toEqual(['Filter Busy', 'Filter Done', 'Filter Due']);
    expect(await namesOf('tag=filters&openEngagement=true')).toEqual(['Filter Busy']);
    expect(await namesOf('tag=filters&openEngagement=false')).toEqual(['Filter Done', 'Filter Due']);
    expect(await namesOf('tag=filters&followUpDue=true')).toEqual(['Filter Due']);
    const listed = (await agent.get('/clients?tag=filters')).body.clients as ListedClient[];
    expect(listed.map((c) => [c.name, c.openEngagements, c.nextFollowUpOn, c.followUpDue])).toEqual([
      ['Filter Busy', 1, addCalendarDays(platform.today, 7), false],
      ['Filter Done', 0, null, false],
      ['Filter Due', 0, platform.today, true],
    ]);
  });

  it('refuses a forged cursor and an unknown filter with 400 naming them; the list needs engagements:view', async () => {
    const forged = await agent.get(`/clients?cursor=${Buffer.from('["x","not-an-id"]').toString('base64url')}`);
    expect(forged).toMatchObject({ status: 400, body: { error: { code: 'invalid_input', details: [{ path: 'cursor' }] } } });
    expect((await agent.get('/clients?cursor=%%%')).status).toBe(400);
    const unknown = await agent.get('/clients?colour=red');
    expect(unknown).toMatchObject({ status: 400, body: { error: { code: 'invalid_input' } } });
    expect((await agent.get('/clients?openEngagement=maybe')).body.error.details).toEqual([
      { path: 'openEngagement', message: expect.any(String) },
    ]);
    expect((await qa.get('/clients')).status).toBe(200);
    expect((await employee.get('/clients')).status).toBe(403);
  });
});

describe('the CSV export', () => {
  it('quotes every cell and neutralises what a spreadsheet would run as a formula; the export is audited', async () => {
    await insertClient(platform, {
      name: '=HYPERLINK("http://evil.example","Click")',
      tags: ['csv'],
      contacts: [{ name: '@admin', email: 'x@evil.example' }],
    });
    await insertClient(platform, { name: 'Plain, "Quoted" Ltd', tags: ['csv', '-minus'], contacts: [{ name: '+49 Caller' }] });
    const res = await platform.app.request('/api/clients.csv?tag=csv', { headers: { cookie: agent.cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="clients-${platform.today}.csv"`);
    const lines = (await res.text()).split('\r\n');
    expect(lines[0]).toBe('name,tags,contacts,openEngagements,nextFollowUpOn,createdAt');
    expect(lines[1]).toMatch(/^"'=HYPERLINK\(""http:\/\/evil\.example"",""Click""\)","csv","'@admin <x@evil\.example>","0","",/);
    expect(lines[2]).toMatch(/^"Plain, ""Quoted"" Ltd","csv; -minus","'\+49 Caller","0","",/);
    expect(lines.slice(3)).toEqual(['']);
    const [audit] = await auditEntries(platform, 'clients.exported', platform.org.orgId);
    expect(audit).toMatchObject({ actor_id: platform.org.people.agent.id, detail: { rows: 2, filters: { tag: 'csv' } } });
    expect((await employee.get('/clients.csv')).status).toBe(403);
  });

  it('exports every matching client, past one page of the list', async () => {
    for (let i = 0; i < 120; i++) await insertClient(platform, { name: `Export ${String(i).padStart(3, '0')}`, tags: ['export-all'] });
    const res = await platform.app.request('/api/clients.csv?tag=export-all', { headers: { cookie: agent.cookie } });
    const rows = (await res.text()).trimEnd().split('\r\n').slice(1);
    expect(rows).toHaveLength(120);
    expect(rows.at(-1)).toMatch(/^"Export 119"/);
  });
});

describe('a client’s page', () => {
  it('adds a note once however often it is posted, with one audit entry; readers may not write', async () => {
    const clientId = await insertClient(platform, { name: 'Notes Ltd' });
    const note = { id: randomUUID(), body: 'Prefers calls in the morning.' };
    expect((await agent.post(`/clients/${clientId}/notes`, note)).status).toBe(201);
    const again = await agent.post(`/clients/${clientId}/notes`, note);
    expect(again).toMatchObject({ status: 200, body: { note: { id: note.id, body: note.body } } });
    const detail = (await qa.get(`/clients/${clientId}`)).body;
    expect(detail.notes).toEqual([
      { id: note.id, body: note.body, authorName: platform.org.people.agent.name, createdAt: expect.any(String) },
    ]);
    expect(await auditEntries(platform, 'client.note_added', clientId)).toEqual([
      { actor_id: platform.org.people.agent.id, detail: { noteId: note.id } },
    ]);
    // The same id on another client is a conflict, not a second note; an empty note is refused.
    const other = await insertClient(platform, { name: 'Other Notes Ltd' });
    expect((await agent.post(`/clients/${other}/notes`, note)).status).toBe(409);
    expect((await agent.post(`/clients/${clientId}/notes`, { id: randomUUID(), body: '  ' })).body.error.details).toEqual([
      { path: 'body', message: 'write the note' },
    ]);
    expect((await qa.post(`/clients/${clientId}/notes`, { id: randomUUID(), body: 'QA was here' })).status).toBe(403);
  });

  it('records a call, a meeting and an e-mail with their day, outcome and contact, once each', async () => {
    const clientId = await insertClient(platform, {
      name: 'Interactions Ltd',
      contacts: [{ name: 'Ivy Inter', email: 'ivy@inter.example' }],
    });
    const { contacts } = (await agent.get(`/clients/${clientId}`)).body;
    const call = {
      id: randomUUID(),
      kind: 'call',
      occurredOn: platform.today,
      outcome: 'Wants a quote for SEO',
      contactId: contacts[0].id,
    };
    expect((await agent.post(`/clients/${clientId}/interactions`, call)).status).toBe(201);
    expect((await agent.post(`/clients/${clientId}/interactions`, call)).status).toBe(200);
    const meeting = {
      id: randomUUID(),
      kind: 'meeting',
      occurredOn: addCalendarDays(platform.today, -3),
      outcome: 'Kick-off',
      note: 'Brought the brand guide',
    };
    expect((await supportAgent.post(`/clients/${clientId}/interactions`, meeting)).status).toBe(201);
    const email = { id: randomUUID(), kind: 'email', occurredOn: addCalendarDays(platform.today, -5), outcome: 'Sent the brief' };
    expect((await agent.post(`/clients/${clientId}/interactions`, email)).status).toBe(201);
    const bad = await agent.post(`/clients/${clientId}/interactions`, {
      id: randomUUID(),
      kind: 'fax',
      occurredOn: '2027-02-30',
      outcome: '',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['kind', 'occurredOn', 'outcome']);
    const strangers = await agent.post(`/clients/${clientId}/interactions`, { ...call, id: randomUUID(), contactId: randomUUID() });
    expect(strangers).toMatchObject({ status: 422, body: { error: { details: [{ path: 'contactId' }] } } });

    const { interactions } = (await agent.get(`/clients/${clientId}`)).body;
    expect(interactions).toMatchObject([
      {
        id: call.id,
        kind: 'call',
        occurredOn: platform.today,
        outcome: call.outcome,
        contactName: 'Ivy Inter',
        recordedByName: platform.org.people.agent.name,
      },
      {
        id: meeting.id,
        kind: 'meeting',
        note: 'Brought the brand guide',
        contactName: null,
        recordedByName: platform.org.people['support-agent'].name,
      },
      { id: email.id, kind: 'email', outcome: 'Sent the brief', note: null },
    ]);
    const audit = await auditEntries(platform, 'client.interaction_recorded', clientId);
    expect(audit.map((a) => a.detail)).toEqual([
      { interactionId: call.id, kind: 'call', occurredOn: platform.today },
      { interactionId: meeting.id, kind: 'meeting', occurredOn: meeting.occurredOn },
      { interactionId: email.id, kind: 'email', occurredOn: email.occurredOn },
    ]);
  });

  it('schedules follow-ups for an owner who sees clients, and marks one done once', async () => {
    const clientId = await insertClient(platform, { name: 'Follow Ups Ltd' });
    const followUp = {
      id: randomUUID(),
      dueOn: platform.workingDayAhead(5),
      subject: 'Offer maintenance',
      ownerId: platform.org.people.qa.id,
    };
    expect((await agent.post(`/clients/${clientId}/follow-ups`, followUp)).status).toBe(201);
    expect((await agent.post(`/clients/${clientId}/follow-ups`, followUp)).status).toBe(200);
    // Nobody outside client records owns one: Eve does not see clients.
    const eve = await agent.post(`/clients/${clientId}/follow-ups`, {
      ...followUp,
      id: randomUUID(),
      ownerId: platform.org.people.employee.id,
    });
    expect(eve).toMatchObject({ status: 422, body: { error: { details: [{ path: 'ownerId' }] } } });
    const mine = { id: randomUUID(), dueOn: platform.today, subject: 'Send the invoice' };
    expect((await agent.post(`/clients/${clientId}/follow-ups`, mine)).body.followUp.ownerId).toBe(platform.org.people.agent.id);

    let detail = (await agent.get(`/clients/${clientId}`)).body;
    expect(detail.followUps.map((f: { subject: string; due: boolean; ownerName: string }) => [f.subject, f.due, f.ownerName])).toEqual([
      ['Send the invoice', true, platform.org.people.agent.name],
      ['Offer maintenance', false, platform.org.people.qa.name],
    ]);
    expect(detail.followUpOwners.map((p: { id: string }) => p.id)).toContain(platform.org.people.qa.id);
    expect(detail.followUpOwners.map((p: { id: string }) => p.id)).not.toContain(platform.org.people.employee.id);

    const done = await agent.post(`/clients/${clientId}/follow-ups/${mine.id}/done`, {});
    expect(done.status).toBe(200);
    expect((await agent.post(`/clients/${clientId}/follow-ups/${mine.id}/done`, {})).body.followUp.doneAt).toBe(done.body.followUp.doneAt);
    expect((await agent.post(`/clients/${clientId}/follow-ups/${randomUUID()}/done`, {})).status).toBe(404);
    detail = (await agent.get(`/clients/${clientId}`)).body;
    expect(detail.followUps.map((f: { subject: string }) => f.subject)).toEqual(['Offer maintenance', 'Send the invoice']);
    expect((await auditEntries(platform, 'client.follow_up_scheduled', clientId)).map((a) => a.detail!.followUpId)).toEqual([
      followUp.id,
      mine.id,
    ]);
    expect(await auditEntries(platform, 'client.follow_up_done', clientId)).toEqual([
      { actor_id: platform.org.people.agent.id, detail: { followUpId: mine.id } },
    ]);
  });

  it('adds and edits contacts (one e-mail per client), and adds and removes tags, each change audited once', async () => {
    const clientId = await insertClient(platform, {
      name: 'Contacts Ltd',
      contacts: [{ name: 'First Contact', email: 'first@contacts.example' }],
    });
    const contact = { id: randomUUID(), name: 'Second Contact', email: 'Second@Contacts.example', phone: '+49 (30) 1234-5678' };
    const added = await agent.post(`/clients/${clientId}/contacts`, contact);
    expect(added).toMatchObject({
      status: 201,
      body: { contact: { email: 'second@contacts.example', phone: '+493012345678', portalAccess: false } },
    });
    expect((await agent.post(`/clients/${clientId}/contacts`, contact)).status).toBe(200);
    const clash = await agent.post(`/clients/${clientId}/contacts`, { id: randomUUID(), name: 'Copy', email: 'first@contacts.example' });
    expect(clash).toMatchObject({ status: 409, body: { error: { code: 'contact_email_taken', details: [{ path: 'email' }] } } });
    const edited = await agent.put(`/clients/${clientId}/contacts/${contact.id}`, {
      name: 'Second Person',
      email: 'second@contacts.example',
      phone: null,
    });
    expect(edited.body.contact).toMatchObject({ name: 'Second Person', phone: null });
    expect((await agent.put(`/clients/${clientId}/contacts/${contact.id}`, { name: 'Copy', email: 'first@contacts.example' })).status).toBe(
      409,
    );
    expect((await agent.put(`/clients/${clientId}/contacts/${randomUUID()}`, { name: 'Nobody' })).status).toBe(404);
    const [change] = await auditEntries(platform, 'client.contact_updated', clientId);
    expect(change!.detail).toEqual({
      contactId: contact.id,
      before: { name: 'Second Contact', email: 'second@contacts.example', phone: '+493012345678' },
      after: { name: 'Second Person', email: 'second@contacts.example', phone: null },
    });
    expect(await auditEntries(platform, 'client.contact_added', clientId)).toHaveLength(1);

    expect((await agent.post(`/clients/${clientId}/tags`, { tag: ' Retainer ' })).body.tags).toEqual(['retainer']);
    expect((await agent.post(`/clients/${clientId}/tags`, { tag: 'retainer' })).body.tags).toEqual(['retainer']);
    expect((await agent.post(`/clients/${clientId}/tags`, { tag: 'web & seo' })).body.tags).toEqual(['retainer', 'web & seo']);
    expect((await agent.post(`/clients/${clientId}/tags`, { tag: '<b>' })).status).toBe(400);
    expect((await agent.delete(`/clients/${clientId}/tags/${encodeURIComponent('web & seo')}`)).body.tags).toEqual(['retainer']);
    expect((await agent.delete(`/clients/${clientId}/tags/${encodeURIComponent('web & seo')}`)).body.tags).toEqual(['retainer']);
    expect((await auditEntries(platform, 'client.tag_added', clientId)).map((a) => a.detail)).toEqual([
      { tag: 'retainer' },
      { tag: 'web & seo' },
    ]);
    expect(await auditEntries(platform, 'client.tag_removed', clientId)).toHaveLength(1);
  });

  it('shows the client’s engagements, and answers 404 (audited) for another organisation’s client', async () => {
    const clientId = await insertClient(platform, { name: 'Engaged Ltd' });
    const engagementId = await insertEngagement(platform, clientId, 'open');
    expect((await agent.get(`/clients/${clientId}`)).body.engagements).toEqual([
      expect.objectContaining({ id: engagementId, status: 'open', stage: 'execution' }),
    ]);
    const elsewhere = await insertClient(platform, { name: 'Foreign Ltd', orgId: await insertOtherOrganisation(platform) });
    expect((await agent.get(`/clients/${elsewhere}`)).status).toBe(404);
    expect((await agent.post(`/clients/${elsewhere}/notes`, { id: randomUUID(), body: 'Hello' })).status).toBe(404);
    expect(await auditEntries(platform, 'access.denied', elsewhere)).toHaveLength(2);
    expect(await namesOf('q=foreign')).toEqual([]);
  });
});
