import { createHash } from 'node:crypto';
import { Agent, createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { BerbixClient, signWebhook } from '@berbix-capture/client';
import { type RunningSandbox, startSandbox } from '@berbix-capture/sandbox';
import express from 'express';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { berbixCapture } from './router.js';
import { AAMVA_BASE64, SESSION_SECRET } from './testing/harness.js';
import { jpegHeaderOnly, pngHeaderOnly } from './testing/images.js';
import { berbixWebhook } from './webhook.js';

/**
 * Property-based fuzzing of every endpoint over real HTTP, one adapter and one sandbox for the
 * whole file. 10,000+ cases in all (see RUNS). Properties: never a 5xx the adapter caused (a 503
 * only when Berbix was really called), never a crash or an unhandled rejection (Vitest fails the
 * file on one), and nothing reaches the sandbox unless the gate let it (sandbox request counters
 * compared per case). Limits are set small so "huge" bodies are cheap to send.
 */
const RUNS = { requests: 8000, webhooks: 1800, streams: 400 };
const MAX_IMAGE_BYTES = 64 * 1024;
const ALLOWED_ORIGIN = 'https://shop.example';
const WEBHOOK_SECRET = 'whsec_fuzz_secret_for_tests';

let sandbox: RunningSandbox;
let server: Server;
let port = 0;
const agent = new Agent({ keepAlive: true, maxSockets: 8 });
let events = 0;
/** Cookies of real sessions at various steps, so cases get past the cookie check too. */
const liveCookies: string[] = [];

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * One request over a keep-alive socket. A socket the adapter closed (after a 413) may be reused by
 * the pool just as it closes, a client-side race; such a request is sent once more on a new socket.
 */
async function send(method: string, path: string, headers: Record<string, string>, body?: Buffer): Promise<Reply> {
  const first = await sendOnce(method, path, headers, body, agent);
  return first.status === -1 ? sendOnce(method, path, headers, body, false) : first;
}

function sendOnce(
  method: string,
  path: string,
  headers: Record<string, string>,
  body: Buffer | undefined,
  via: Agent | false,
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ agent: via, host: '127.0.0.1', port, method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }),
      );
      res.on('error', reject);
    });
    // A 413 closes the connection while we may still be writing: that is the adapter's right.
    req.on('error', (error) => resolve({ status: -1, headers: {}, body: error.message }));
    if (body) req.end(body);
    else req.end();
  });
}

const upstreamCalls = () => Object.values(sandbox.counters.snapshot().requests).reduce((sum, n) => sum + n, 0);

beforeAll(async () => {
  sandbox = await startSandbox();
  const app = express();
  app.disable('x-powered-by');
  app.use(
    '/berbix',
    berbixCapture({
      client: new BerbixClient({ apiSecret: sandbox.secret, apiHost: sandbox.url, maxRetries: 0 }),
      secret: SESSION_SECRET,
      transaction: () => ({ customerUid: 'customer-fuzz', templateKey: 'tpk_test' }),
      allowedOrigins: [ALLOWED_ORIGIN],
      limits: { maxImageBytes: MAX_IMAGE_BYTES },
      rateLimit: false,
      onComplete: () => {},
    }),
  );
  app.post(
    '/webhook',
    express.raw({ type: '*/*', limit: '256kb' }),
    berbixWebhook({
      secret: WEBHOOK_SECRET,
      onEvent: () => {
        events++;
      },
    }),
  );
  app.use((_error: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    res.status(500).json({ error: { code: 'internal_error', message: 'internal error', requestId: '' } });
  });
  server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  for (let i = 0; i < 4; i++) {
    const reply = await send('POST', '/berbix/session', { 'content-type': 'application/json' }, Buffer.from('{}'));
    const cookie = String(reply.headers['set-cookie'] ?? '').split(';')[0] ?? '';
    expect(cookie).toMatch(/^berbix_session=/);
    liveCookies.push(cookie);
  }
});
afterAll(async () => {
  agent.destroy();
  server?.closeAllConnections();
  await new Promise<void>((resolve) => server?.close(() => resolve()));
  await sandbox?.close();
});

const PATHS = [
  '/berbix/session',
  '/berbix/session/images/document_front',
  '/berbix/session/images/document_back',
  '/berbix/session/images/selfie_front',
  '/berbix/session/images/%2e%2e',
  '/berbix/session/idscan',
  '/berbix/session/',
  '/berbix/unknown',
  '/berbix',
];
const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'];
const TYPES = [
  'image/jpeg',
  'image/png',
  'application/json',
  'text/plain',
  'multipart/form-data; boundary=x',
  'image/gif',
  'IMAGE/PNG',
  'image/jpeg; charset=utf-8',
  'application/x-www-form-urlencoded',
];
const headerText = fc.string({ unit: fc.constantFrom(...'abcAZ09+/=-_.;, "\'%'.split('')), maxLength: 80 });

