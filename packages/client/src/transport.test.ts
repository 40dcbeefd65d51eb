import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  BerbixAbortError,
  BerbixAPIError,
  BerbixConnectionError,
  BerbixInvalidRequestError,
  BerbixRateLimitError,
  BerbixTimeoutError,
} from './errors.js';
import { BASE64_CHUNK_INPUT_BYTES, Base64Field, StreamedJsonBody } from './json-stream.js';
import { refusingFirstFetch } from './testing/fetches.js';
import { type ApiRequest, checkRequestOptions, MAX_ANSWER_BYTES, send, type TransportConfig } from './transport.js';

/**
 * The request path's edges against a real HTTP server on loopback that misbehaves on purpose in
 * ways the sandbox's fault injection does not cover (huge answers, cut-off bodies, HTTP-date
 * Retry-After, hanging after headers). The happy path and the fault matrix run against the sandbox
 * in faults.test.ts.
 */
type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

let server: Server;
let baseUrl: string;
let handler: Handler = (_req, res) => res.end('{}');
/** Answers every request with a `status` redirect to another host (where credentials must not go). */
const redirectElsewhere =
  (status: number): Handler =>
  (_req, res) => {
    res.writeHead(status, { location: 'http://127.0.0.1:1/elsewhere' });
    res.end();
  };
const seen: Array<{
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
  closedEarly: boolean;
}> = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      const entry = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body, closedEarly: false };
      seen.push(entry);
      res.on('close', () => {
        entry.closedEarly = !res.writableFinished;
      });
      handler(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(
  () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
);
afterEach(() => {
  seen.length = 0;
  handler = (_req, res) => res.end('{}');
});

const config = (overrides: Partial<TransportConfig> = {}): TransportConfig => ({
  apiHost: baseUrl,
  fetch: globalThis.fetch,
  timeoutMs: 2_000,
  maxRetries: 2,
  userAgent: 'BerbixCapture/test',
  backoff: { baseDelayMs: 20, maxDelayMs: 100, maxRetryAfterMs: 3_000 },
  ...overrides,
});

const TOKEN = 'sbx_at_abcdefghijklmnopqrstuvwx';
const request = (overrides: Partial<ApiRequest> = {}): ApiRequest => ({
  method: 'GET',
  path: '/v0/transactions',
  authorization: `Bearer ${TOKEN}`,
  policy: 'idempotent',
  secrets: [TOKEN],
  ...overrides,
});

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
};

describe('send: timeouts and aborts', () => {
  it('aborts a slow attempt at the timeout (the server sees the connection close) and retries a GET', async () => {
    let calls = 0;
    handler = (_req, res) => {
      calls++;
      if (calls === 1) return; // never answers
      json(res, 200, { ok: true });
    };
    const started = Date.now();
    const answer = await send(config({ timeoutMs: 150 }), request());
    expect(answer.body).toEqual({ ok: true });
    expect(calls).toBe(2);
    expect(Date.now() - started).toBeLessThan(1_500);
    await new Promise((r) => setTimeout(r, 50));
    expect(seen[0]?.closedEarly).toBe(true);
  });

  it('does not replay an upload that timed out: it may have been applied', async () => {
    handler = () => {};
    const error = await send(config({ timeoutMs: 100 }), request({ method: 'POST', policy: 'unsafe', body: {} })).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(BerbixTimeoutError);
    expect(error).toBeInstanceOf(BerbixConnectionError);
    expect(error.mayHaveReachedServer).toBe(true);
    expect(seen).toHaveLength(1);
  });

  it('times out an answer whose body never finishes', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"partial":');
    };
    const error = await send(config({ timeoutMs: 150, maxRetries: 0 }), request()).catch((e) => e);
    expect(error).toBeInstanceOf(BerbixTimeoutError);
  });

  it("stops at the caller's signal, also during the wait between retries", async () => {
    const controller = new AbortController();
    // Abort while the client waits out the Retry-After, i.e. once the 503 has been sent (not after
    // a fixed delay from the start: on a loaded machine the first answer may take longer than that).
    handler = (_req, res) => {
      res.once('finish', () => setTimeout(() => controller.abort(new Error('user left')), 300));
      json(res, 503, { message: 'busy' }, { 'retry-after': '2' });
    };
    const error = await send(config(), request({ policy: 'unsafe', method: 'POST', body: {} }), {
      signal: controller.signal,
    }).catch((e) => e);
    expect(error).toBeInstanceOf(BerbixAbortError);
    expect(error.cause).toEqual(new Error('user left'));
    // Only a 503 so far: nothing was applied.
    expect(error.mayHaveReachedServer).toBe(false);
    // It stopped during the 2 s wait: the retry was never sent.
    expect(seen).toHaveLength(1);
  });

  it('does not even send when the signal is already aborted', async () => {
    const error = await send(config(), request(), { signal: AbortSignal.abort() }).catch((e) => e);
    expect(error).toBeInstanceOf(BerbixAbortError);
    expect(seen).toHaveLength(0);
  });
});

