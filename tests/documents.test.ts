import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleWorkflows } from '../temporal/worker.ts';
import { auditEntries, insertClient, insertEngagement } from './client-fixtures.ts';
import { signIn, startPlatform, type ApiCall, type Platform, type SignedIn } from './harness.ts';
import { officeFile } from './office-files.ts';

// Documents of leads, clients and engagements through the real API on the real PostgreSQL: versions
// kept, types told from the bytes, the file size limit, staff and portal access, and the audit trail.

// Above the API's 1 MiB JSON limit: the upload routes must read files up to this, not that.
const fileLimit = 2 * 1024 * 1024;
let platform: Platform;
let agent: SignedIn, qa: SignedIn, employee: SignedIn, client: SignedIn;
let ownClient: string, ownEngagement: string, otherEngagement: string;

beforeAll(async () => {
  platform = await startPlatform({ bundle: await bundleWorkflows(), env: { ATTACHMENT_MAX_BYTES: String(fileLimit) } });
  agent = await signIn(platform, 'agent');
  qa = await signIn(platform, 'qa');
  employee = await signIn(platform, 'employee');
  client = await signIn(platform, 'client');
  // Cleo signs in to the portal as a contact of her company; the other company is someone else's.
  ownClient = await insertClient(platform, {
    name: 'Cleo’s Company',
    contacts: [{ name: 'Cleo Client', userId: platform.org.people.client.id }],
  });
  ownEngagement = await insertEngagement(platform, ownClient, 'open');
  otherEngagement = await insertEngagement(platform, await insertClient(platform, { name: 'Someone Else Ltd' }), 'open');
});
afterAll(() => platform?.stop());

const pdf = (text: string) => new TextEncoder().encode(`%PDF-1.4\n% ${text}\ntrailer << /Root 1 0 R >>\n%%EOF\n`);

async function send(who: SignedIn, path: string, fileName: string, content: Uint8Array): Promise<ApiCall> {
  const res = await platform.app.request(`/api${path}`, {
    method: 'POST',
    headers: { cookie: who.cookie, 'content-type': 'application/octet-stream', 'x-file-name': encodeURIComponent(fileName) },
    body: content,
  });
  return { status: res.status, body: await res.json(), headers: res.headers };
}

const uploadNew = (who: SignedIn, owner: { type: string; id: string }, documentId: string, fileName: string, content: Uint8Array) =>
  send(who, `/documents?ownerType=${owner.type}&ownerId=${owner.id}&documentId=${documentId}`, fileName, content);
const uploadVersion = (who: SignedIn, documentId: string, versionId: string, fileName: string, content: Uint8Array) =>
  send(who, `/documents/${documentId}/versions?versionId=${versionId}`, fileName, content);

async function download(who: SignedIn, path: string) {
  const res = await platform.app.request(`/api${path}`, { headers: { cookie: who.cookie } });
  return { status: res.status, headers: res.headers, bytes: new Uint8Array(await res.arrayBuffer()) };
}

const engagementOwner = () => ({ type: 'engagement', id: ownEngagement });
const docx = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

