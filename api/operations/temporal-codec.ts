import type { Payload } from '@temporalio/common';
import { Hono, type Context } from 'hono';
import { PayloadEncryptionCodec, type PayloadKeyRing } from '../../temporal/payload-codec.ts';
import type { AppEnv } from '../context.ts';
import { HttpError } from '../errors.ts';
import { validate } from '../validation.ts';
import { codecRequestSchema, type JsonPayload } from './schemas.ts';

// The codec endpoint the Temporal Web UI calls (`<endpoint>/decode`, `<endpoint>/encode`), so that
// operators with operations:decode-payloads read workflow data in clear and nobody else does. Every
// call is in the audit trail: who, from where, how many payloads, never the payloads themselves.

const fromJson = ({ metadata, data }: JsonPayload): Payload => ({
  metadata: Object.fromEntries(Object.entries(metadata ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
  data: Buffer.from(data ?? '', 'base64'),
});

const toJson = ({ metadata, data }: Payload): JsonPayload => ({
  metadata: Object.fromEntries(Object.entries(metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
  data: Buffer.from(data ?? []).toString('base64'),
});

async function transform(
  c: Context<AppEnv>,
  codec: PayloadEncryptionCodec | null,
  direction: 'decode' | 'encode',
  payloads: JsonPayload[],
) {
  // The Web UI names the namespace it shows; it sends no workflow id.
  const namespace = c.req.header('x-namespace')?.slice(0, 200) || null;
  await c.var.audit({
    kind: direction === 'decode' ? 'payloads.decoded' : 'payloads.encoded',
    targetType: 'temporal_namespace',
    targetId: namespace ?? c.var.deps.config.temporal.namespace,
    detail: { payloads: payloads.length },
  });
  const input = payloads.map(fromJson);
  try {
    // Without keys (development only) payloads are in clear already: both ways are the identity.
    const output = codec ? await codec[direction](input) : input;
    return c.json({ payloads: output.map(toJson) });
  } catch (err) {
    // The codec's messages name a key id at most, never key material or payload content.
    throw new HttpError(400, direction === 'decode' ? 'undecodable_payload' : 'unencodable_payload', (err as Error).message);
  }
}

export function temporalCodecRoutes(keys: PayloadKeyRing | null) {
  const codec = keys && new PayloadEncryptionCodec(keys);
  return new Hono<AppEnv>()
    .post('/decode', validate('json', codecRequestSchema), (c) => transform(c, codec, 'decode', c.req.valid('json').payloads))
    .post('/encode', validate('json', codecRequestSchema), (c) => transform(c, codec, 'encode', c.req.valid('json').payloads));
}