describe('send: answers', () => {
  it('honours Retry-After given as an HTTP date', async () => {
    let calls = 0;
    handler = (_req, res) => {
      calls++;
      if (calls === 1) {
        json(res, 429, { message: 'slow down' }, { 'retry-after': new Date(Date.now() + 2_000).toUTCString() });
      } else json(res, 200, { ok: true });
    };
    const started = Date.now();
    await send(config(), request());
    // HTTP dates have whole-second precision: 2 s ahead, truncated, is still more than 1 s away.
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(calls).toBe(2);
  });

  it('gives up at once when Retry-After asks for longer than it is willing to wait', async () => {
    handler = (_req, res) => json(res, 429, { message: 'come back tomorrow' }, { 'retry-after': '86400' });
    const error = await send(config(), request()).catch((e) => e);
    expect(error).toBeInstanceOf(BerbixRateLimitError);
    expect(error.retryAfter).toBe(86_400);
    expect(seen).toHaveLength(1);
  });

  it('refuses an oversized answer without buffering it', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = 'x'.repeat(64 * 1024);
      // No content-length: the limit must hold while streaming.
      for (let i = 0; i < (MAX_ANSWER_BYTES / chunk.length) * 3; i++) res.write(chunk);
      res.end();
    };
    const error = await send(config(), request()).catch((e) => e);
    expect(error).toBeInstanceOf(BerbixAPIError);
    expect(error.message).toMatch(/more than/);
  });

  it('treats a 2xx answer that is not JSON as an API error, not as success', async () => {
    handler = (_req, res) => res.end('<html>proxy login</html>');
    await expect(send(config(), request())).rejects.toBeInstanceOf(BerbixAPIError);
  });

  it('does not follow redirects (credentials would go elsewhere)', async () => {
    handler = redirectElsewhere(302);
    const error = await send(config(), request()).catch((e) => e);
    expect(error).toBeInstanceOf(BerbixAPIError);
    expect(error.statusCode).toBe(302);
  });

  it('reports an answer cut off mid-body as a connection error that reached the server', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
      res.write('{"a":');
      setTimeout(() => res.destroy(), 20);
    };
    const error = await send(config(), request({ method: 'POST', policy: 'unsafe', body: {} })).catch((e) => e);
    expect(error).toBeInstanceOf(BerbixConnectionError);
    expect(error).not.toBeInstanceOf(BerbixTimeoutError);
    expect(error.mayHaveReachedServer).toBe(true);
    expect(seen).toHaveLength(1);
  });

  it('scrubs credentials the server echoes back out of the error', async () => {
    handler = (req, res) =>
      json(res, 400, { message: `bad header ${req.headers.authorization}`, echo: { [TOKEN]: [TOKEN] } });
    const error = await send(config(), request()).catch((e) => e);
    expect(error).toBeInstanceOf(BerbixInvalidRequestError);
    expect(error.message).toBe('bad header Bearer [redacted]');
    expect(JSON.stringify(error.raw)).not.toContain(TOKEN);
  });
});

describe('send: headers', () => {
  it('passes x-request-id through, sends the same bytes on a retry, and reports the id on errors', async () => {
    handler = (_req, res) => json(res, 502, { message: 'bad gateway' });
    const error = await send(config(), request({ method: 'PATCH', body: { note: 'n' } }), {
      headers: { 'X-Request-Id': 'req_mine_1' },
    }).catch((e) => e);
    expect(seen).toHaveLength(3);
    for (const entry of seen) {
      expect(entry.headers['x-request-id']).toBe('req_mine_1');
      expect(entry.headers['user-agent']).toBe('BerbixCapture/test');
      expect(entry.body).toBe('{"note":"n"}');
    }
    expect(error.requestId).toBe('req_mine_1');
  });

  it("prefers the server's request id when it sends one", async () => {
    handler = (_req, res) => json(res, 404, { message: 'nope' }, { 'x-request-id': 'req_server' });
    const error = await send(config(), request(), { headers: { 'x-request-id': 'req_mine' } }).catch((e) => e);
    expect(error.requestId).toBe('req_server');
  });
});

