import { Client } from '@temporalio/client';
import { METADATA_ENCODING_KEY, type Payload } from '@temporalio/common';
import proto, { type temporal as protocol } from '@temporalio/proto';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseSearchAttributes } from '../temporal/search-attributes.ts';
import { encryptedEncoding, parsePayloadKeys, payloadDataConverter, PayloadEncryptionCodec } from '../temporal/payload-codec.ts';
import { bundleWorkflows } from '../temporal/worker.ts';
import { eventually, signIn, startPlatform, testPayloadKeys, testPayloadKeySet, type Platform, type SignedIn } from './harness.ts';

const { temporal } = proto;

// What the Temporal server keeps of a leave request: read with a client that has no codec, the raw
// history holds no e-mail address, name or free text; with the codec it all reads back. And the
// codec endpoint the Web UI calls decodes only for operators.

const webUiOrigin = 'http://localhost:8233';
let platform: Platform;
let employee: SignedIn;
let manager: SignedIn;

type History = protocol.api.history.v1.IHistory;

beforeAll(async () => {
  const bundle: WorkflowBundleWithSourceMap = await bundleWorkflows();
  platform = await startPlatform({ bundle, env: { TEMPORAL_UI_ORIGINS: `${webUiOrigin},http://127.0.0.1:8233` } });
  employee = await signIn(platform, 'employee');
  manager = await signIn(platform, 'manager');
});
afterAll(() => platform?.stop());

/** The history as the server stores it: no data converter is involved in this call. */
async function rawHistory(workflowId: string): Promise<History> {
  const events: protocol.api.history.v1.IHistoryEvent[] = [];
  let nextPageToken: Uint8Array | undefined;
  do {
    const page = await platform.temporal.connection.workflowService.getWorkflowExecutionHistory({
      namespace: platform.config.temporal.namespace,
      execution: { workflowId },
      nextPageToken,
    });
    events.push(...(page.history?.events ?? []));
    nextPageToken = page.nextPageToken?.length ? page.nextPageToken : undefined;
  } while (nextPageToken);
  return { events };
}

/** Every payload in the history, with where it sits. */
function payloadsOf(value: unknown, path = ''): { path: string; payload: Payload }[] {
  if (typeof value !== 'object' || value === null || value instanceof Uint8Array) return [];
  if ('metadata' in value && 'data' in value) return [{ path, payload: value as Payload }];
  return Object.entries(value).flatMap(([key, inner]) => payloadsOf(inner, `${path}.${key}`));
}

const text = (bytes: Uint8Array | null | undefined) => Buffer.from(bytes ?? []).toString('utf8');

async function leaveThatWasApprovedThenCancelled(secrets: { reason: string; comment: string; cancelReason: string }) {
  return platform.withWorker(async () => {
    const day = platform.workingDayAhead(60);
    const form = { leaveTypeCode: 'sick', startDate: day, endDate: day, startHalfDay: false, endHalfDay: false, reason: secrets.reason };
    const submitted = await employee.post('/leave-requests', form);
    expect(submitted.status).toBe(201);
    const requestId: string = submitted.body.leaveRequest.id;
    const task = await eventually(async () => {
      const { body } = await manager.get('/tasks?sort=newest&limit=200');
      return body.tasks.find((t: { caseId: string }) => t.caseId === requestId);
    });
    const decided = await manager.post(`/tasks/${task.id}/complete`, { values: { decision: 'approve', comment: secrets.comment } });
    expect(decided.status).toBe(200);
    await eventually(async () => (await employee.get(`/leave-requests/${requestId}`)).body.leaveRequest.status === 'approved');
    const cancelled = await employee.post(`/leave-requests/${requestId}/cancel`, { reason: secrets.cancelReason });
    expect(cancelled.status).toBe(200);
    const workflowId = `leave-${requestId}`;
    expect(await platform.temporal.workflow.getHandle(workflowId).result()).toBe('cancelled');
    return { requestId, workflowId };
  });
}