const cookieArb = fc.oneof(
  fc.constant(''),
  fc.constantFrom(...[0, 1, 2, 3]).map((i) => liveCookies[i] ?? ''),
  fc.constantFrom(...[0, 1, 2, 3]).chain((i) =>
    fc.nat(200).map((at) => {
      // A real cookie with one character changed: the signature must not hold.
      const cookie = liveCookies[i] ?? '';
      const index = 15 + (at % Math.max(1, cookie.length - 15));
      return `${cookie.slice(0, index)}${cookie[index] === 'A' ? 'B' : 'A'}${cookie.slice(index + 1)}`;
    }),
  ),
  headerText.map((value) => `berbix_session=${value}`),
  headerText,
);
const originArb = fc.constantFrom(
  undefined,
  ALLOWED_ORIGIN,
  'https://evil.example',
  'null',
  'http://127.0.0.1:1',
  'https://shop.example.evil.example',
  'not a url',
);
const bodyArb = fc.oneof(
  fc.uint8Array({ maxLength: 512 }).map((bytes) => Buffer.from(bytes)),
  fc.constant(pngHeaderOnly(800, 600)),
  fc.constant(pngHeaderOnly(20_000, 10)),
  fc.constant(jpegHeaderOnly(640, 480)),
  fc.constant(jpegHeaderOnly(640, 20_000)),
  fc
    .tuple(
      fc.constantFrom(pngHeaderOnly(800, 600), jpegHeaderOnly(640, 480)),
      fc.nat(40),
      fc.integer({ min: 0, max: 255 }),
    )
    .map(([bytes, at, value]) => {
      const copy = Buffer.from(bytes);
      copy[at % copy.length] = value;
      return copy;
    }),
  fc.constantFrom(pngHeaderOnly(800, 600), jpegHeaderOnly(640, 480)).map((bytes) => bytes.subarray(0, 10)),
  fc.constant(Buffer.from(JSON.stringify({ pdf417: AAMVA_BASE64 }))),
  fc.jsonValue({ maxDepth: 3 }).map((value) => Buffer.from(JSON.stringify(value) ?? 'null')),
  fc.nat(3).map((extra) => Buffer.alloc(MAX_IMAGE_BYTES + 1 + extra * 1000, 0xff)),
);

/** What the gate must stop: every refusal the adapter decides by itself. */
const GATE_REFUSALS = new Set([400, 401, 403, 404, 405, 413, 415, 422, 429]);