describe('a document’s versions', () => {
  it('keeps v1 and v2 (each upload of the same document a new version), each downloaded as it was uploaded', async () => {
    const documentId = randomUUID();
    const v1 = pdf('first draft');
    const created = await uploadNew(agent, engagementOwner(), documentId, 'Contract.pdf', v1);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.document).toMatchObject({ id: documentId, name: 'Contract.pdf', ownerType: 'engagement', sharedWithClient: false });
    // A double click on the first upload makes no second document and no second version.
    expect((await uploadNew(agent, engagementOwner(), documentId, 'Contract.pdf', v1)).status).toBe(200);

    const versionId = randomUUID();
    const v2 = officeFile('docx', 'Signed');
    const second = await uploadVersion(agent, documentId, versionId, 'Contract signed.docx', v2);
    expect(second.status, JSON.stringify(second.body)).toBe(201);
    expect(second.body.version).toBe(2);
    expect((await uploadVersion(agent, documentId, versionId, 'Contract signed.docx', v2)).body.version).toBe(2);
    const versions = second.body.document.versions as { version: number; fileName: string; contentType: string; size: number }[];
    expect(versions.map((v) => [v.version, v.fileName, v.contentType, v.size])).toEqual([
      [2, 'Contract signed.docx', docx, v2.length],
      [1, 'Contract.pdf', 'application/pdf', v1.length],
    ]);

    const first = await download(qa, `/documents/${documentId}/versions/1`);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('application/pdf');
    expect(first.headers.get('content-disposition')).toBe(`attachment; filename="Contract.pdf"; filename*=UTF-8''Contract.pdf`);
    expect(first.headers.get('x-content-type-options')).toBe('nosniff');
    expect(first.bytes).toEqual(v1);
    const latest = await download(agent, `/documents/${documentId}/versions/2`);
    expect(latest.headers.get('content-type')).toBe(docx);
    expect(latest.bytes).toEqual(v2);
    expect((await download(agent, `/documents/${documentId}/versions/3`)).status).toBe(404);

    const audit = await auditEntries(platform, 'document.downloaded', documentId);
    expect(audit).toEqual([
      { actor_id: platform.org.people.qa.id, detail: { version: 1, via: 'staff' } },
      { actor_id: platform.org.people.agent.id, detail: { version: 2, via: 'staff' } },
    ]);
    expect((await auditEntries(platform, 'document.uploaded', documentId)).map((a) => a.detail!.version)).toEqual([1]);
    expect((await auditEntries(platform, 'document.version_uploaded', documentId)).map((a) => a.detail!.version)).toEqual([2]);
    // Old versions are kept: the database refuses to change or remove one.
    await expect(platform.database.sql`update document_versions set size = 0 where document_id = ${documentId}`).rejects.toThrow(
      /append-only/,
    );
    await expect(platform.database.sql`delete from document_versions where document_id = ${documentId}`).rejects.toThrow(/append-only/);
  });

  it('refuses a fake PDF with 415 naming what it is, and stores nothing', async () => {
    const documentId = randomUUID();
    const executable = new Uint8Array([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00]);
    const refused = await uploadNew(agent, engagementOwner(), documentId, 'invoice.pdf', executable);
    expect(refused).toMatchObject({
      status: 415,
      body: { error: { code: 'unsupported_file_type', details: { detected: expect.stringContaining('Windows executable') } } },
    });
    expect(refused.body.error.message).toContain('only PDF, PNG, JPEG, plain text, Word document (DOCX) and Excel workbook (XLSX)');
    const zip = await uploadNew(agent, engagementOwner(), documentId, 'report.xlsx', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]));
    expect(zip).toMatchObject({ status: 415, body: { error: { details: { detected: expect.stringContaining('ZIP archive') } } } });
    expect((await uploadNew(agent, engagementOwner(), documentId, 'empty.pdf', new Uint8Array())).body.error.code).toBe('empty_file');
    const rows = await platform.database.sql`select id from documents where id = ${documentId}`;
    expect(rows).toHaveLength(0);
  });

  it('takes a file up to ATTACHMENT_MAX_BYTES (more than the JSON limit) and refuses a larger one with 413', async () => {
    const big = new Uint8Array(fileLimit + 1).fill(0x61);
    const documentId = randomUUID();
    expect(await uploadNew(agent, engagementOwner(), documentId, 'big.txt', big)).toMatchObject({
      status: 413,
      body: { error: { code: 'payload_too_large' } },
    });
    expect((await uploadNew(agent, engagementOwner(), documentId, 'big.txt', big.subarray(1))).status).toBe(201);
    expect((await uploadVersion(agent, documentId, randomUUID(), 'big.txt', big)).status).toBe(413);
    const stored = await platform.database.sql<
      { version: number }[]
    >`select version from document_versions where document_id = ${documentId}`;
    expect(stored).toEqual([{ version: 1 }]);
  });

  it('lets readers download but not upload; needs a name, a known owner and a page-made id', async () => {
    expect((await uploadNew(qa, engagementOwner(), randomUUID(), 'notes.txt', new TextEncoder().encode('QA notes'))).status).toBe(403);
    expect((await employee.get(`/documents?ownerType=engagement&ownerId=${ownEngagement}`)).status).toBe(403);
    const stranger = await uploadNew(agent, { type: 'engagement', id: randomUUID() }, randomUUID(), 'x.txt', new TextEncoder().encode('x'));
    expect(stranger.status).toBe(404);
    const unnamed = await platform.app.request(`/api/documents?ownerType=client&ownerId=${ownClient}&documentId=${randomUUID()}`, {
      method: 'POST',
      headers: { cookie: agent.cookie, 'content-type': 'application/octet-stream' },
      body: pdf('no name'),
    });
    expect(unnamed.status).toBe(400);
    expect((await send(agent, `/documents?ownerType=client&ownerId=${ownClient}`, 'a.pdf', pdf('no id'))).body.error.details).toEqual([
      { path: 'documentId', message: expect.any(String) },
    ]);
  });
});