describe('a leave request in Temporal', () => {
  it('leaves no e-mail address, name or free text in the raw history, and reads back with the codec', async () => {
    const marker = crypto.randomUUID().slice(0, 8);
    const secrets = {
      reason: `Knee surgery ${marker}`,
      comment: `Get well soon ${marker}`,
      cancelReason: `Operation moved ${marker}`,
    };
    const { requestId, workflowId } = await leaveThatWasApprovedThenCancelled(secrets);
    const people = [platform.org.people.employee, platform.org.people.manager];
    // The leave type too: that someone is on sick leave is health data.
    const sensitive = [...Object.values(secrets), ...people.flatMap((p) => [p.email, p.name]), 'Sick leave'];

    const history = await rawHistory(workflowId);
    const stored = Buffer.from(temporal.api.history.v1.History.encode(history).finish());
    expect(stored.length).toBeGreaterThan(1000);
    for (const value of sensitive) expect({ value, found: stored.includes(value) }).toEqual({ value, found: false });

    // Every payload is sealed, but search attributes (the server indexes those; they hold ids only)
    // and the SDK's own marker bookkeeping (patch ids, local activity ids and times; no codec sees it).
    const payloads = payloadsOf(history.events);
    const searchAttributes = payloads.filter(({ path }) => path.includes('searchAttributes'));
    const sdkMarkerData = /markerRecordedEventAttributes\.details\.(data|patch-data)\./;
    const sealed = payloads.filter(({ path }) => !path.includes('searchAttributes') && !sdkMarkerData.test(path));
    expect(sealed.filter(({ payload }) => text(payload.metadata?.[METADATA_ENCODING_KEY]) !== encryptedEncoding)).toEqual([]);
    const attributeNames = new Set(searchAttributes.map(({ path }) => path.split('.').at(-1)!));
    // Ours, and Temporal's own list of the patches a workflow took (`patched()`).
    const allowed = new Set([...caseSearchAttributes.map((key) => key.name), 'TemporalChangeVersion']);
    expect([...attributeNames].filter((name) => !allowed.has(name))).toEqual([]);

    // With the codec, the same history reads in full.
    const codec = new PayloadEncryptionCodec(parsePayloadKeys(testPayloadKeySet));
    const decoded = await codec.decode(sealed.map(({ payload }) => payload));
    const clear = decoded.map((payload) => text(payload.data)).join('\n');
    for (const value of sensitive) expect({ value, found: clear.includes(value) }).toEqual({ value, found: true });

    // What the Web UI lists and shows beside each event (summaries, details) names no one and no reason.
    const userMetadata = sealed.filter(({ path }) => path.includes('userMetadata'));
    expect(userMetadata.length).toBeGreaterThan(3);
    const shown = (await codec.decode(userMetadata.map(({ payload }) => payload))).map((payload) => text(payload.data));
    for (const value of sensitive) expect(shown.filter((line) => line.includes(value))).toEqual([]);
    const description = await platform.temporal.workflow.getHandle(workflowId).describe();
    expect(await description.staticSummary()).toBe(`Leave request ${requestId}`);
    expect(await description.staticDetails()).toBe(
      `Organisation ${platform.org.orgId}, department ${platform.org.people.employee.departmentId}.`,
    );
    expect(description.memo ?? {}).toEqual({});
  });

  it('still reads after a key rotation, and names the key a client lacks', async () => {
    const { workflowId } = await leaveThatWasApprovedThenCancelled({ reason: 'Rotation', comment: 'ok', cancelReason: 'none' });
    const connection = platform.temporal.connection;
    const namespace = platform.config.temporal.namespace;
    // The harness encrypts with tests-b; a deployment that moved on to a newer key keeps tests-b to decrypt.
    const newer = `tests-c:${Buffer.alloc(32, 7).toString('base64')}`;
    const rotated = new Client({
      connection,
      namespace,
      dataConverter: payloadDataConverter(parsePayloadKeys(`${newer},${testPayloadKeys.current}`)),
    });
    expect(await rotated.workflow.getHandle(workflowId).result()).toBe('cancelled');
    const dropped = new Client({ connection, namespace, dataConverter: payloadDataConverter(parsePayloadKeys(newer)) });
    await expect(dropped.workflow.getHandle(workflowId).result()).rejects.toThrow(/key id "tests-b", which PAYLOAD_KEYS does not hold/);
  });
});