describe('fuzzing every endpoint', () => {
  it(`${RUNS.requests} random requests: no 5xx of our own, nothing past the gate reaches Berbix`, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...METHODS),
        fc.constantFrom(...PATHS),
        fc.option(fc.constantFrom(...TYPES), { nil: undefined }),
        cookieArb,
        originArb,
        fc.option(fc.oneof(headerText, fc.constant(AAMVA_BASE64)), { nil: undefined }),
        fc.option(bodyArb, { nil: undefined }),
        async (method, path, type, cookie, origin, barcode, body) => {
          const headers: Record<string, string> = {};
          if (type) headers['content-type'] = type;
          if (cookie) headers.cookie = cookie;
          if (origin) headers.origin = origin;
          if (barcode !== undefined) headers['x-berbix-barcode'] = barcode;
          if (method === 'OPTIONS') headers['access-control-request-method'] = 'POST';
          const sendsBody = body !== undefined && method !== 'GET' && method !== 'HEAD';
          const before = upstreamCalls();
          const reply = await send(method, path, headers, sendsBody ? body : undefined);
          const forwarded = upstreamCalls() - before;
          // The socket may be cut after a 413 before we read it; otherwise an answer always comes.
          if (reply.status === -1) {
            expect(sendsBody && (body?.length ?? 0) > MAX_IMAGE_BYTES).toBe(true);
            expect(forwarded).toBe(0);
            return;
          }
          if (reply.status >= 500) {
            // Only Berbix's own trouble may show as 503/502, and only when Berbix was called.
            expect([502, 503]).toContain(reply.status);
            expect(forwarded).toBeGreaterThan(0);
          }
          if (GATE_REFUSALS.has(reply.status)) expect(forwarded).toBe(0);
          if (forwarded > 0 && path.includes('/images/')) {
            // Only a well-formed image of a declared image type with a trusted origin got through.
            expect(['image/jpeg', 'image/png']).toContain(type?.split(';')[0]);
            expect(origin === undefined || origin === ALLOWED_ORIGIN).toBe(true);
          }
          expect(reply.body).not.toContain('sbx_');
        },
      ),
      { numRuns: RUNS.requests, seed: 20261121 },
    );
  }, 120_000);

  it(`${RUNS.webhooks} forged, mutated and replayed webhooks: only a fresh, exact signature is accepted, once`, async () => {
    const now = () => Math.floor(Date.now() / 1000);
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ minLength: 1, maxLength: 300 }),
        fc.constantFrom('valid', 'wrong-secret', 'mutated-body', 'old', 'future', 'garbage', 'none', 'replay'),
        headerText,
        async (bytes, kind, junk) => {
          // A well-formed event, unique per case (so a replay guard hit is a real replay).
          const body = Buffer.from(
            JSON.stringify({
              transaction_id: 42,
              id: `evt_${createHash('sha1').update(bytes).digest('hex')}_${Math.random()}`,
              type: 'verification_finished',
              action: 'accept',
            }),
          );
          const signature =
            kind === 'wrong-secret'
              ? signWebhook(body, 'whsec_someone_else', now())
              : kind === 'old'
                ? signWebhook(body, WEBHOOK_SECRET, now() - 3600)
                : kind === 'future'
                  ? signWebhook(body, WEBHOOK_SECRET, now() + 3600)
                  : kind === 'garbage'
                    ? junk
                    : signWebhook(body, WEBHOOK_SECRET, now());
          const sent = kind === 'mutated-body' ? Buffer.concat([body, Buffer.from(' ')]) : body;
          const headers: Record<string, string> = { 'content-type': 'application/json' };
          if (kind !== 'none') headers['x-berbix-signature'] = signature;
          const before = events;
          const first = await send('POST', '/webhook', headers, sent);
          if (kind === 'valid' || kind === 'replay') {
            expect(first.status).toBe(204);
            expect(events).toBe(before + 1);
            const again = await send('POST', '/webhook', headers, sent);
            expect(again.status).toBe(409);
          } else {
            expect(first.status).toBe(400);
          }
          expect(events).toBe(kind === 'valid' || kind === 'replay' ? before + 1 : before);
        },
      ),
      { numRuns: RUNS.webhooks, seed: 7 },
    );
  }, 60_000);

  it(`${RUNS.streams} truncated, lying and oversized raw streams: an answer or a closed socket, never a hang or a 5xx`, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(
          '/berbix/session/images/document_front',
          '/berbix/session',
          '/berbix/session/idscan',
          '/webhook',
        ),
        fc.constantFrom('declared-more', 'declared-huge', 'chunked-huge', 'chunked-cut', 'bad-chunk'),
        fc.constantFrom(...[0, 1, 2, 3]),
        async (path, shape, cookieIndex) => {
          const cookie = liveCookies[cookieIndex] ?? '';
          // The type each endpoint reads its body as (POST /session ignores a body of another type).
          const type = path.includes('/images/') ? 'image/png' : 'application/json';
          const head = (extra: string) =>
            `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: ${cookie}\r\nContent-Type: ${type}\r\n${extra}\r\n`;
          const png = pngHeaderOnly(800, 600);
          const payload =
            shape === 'declared-more'
              ? `${head(`Content-Length: ${png.length + 100}\r\n`)}${png.toString('latin1')}`
              : shape === 'declared-huge'
                ? head(`Content-Length: ${MAX_IMAGE_BYTES * 10}\r\n`)
                : shape === 'chunked-huge'
                  ? `${head('Transfer-Encoding: chunked\r\n')}${`10000\r\n${'x'.repeat(0x10000)}\r\n`.repeat(2)}0\r\n\r\n`
                  : shape === 'chunked-cut'
                    ? `${head('Transfer-Encoding: chunked\r\n')}20\r\n${png.toString('latin1').slice(0, 10)}`
                    : `${head('Transfer-Encoding: chunked\r\n')}zz\r\nhello\r\n0\r\n\r\n`;
          const before = upstreamCalls();
          const status = await new Promise<number>((resolve) => {
            const socket = connect(port, '127.0.0.1');
            let answer = '';
            socket.on('data', (chunk) => {
              answer += chunk.toString('latin1');
            });
            socket.on('error', () => {});
            socket.on('close', () => resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0)));
            socket.write(payload, 'latin1');
            // A client that stops sending (truncated body) then hangs up, as a dropped phone would.
            setTimeout(() => socket.end(), 30);
            setTimeout(() => socket.destroy(), 2000);
          });
          expect(status < 500).toBe(true);
          expect(upstreamCalls() - before).toBe(0);
        },
      ),
      { numRuns: RUNS.streams, seed: 3 },
    );
    // Still serving after all of it (the fuzzer may have deleted the early sessions: start one).
    const fresh = await send('POST', '/berbix/session', { 'content-type': 'application/json' }, Buffer.from('{}'));
    expect(fresh.status).toBe(201);
  }, 90_000);
});