describe('send: streamed upload bodies', () => {
  // Several base64 chunks and a remainder that needs padding.
  const image = randomBytes(3 * BASE64_CHUNK_INPUT_BYTES + 2);
  const expected = JSON.stringify({ images: [{ data: image.toString('base64'), image_subject: 'document_front' }] });
  const upload = () =>
    request({
      method: 'POST',
      path: '/v0/images/upload',
      policy: 'unsafe',
      body: new StreamedJsonBody({ images: [{ data: new Base64Field(image), image_subject: 'document_front' }] }),
    });

  it('declares Content-Length up front (never chunked) and sends exactly that many bytes, the expected JSON', async () => {
    handler = (_req, res) => json(res, 200, { next_step: 'done' });
    const body = upload().body as StreamedJsonBody;
    await send(config(), upload());
    expect(seen).toHaveLength(1);
    const [entry] = seen;
    expect(entry?.headers['content-length']).toBe(String(body.length));
    expect(entry?.headers['transfer-encoding']).toBeUndefined();
    expect(entry?.headers['content-type']).toBe('application/json');
    expect(Buffer.byteLength(entry?.body ?? '')).toBe(body.length);
    expect(entry?.body).toBe(expected);
  });

  it('sends the same bytes again on the retry after a 503', async () => {
    let calls = 0;
    handler = (_req, res) => {
      calls++;
      if (calls === 1) json(res, 503, { message: 'busy' }, { 'retry-after': '0' });
      else json(res, 200, { next_step: 'done' });
    };
    await expect(send(config(), upload())).resolves.toMatchObject({ status: 200 });
    expect(seen.map((entry) => entry.body)).toEqual([expected, expected]);
    expect(seen.map((entry) => entry.headers['content-length'])).toEqual([
      String(Buffer.byteLength(expected)),
      String(Buffer.byteLength(expected)),
    ]);
  });

  it('retries, whole, an upload whose connection was refused (it never left this machine)', async () => {
    handler = (_req, res) => json(res, 200, { next_step: 'done' });
    const refusedFirst = await refusingFirstFetch(baseUrl);
    await send(config({ fetch: refusedFirst.fetch }), upload());
    expect(refusedFirst.attempts()).toBe(2);
    expect(seen.map((entry) => entry.body)).toEqual([expected]);
  });

  it('does not follow a redirect, nor retry: an API error that says so', async () => {
    handler = redirectElsewhere(307);
    const error = await send(config(), upload()).catch((e) => e);
    expect(error).toBeInstanceOf(BerbixAPIError);
    expect(error.code).toBe('unexpected_redirect');
    expect(error.message).toMatch(/redirect/);
    expect(seen).toHaveLength(1);
  });

  it('does not replay an upload whose connection was cut while its body was being sent', async () => {
    let requests = 0;
    const cutting = createServer((req) => {
      requests++;
      req.once('data', () => req.socket.destroy());
    });
    await new Promise<void>((resolve) => cutting.listen(0, '127.0.0.1', resolve));
    try {
      const apiHost = `http://127.0.0.1:${(cutting.address() as AddressInfo).port}`;
      const error = await send(config({ apiHost }), upload()).catch((e) => e);
      expect(error).toBeInstanceOf(BerbixConnectionError);
      expect(error.mayHaveReachedServer).toBe(true);
      expect(requests).toBe(1);
    } finally {
      cutting.closeAllConnections();
      await new Promise((resolve) => cutting.close(resolve));
    }
  });
});

describe('checkRequestOptions', () => {
  it('rejects unknown, malformed and reserved options with a TypeError naming them', () => {
    expect(() => checkRequestOptions({ timeout: 5 } as never)).toThrow(/unknown request option\(s\) timeout; allowed/);
    expect(() => checkRequestOptions({ timeoutMs: -1 })).toThrow(TypeError);
    expect(() => checkRequestOptions({ timeoutMs: Number.NaN })).toThrow(TypeError);
    expect(() => checkRequestOptions({ maxRetries: 1.5 })).toThrow(TypeError);
    expect(() => checkRequestOptions({ maxRetries: 1000 })).toThrow(TypeError);
    expect(() => checkRequestOptions({ signal: {} as AbortSignal })).toThrow(TypeError);
    expect(() => checkRequestOptions({ headers: { Authorization: 'Bearer x' } })).toThrow(/set by the client/);
    expect(() => checkRequestOptions({ headers: { 'x-a': 1 as never } })).toThrow(TypeError);
    expect(() => checkRequestOptions({ headers: { 'x-a': 'ok\r\nx-evil: 1' } })).toThrow(/visible characters/);
    expect(() => checkRequestOptions({ headers: { 'x a': 'v' } })).toThrow(/HTTP tokens/);
    expect(() => checkRequestOptions({ headers: { 'x-a': 'v'.repeat(9000) } })).toThrow(TypeError);
    expect(checkRequestOptions({ headers: { 'x-request-id': 'req_1', 'x-b': '' } })).toBeTruthy();
    expect(() => checkRequestOptions(null as never)).toThrow(TypeError);
    expect(checkRequestOptions(undefined)).toEqual({});
  });
});
