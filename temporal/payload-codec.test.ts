import { randomBytes } from 'node:crypto';
import { defaultPayloadConverter, METADATA_ENCODING_KEY, type Payload } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { loadConfig, loadServiceConfig } from '../config.ts';
import { encryptedEncoding, keyIdMetadataKey, parsePayloadKeys, PayloadEncryptionCodec } from './payload-codec.ts';

const keyText = () => randomBytes(32).toString('base64');
const oldKey = `k2026a:${keyText()}`;
const newKey = `k2026b:${keyText()}`;
const leave = { employee: { name: 'Eve Employee', email: 'eve@acme.test' }, reason: 'Hospital appointment' };
const plain = (value: unknown) => defaultPayloadConverter.toPayload(value)!;
const value = (payload: Payload) => defaultPayloadConverter.fromPayload(payload);
const metadataText = (payload: Payload, key: string) => Buffer.from(payload.metadata![key]!).toString();

describe('payload encryption codec', () => {
  const codec = new PayloadEncryptionCodec(parsePayloadKeys(oldKey));

  it('round-trips payloads, metadata included, and seals each with its own IV', async () => {
    const [first, second] = await codec.encode([plain(leave), plain(leave)]);
    expect(metadataText(first!, METADATA_ENCODING_KEY)).toBe(encryptedEncoding);
    expect(metadataText(first!, keyIdMetadataKey)).toBe('k2026a');
    expect(Object.keys(first!.metadata!).sort()).toEqual([keyIdMetadataKey, METADATA_ENCODING_KEY].sort());
    expect(Buffer.from(first!.data!).toString('latin1')).not.toContain('eve@acme.test');
    expect(Buffer.from(first!.data!).equals(Buffer.from(second!.data!))).toBe(false);

    const decoded = await codec.decode([first!, second!]);
    expect(decoded.map(value)).toEqual([leave, leave]);
    expect(metadataText(decoded[0]!, METADATA_ENCODING_KEY)).toBe('json/plain');
    // Empty and binary/null payloads (an update without arguments, `undefined`) survive too.
    const [nothing] = await codec.decode(await codec.encode([plain(undefined)]));
    expect(value(nothing!)).toBeUndefined();
  });

  it('refuses a payload whose ciphertext, tag or IV was altered', async () => {
    const [sealed] = await codec.encode([plain(leave)]);
    for (const at of [0, 20, sealed!.data!.length - 1]) {
      const data = Buffer.from(sealed!.data!);
      data[at]! ^= 0x01;
      await expect(codec.decode([{ ...sealed, data }])).rejects.toThrow(/key id "k2026a" failed its integrity check/);
    }
  });

  it('decodes with an older key after a new one is put first, and encrypts with the new one', async () => {
    const [beforeRotation] = await codec.encode([plain(leave)]);
    const rotated = new PayloadEncryptionCodec(parsePayloadKeys(`${newKey},${oldKey}`));
    expect((await rotated.decode([beforeRotation!])).map(value)).toEqual([leave]);
    const [afterRotation] = await rotated.encode([plain(leave)]);
    expect(metadataText(afterRotation!, keyIdMetadataKey)).toBe('k2026b');
    // The old key alone cannot read what the new one sealed.
    await expect(codec.decode([afterRotation!])).rejects.toThrow(/key id "k2026b"/);
  });

  it('names an unknown key id, never a key', async () => {
    const [sealed] = await new PayloadEncryptionCodec(parsePayloadKeys(newKey)).encode([plain(leave)]);
    const failure = await codec.decode([sealed!]).catch((err: Error) => err);
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).toMatch(/key id "k2026b", which PAYLOAD_KEYS does not hold/);
    for (const key of [oldKey, newKey]) expect((failure as Error).message).not.toContain(key.split(':')[1]);
  });

  it('passes unencrypted payloads through decode unchanged, so old histories still read', async () => {
    const old = plain(leave);
    const [decoded] = await codec.decode([old]);
    expect(decoded).toBe(old);
  });
});

describe('PAYLOAD_KEYS', () => {
  const problem = (PAYLOAD_KEYS: string, NODE_ENV = 'development') => {
    try {
      loadConfig({ PAYLOAD_KEYS, NODE_ENV });
      return null;
    } catch (err) {
      return (err as Error).message;
    }
  };

  it('keeps the order: the first key encrypts', () => {
    const config = loadConfig({ PAYLOAD_KEYS: ` ${newKey} , ${oldKey} ` });
    expect(config.temporal.payloadKeys!.map((k) => k.id)).toEqual(['k2026b', 'k2026a']);
  });

  it('refuses keys that are not 32 bytes, repeated ids and missing ids, without printing a key', () => {
    const short = randomBytes(16).toString('base64');
    expect(problem(`a:${short}`)).toMatch(/PAYLOAD_KEYS: key "a" must be exactly 32 bytes/);
    expect(problem(`a:${short}`)).not.toContain(short);
    expect(problem(`a:${keyText()},a:${keyText()}`)).toMatch(/key id "a" appears twice/);
    expect(problem(keyText())).toMatch(/entry 1 needs a key id/);
    expect(problem(`a:${keyText()}!`)).toMatch(/must be exactly 32 bytes/);
    expect(problem(' , ')).toMatch(/no keys/);
  });

  it('is required in production by the programs that talk to Temporal, optional in development', () => {
    const production = {
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://platform@db/platform',
      TOTP_ENCRYPTION_KEY: keyText(),
      TEMPORAL_ADDRESS: 'temporal:7233',
      SMTP_URL: 'smtp://relay:587',
      MAIL_FROM: 'processes@example.com',
      APP_URL: 'https://processes.example.com',
    };
    for (const service of ['api', 'worker'] as const) {
      expect(() => loadServiceConfig(service, production)).toThrow(`${service}: PAYLOAD_KEYS is not set`);
      expect(loadServiceConfig(service, { ...production, PAYLOAD_KEYS: oldKey }).temporal.payloadKeys).toHaveLength(1);
    }
    expect(loadConfig({}).temporal.payloadKeys).toBeNull();
  });

  it('takes the Temporal Web UI origins as origins only', () => {
    expect([...loadConfig({ TEMPORAL_UI_ORIGINS: 'http://localhost:8233, https://temporal.example.com' }).temporalUiOrigins]).toEqual([
      'http://localhost:8233',
      'https://temporal.example.com',
    ]);
    expect(() => loadConfig({ TEMPORAL_UI_ORIGINS: 'http://localhost:8233/ui' })).toThrow(
      /TEMPORAL_UI_ORIGINS: "http:\/\/localhost:8233\/ui" is not an origin/,
    );
  });
});
