import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleWorkflows } from '../temporal/worker.ts';
import { startPlatform, type Platform } from './harness.ts';

// A body is refused by its size before anything reads it whole: by its Content-Length when it says one,
// else as soon as the chunks that arrive pass the limit.

const defaultLimit = 1024 * 1024;
let platform: Platform;

beforeAll(async () => {
  platform = await startPlatform({ bundle: await bundleWorkflows() });
});
afterAll(() => platform?.stop());

/** A sign-in JSON body of about `bytes` bytes: only its size is wrong. */
const signInBody = (bytes: number) => JSON.stringify({ email: 'someone@example.test', password: 'x'.repeat(bytes) });

describe('the request body limit', () => {
  it('refuses a body whose Content-Length passes the limit with 413 payload_too_large', async () => {
    const body = signInBody(defaultLimit + 1);
    const res = await platform.app.request('/api/auth/sign-in', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) },
      body,
    });
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ error: { code: 'payload_too_large', message: expect.stringContaining('1048576 bytes') } });
  });

  it('lets a body under the limit through to validation', async () => {
    const body = signInBody(defaultLimit - 1000);
    const res = await platform.app.request('/api/auth/sign-in', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) },
      body,
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('invalid_input');
  });

  it('answers a chunked body with 413 once it passes the limit, long before it ends', async () => {
    const server = serve({ fetch: platform.app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const answer = await postChunked(port, 60 * defaultLimit);
      expect(answer.status).toBe(413);
      expect(JSON.parse(answer.body)).toMatchObject({ error: { code: 'payload_too_large' } });
      expect(answer.bytesSent).toBeLessThan(10 * defaultLimit);
    } finally {
      server.close();
    }
  });
});

/**
 * Sends up to `totalBytes` to POST /api/auth/sign-in in 64 KiB chunks without a Content-Length and
 * stops sending once the answer has come: its status, its body and how much was sent by then.
 */
function postChunked(port: number, totalBytes: number): Promise<{ status: number; body: string; bytesSent: number }> {
  const chunk = Buffer.alloc(64 * 1024, 'x');
  return new Promise((resolve, reject) => {
    let bytesSent = 0;
    let answered = false;
    const req = httpRequest({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: '/api/auth/sign-in',
      headers: { 'content-type': 'application/json' },
    });
    req.on('response', (res) => {
      answered = true;
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (part: string) => (body += part));
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, body, bytesSent });
        req.destroy();
      });
    });
    // The server may close the connection once it has answered; only a failure before the answer counts.
    req.on('error', (err) => {
      if (!answered) reject(err);
    });
    const sendMore = () => {
      while (!answered && bytesSent < totalBytes) {
        bytesSent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', sendMore);
      }
      if (!answered) req.end();
    };
    req.write('{"email":"someone@example.test","password":"');
    sendMore();
  });
}