describe('the codec endpoint the Temporal Web UI calls', () => {
  let operator: SignedIn;
  let startInput: Payload;
  const reason = `Dentist ${crypto.randomUUID().slice(0, 8)}`;
  const toJson = ({ metadata, data }: Payload) => ({
    metadata: Object.fromEntries(Object.entries(metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
    data: Buffer.from(data ?? []).toString('base64'),
  });

  beforeAll(async () => {
    operator = await signIn(platform, 'operator');
    const workflowId = await platform.withWorker(async () => {
      const day = platform.workingDayAhead(70);
      const form = { leaveTypeCode: 'annual', startDate: day, endDate: day, startHalfDay: false, endHalfDay: false, reason };
      const submitted = await employee.post('/leave-requests', form);
      expect(submitted.status).toBe(201);
      return `leave-${submitted.body.leaveRequest.id}`;
    });
    const started = (await rawHistory(workflowId)).events![0]!.workflowExecutionStartedEventAttributes!;
    startInput = started.input!.payloads![0]!;
  });

  const call = (
    path: string,
    options: { cookie?: string | null; origin?: string; body?: string; method?: string; headers?: Record<string, string> },
  ) =>
    platform.app.request(`/api/temporal-codec${path}`, {
      method: options.method ?? 'POST',
      headers: {
        ...(options.cookie ? { cookie: options.cookie } : {}),
        ...(options.origin ? { origin: options.origin } : {}),
        ...(options.body !== undefined ? { 'content-type': 'application/json', 'x-namespace': 'default' } : {}),
        ...options.headers,
      },
      ...(options.body !== undefined ? { body: options.body } : {}),
    });
  const decodeAs = (cookie: string | null, payloads: unknown[], origin = webUiOrigin) =>
    call('/decode', { cookie, origin, body: JSON.stringify({ payloads }) });

  it('decodes a real payload from the history for a signed-in operator, and records that it did', async () => {
    expect(text(startInput.data)).not.toContain(reason);
    const answer = await decodeAs(operator.cookie, [toJson(startInput)]);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('access-control-allow-origin')).toBe(webUiOrigin);
    expect(answer.headers.get('access-control-allow-credentials')).toBe('true');
    const { payloads } = (await answer.json()) as { payloads: { metadata: Record<string, string>; data: string }[] };
    expect(Buffer.from(payloads[0]!.metadata.encoding!, 'base64').toString()).toBe('json/plain');
    const input = JSON.parse(Buffer.from(payloads[0]!.data, 'base64').toString());
    expect(input).toMatchObject({ reason, employee: { email: platform.org.people.employee.email } });

    const [entry] = await platform.database.sql`
      select kind, actor_id, target_type, target_id, detail from audit_log
      where org_id = ${platform.org.orgId} and kind = 'payloads.decoded' order by id desc limit 1`;
    expect(entry).toMatchObject({
      kind: 'payloads.decoded',
      actor_id: platform.org.people.operator.id,
      target_type: 'temporal_namespace',
      target_id: 'default',
      detail: { payloads: 1 },
    });
    expect(JSON.stringify(entry)).not.toContain(reason);
  });

  it('encodes what the Web UI sends (a signal, say) so that it decodes again', async () => {
    const clearPayload = {
      metadata: { encoding: Buffer.from('json/plain').toString('base64') },
      data: Buffer.from('"hello"').toString('base64'),
    };
    const encoded = await call('/encode', {
      cookie: operator.cookie,
      origin: webUiOrigin,
      body: JSON.stringify({ payloads: [clearPayload] }),
    });
    expect(encoded.status).toBe(200);
    const sealed = ((await encoded.json()) as { payloads: { metadata: Record<string, string>; data: string }[] }).payloads[0]!;
    expect(Buffer.from(sealed.metadata.encoding!, 'base64').toString()).toBe(encryptedEncoding);
    const decoded = await decodeAs(operator.cookie, [sealed]);
    expect(((await decoded.json()) as { payloads: unknown[] }).payloads).toEqual([clearPayload]);
  });

  it('refuses staff without the permission (403) and anyone without a session (401), in JSON the Web UI can read', async () => {
    const forbidden = await decodeAs(employee.cookie, [toJson(startInput)]);
    expect(forbidden.status).toBe(403);
    expect(await forbidden.json()).toMatchObject({ error: { code: 'forbidden' } });
    expect(forbidden.headers.get('access-control-allow-origin')).toBe(webUiOrigin);
    const anonymous = await decodeAs(null, [toJson(startInput)]);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ error: { code: 'unauthenticated' } });
    expect((await call('/encode', { cookie: employee.cookie, body: '{"payloads":[]}' })).status).toBe(403);
  });

  it('answers 400 naming what is wrong with a malformed body, and 400 for a payload that does not decrypt', async () => {
    const missing = await call('/decode', { cookie: operator.cookie, body: '{}' });
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({ error: { code: 'invalid_input', details: [{ path: 'payloads' }] } });
    const notBase64 = await decodeAs(operator.cookie, [{ metadata: { encoding: 'anNvbi9wbGFpbg==' }, data: 'not base64!' }]);
    expect(await notBase64.json()).toMatchObject({ error: { details: [{ path: 'payloads.0.data', message: 'must be base64' }] } });
    const notJson = await call('/decode', { cookie: operator.cookie, body: '{"payloads": [' });
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toMatchObject({ error: { code: 'bad_request' } });

    const tampered = toJson(startInput);
    const data = Buffer.from(tampered.data, 'base64');
    data[data.length - 1]! ^= 1;
    const undecodable = await decodeAs(operator.cookie, [{ ...tampered, data: data.toString('base64') }]);
    expect(undecodable.status).toBe(400);
    expect(await undecodable.json()).toMatchObject({
      error: { code: 'undecodable_payload', message: expect.stringContaining('"tests-b"') },
    });
  });

  it('refuses a body over the size limit before reading it', async () => {
    const huge = JSON.stringify({ payloads: [{ data: 'A'.repeat(platform.config.apiBodyLimitBytes) }] });
    const answer = await call('/decode', { cookie: operator.cookie, origin: webUiOrigin, body: huge });
    expect(answer.status).toBe(413);
    expect(await answer.json()).toMatchObject({ error: { code: 'payload_too_large' } });
  });

  it('answers the preflight of the configured Web UI origins only, credentials included', async () => {
    const preflight = (origin: string) =>
      call('/decode', {
        method: 'OPTIONS',
        origin,
        headers: { 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-namespace' },
      });
    for (const origin of [webUiOrigin, 'http://127.0.0.1:8233']) {
      const allowed = await preflight(origin);
      expect(allowed.status).toBe(204);
      expect(allowed.headers.get('access-control-allow-origin')).toBe(origin);
      expect(allowed.headers.get('access-control-allow-credentials')).toBe('true');
      expect(allowed.headers.get('access-control-allow-methods')).toContain('POST');
      expect(allowed.headers.get('access-control-allow-headers')).toContain('x-namespace');
    }
    const other = await preflight('https://elsewhere.example');
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    expect(other.headers.get('access-control-allow-credentials')).toBeNull();
    // And a post from there, even with the operator's cookie, is refused as cross-site and unreadable.
    const posted = await decodeAs(operator.cookie, [toJson(startInput)], 'https://elsewhere.example');
    expect(posted.status).toBe(403);
    expect(await posted.json()).toMatchObject({ error: { code: 'cross_site_request' } });
    expect(posted.headers.get('access-control-allow-origin')).toBeNull();
  });
});
