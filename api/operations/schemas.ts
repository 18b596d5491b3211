import { z } from 'zod';

// The codec endpoint protocol (the Temporal Web UI and CLI speak it): a Payloads message in proto
// JSON, where every `bytes` field (the metadata values and the data) is base64.
const base64 = z.string().regex(/^[A-Za-z0-9+/_-]*={0,2}$/, 'must be base64');

const payload = z.object({
  metadata: z.record(z.string().max(256), base64).nullish(),
  data: base64.nullish(),
});

export const codecRequestSchema = z.object({
  payloads: z.array(payload, 'must be a list of payloads').max(1000, 'at most 1000 payloads per request'),
});

export type JsonPayload = z.infer<typeof payload>;
