import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { METADATA_ENCODING_KEY, ValueError, type DataConverter, type Payload, type PayloadCodec } from '@temporalio/common';
// A CommonJS package whose names Node's ESM loader cannot see: its default export holds them.
import proto from '@temporalio/proto';

const { temporal } = proto;

// Workflow inputs, results, update arguments and summaries carry names, e-mail addresses and free
// text: every payload leaves the client and the worker sealed with AES-256-GCM, so the Temporal
// server, its database and the Web UI (without the codec endpoint) see only ciphertext.

export const encryptedEncoding = 'binary/encrypted';
export const keyIdMetadataKey = 'encryption-key-id';
const cipher = 'aes-256-gcm';
const ivBytes = 12;
const tagBytes = 16;
const keyIdPattern = /^[A-Za-z0-9._-]{1,64}$/;

export interface PayloadKey {
  id: string;
  key: Buffer;
}

/** The first key encrypts; every key decrypts (a rotated-out key stays until no history needs it). */
export type PayloadKeyRing = readonly [PayloadKey, ...PayloadKey[]];

/**
 * Reads `keyId:base64-32-byte-key[,keyId:key...]`. The messages name key ids and positions, never
 * key material, so they are safe to print.
 */
export function parsePayloadKeys(text: string): PayloadKeyRing {
  const entries = text
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (entries.length === 0) throw new Error('no keys: expected keyId:base64key[,keyId:base64key...]');
  const seen = new Set<string>();
  const keys = entries.map((entry, index): PayloadKey => {
    const colon = entry.indexOf(':');
    const id = colon < 0 ? '' : entry.slice(0, colon);
    if (!keyIdPattern.test(id)) {
      throw new Error(`entry ${index + 1} needs a key id (letters, digits, . _ -, up to 64) before a colon: keyId:base64key`);
    }
    if (seen.has(id)) throw new Error(`key id "${id}" appears twice`);
    seen.add(id);
    const encoded = entry.slice(colon + 1);
    const key = Buffer.from(encoded, 'base64');
    if (key.length !== 32 || key.toString('base64').replace(/=+$/, '') !== encoded.replace(/=+$/, '')) {
      throw new Error(`key "${id}" must be exactly 32 bytes in base64 (e.g. from \`openssl rand -base64 32\`)`);
    }
    return { id, key };
  });
  return keys as unknown as PayloadKeyRing;
}

const text = (bytes: Uint8Array | null | undefined) => (bytes ? Buffer.from(bytes).toString('utf8') : undefined);

export class PayloadEncryptionCodec implements PayloadCodec {
  private readonly current: PayloadKey;
  private readonly keys: ReadonlyMap<string, Buffer>;

  constructor(ring: PayloadKeyRing) {
    this.current = ring[0];
    this.keys = new Map(ring.map(({ id, key }) => [id, key]));
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => this.encrypt(payload));
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => this.decrypt(payload));
  }

  private encrypt(payload: Payload): Payload {
    // The whole payload, metadata included: its encoding (json/plain, binary/null) is private too.
    const plain = temporal.api.common.v1.Payload.encode(payload).finish();
    const iv = randomBytes(ivBytes);
    const sealer = createCipheriv(cipher, this.current.key, iv);
    const sealed = Buffer.concat([iv, sealer.update(plain), sealer.final(), sealer.getAuthTag()]);
    return {
      metadata: {
        [METADATA_ENCODING_KEY]: Buffer.from(encryptedEncoding),
        [keyIdMetadataKey]: Buffer.from(this.current.id),
      },
      data: sealed,
    };
  }

  private decrypt(payload: Payload): Payload {
    // Histories from before encryption (and payloads other codecs left alone) read as they are.
    if (text(payload.metadata?.[METADATA_ENCODING_KEY]) !== encryptedEncoding) return payload;
    const keyId = text(payload.metadata?.[keyIdMetadataKey]);
    if (!keyId) throw new ValueError(`An encrypted payload carries no ${keyIdMetadataKey}.`);
    const shownId = JSON.stringify(keyId.slice(0, 64));
    const key = this.keys.get(keyId);
    if (!key) {
      throw new ValueError(`A payload is encrypted with key id ${shownId}, which PAYLOAD_KEYS does not hold; add that key to decrypt it.`);
    }
    const sealed = Buffer.from(payload.data ?? []);
    if (sealed.length < ivBytes + tagBytes) throw new ValueError(`An encrypted payload (key id ${shownId}) is too short to be one.`);
    const opener = createDecipheriv(cipher, key, sealed.subarray(0, ivBytes));
    opener.setAuthTag(sealed.subarray(sealed.length - tagBytes));
    let plain: Buffer;
    try {
      plain = Buffer.concat([opener.update(sealed.subarray(ivBytes, sealed.length - tagBytes)), opener.final()]);
    } catch {
      throw new ValueError(
        `A payload encrypted with key id ${shownId} failed its integrity check: it was altered, or the key is not the one it was sealed with.`,
      );
    }
    return temporal.api.common.v1.Payload.decode(plain);
  }
}

/**
 * What every Client and Worker of the product is given. Without keys (allowed only outside
 * production, see config.ts) payloads go to Temporal in clear.
 */
export function payloadDataConverter(keys: PayloadKeyRing | null): DataConverter {
  return keys ? { payloadCodecs: [new PayloadEncryptionCodec(keys)] } : {};
}