describe('documents in the portal', () => {
  it('a client downloads a shared document of their own engagement; an unshared one and another client’s are 404; every download is audited', async () => {
    const shared = randomUUID();
    const unshared = randomUUID();
    const foreign = randomUUID();
    const ofTheClient = randomUUID();
    expect(
      (await uploadNew(agent, engagementOwner(), shared, 'Design.png', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1])))
        .status,
    ).toBe(201);
    expect((await uploadNew(agent, engagementOwner(), unshared, 'Internal.txt', new TextEncoder().encode('Margin 40 %'))).status).toBe(201);
    expect((await uploadNew(agent, { type: 'engagement', id: otherEngagement }, foreign, 'Theirs.pdf', pdf('theirs'))).status).toBe(201);
    expect((await uploadNew(agent, { type: 'client', id: ownClient }, ofTheClient, 'Terms.pdf', pdf('terms'))).status).toBe(201);
    for (const id of [shared, foreign, ofTheClient]) {
      const answer = await agent.put(`/documents/${id}/sharing`, { sharedWithClient: true });
      expect(answer.body.document.sharedWithClient).toBe(true);
    }
    // Sharing twice records one change; QA reads documents but does not decide what the client sees.
    expect((await agent.put(`/documents/${shared}/sharing`, { sharedWithClient: true })).status).toBe(200);
    expect(await auditEntries(platform, 'document.shared', shared)).toHaveLength(1);
    expect((await qa.put(`/documents/${unshared}/sharing`, { sharedWithClient: true })).status).toBe(403);

    const listed = await client.get(`/portal/documents?engagementId=${ownEngagement}`);
    expect(listed.status).toBe(200);
    expect(listed.body.documents.map((d: { id: string }) => d.id)).toEqual([shared]);
    const all = await client.get('/portal/documents');
    expect(all.body.documents.map((d: { name: string }) => d.name)).toEqual(['Design.png', 'Terms.pdf']);
    expect(JSON.stringify(all.body)).not.toContain('uploadedByName');
    expect((await client.get(`/portal/documents?engagementId=${otherEngagement}`)).body.documents).toEqual([]);

    expect((await download(client, `/portal/documents/${shared}/versions/1`)).status).toBe(200);
    expect((await download(client, `/portal/documents/${ofTheClient}/versions/1`)).status).toBe(200);
    expect((await download(client, `/portal/documents/${unshared}/versions/1`)).status).toBe(404);
    expect((await download(client, `/portal/documents/${foreign}/versions/1`)).status).toBe(404);
    // The staff routes are not the client's, whatever they know of an id.
    expect((await download(client, `/documents/${shared}/versions/1`)).status).toBe(403);

    expect(await auditEntries(platform, 'document.downloaded', shared)).toEqual([
      { actor_id: platform.org.people.client.id, detail: { version: 1, via: 'portal' } },
    ]);
    expect(await auditEntries(platform, 'document.downloaded', ofTheClient)).toHaveLength(1);
    expect(await auditEntries(platform, 'document.downloaded', unshared)).toEqual([]);
    expect(await auditEntries(platform, 'access.denied', unshared)).toEqual([{ actor_id: platform.org.people.client.id, detail: null }]);
    expect(await auditEntries(platform, 'access.denied', foreign)).toHaveLength(1);

    // Unsharing takes it out of the portal at once.
    await agent.put(`/documents/${shared}/sharing`, { sharedWithClient: false });
    expect((await download(client, `/portal/documents/${shared}/versions/1`)).status).toBe(404);
    expect(await auditEntries(platform, 'document.unshared', shared)).toHaveLength(1);
  });

  it('gathers a client’s documents with its lead’s and its engagements’ for its page; a lead’s cannot be shared', async () => {
    const [row] = await platform.database.sql<{ from_lead_id: string }[]>`select from_lead_id from clients where id = ${ownClient}`;
    const leadDocument = randomUUID();
    expect(
      (await uploadNew(agent, { type: 'lead', id: row!.from_lead_id }, leadDocument, 'Brief.txt', new TextEncoder().encode('Five pages')))
        .status,
    ).toBe(201);
    const refused = await agent.put(`/documents/${leadDocument}/sharing`, { sharedWithClient: true });
    expect(refused).toMatchObject({ status: 422, body: { error: { code: 'not_shareable' } } });
    const { body } = await qa.get(`/documents?ownerType=client&ownerId=${ownClient}`);
    const owners = new Set((body.documents as { ownerType: string }[]).map((d) => d.ownerType));
    expect(owners).toEqual(new Set(['client', 'lead', 'engagement']));
    const ofEngagement = (await qa.get(`/documents?ownerType=engagement&ownerId=${ownEngagement}`)).body.documents as {
      ownerType: string;
    }[];
    expect(new Set(ofEngagement.map((d) => d.ownerType))).toEqual(new Set(['engagement']));
    expect((await qa.get(`/documents?ownerType=client&ownerId=${randomUUID()}`)).status).toBe(404);
  });
});
