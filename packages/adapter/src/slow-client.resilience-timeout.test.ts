import { connect } from 'node:net';
import { type RunningSandbox, startSandbox } from '@berbix-capture/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { berbixCapture } from './router.js';
import { Browser, type RunningAdapter, SESSION_SECRET, startAdapter } from './testing/harness.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

import { documentPng, pngHeaderOnly } from './testing/images.js';

/**
 * Slow clients: every body has a deadline. An image trickling in is cut off after
 * `limits.bodyTimeoutMs`, a JSON body after `limits.jsonBodyTimeoutMs`, each answered 408 before
 * the connection closes; upload slots are given back, and one client can hold only
 * `maxConcurrentUploadsPerClient` of them, so tricklers cannot starve real uploads.
 */
const TIMEOUT_MS = 600;
const JSON_TIMEOUT_MS = 400;
const IMAGES = 'POST /v0/images/upload';
const TRANSACTIONS = 'POST /v0/transactions';

interface Trickled {
  closedAfterMs: number;
  answer: string;
}

/**
 * Sends `head` (request line and headers) and `first`, then 16 bytes every 100 ms until the adapter
 * hangs up; resolves with the ms until then and what it answered. `boundMs` is the test's own
 * bound: past it the socket is closed here, and the timing assertions fail.
 */
function trickleRaw(url: string, head: string, first: Buffer | string, boundMs: number): Promise<Trickled> {
  const { port } = new URL(url);
  return new Promise((resolve) => {
    const started = Date.now();
    const socket = connect(Number(port), '127.0.0.1');
    let answer = '';
    let timer: NodeJS.Timeout | undefined;
    socket.on('data', (chunk) => {
      answer += chunk.toString('latin1');
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      clearInterval(timer);
      resolve({ closedAfterMs: Date.now() - started, answer });
    });
    socket.write(head);
    socket.write(first);
    timer = setInterval(() => {
      if (!socket.destroyed && socket.writable) socket.write(Buffer.alloc(16, 0x20));
    }, 100);
    setTimeout(() => socket.destroy(), boundMs);
  });
}

/** The status line's code and the JSON error code of a raw answer. */
function statusOf(answer: string): { status: number; code: string | undefined } {
  const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0);
  const body = answer.slice(answer.indexOf('\r\n\r\n') + 4);
  let code: string | undefined;
  try {
    code = (JSON.parse(body) as { error?: { code?: string } }).error?.code;
  } catch {
    code = undefined;
  }
  return { status, code };
}

describe('a body trickling in', () => {
  let sandbox: RunningSandbox;
  let adapter: RunningAdapter;

  beforeAll(async () => {
    sandbox = await startSandbox();
    adapter = await startAdapter(sandbox, { limits: { bodyTimeoutMs: TIMEOUT_MS, maxConcurrentUploads: 2 } });
  });
  afterAll(async () => {
    await adapter?.close();
    await sandbox?.close();
  });

  /** An image upload: headers and a PNG start, then 16 bytes every 100 ms. */
  function trickle(cookie: string): Promise<Trickled> {
    return trickleRaw(
      adapter.url,
      `POST /berbix/session/images/document_front HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: ${cookie}\r\nContent-Type: image/png\r\nContent-Length: 1000000\r\n\r\n`,
      pngHeaderOnly(800, 600),
      10 * TIMEOUT_MS,
    );
  }

  it('is cut off after bodyTimeoutMs, forwards nothing, and frees its upload slot', async () => {
    const tricklers = [new Browser(adapter.url), new Browser(adapter.url)];
    for (const browser of tricklers) expect((await browser.startSession()).status).toBe(201);
    const before = sandbox.counters.snapshot().requests[IMAGES] ?? 0;

    const cut = await Promise.all(tricklers.map((browser) => trickle(browser.cookie)));
    for (const { closedAfterMs, answer } of cut) {
      expect(closedAfterMs).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
      expect(closedAfterMs).toBeLessThan(5 * TIMEOUT_MS);
      // Told why before the connection closed, in the usual error format.
      expect(statusOf(answer)).toEqual({ status: 408, code: 'invalid_request' });
      expect(answer.toLowerCase()).toContain('connection: close');
    }
    process.stdout.write(
      `image bodies cut after ${cut.map((c) => c.closedAfterMs).join(', ')} ms (bodyTimeoutMs ${TIMEOUT_MS})\n`,
    );
    expect(sandbox.counters.snapshot().requests[IMAGES] ?? 0).toBe(before);

    // Both slots (maxConcurrentUploads: 2) are free again: two real uploads at once go through.
    const real = [new Browser(adapter.url), new Browser(adapter.url)];
    for (const browser of real) await browser.startSession();
    const answers = await Promise.all(
      real.map((browser, i) => browser.upload('document_front', documentPng(640, 420, i + 1))),
    );
    expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
  });

  it('a fast upload is not affected, and bodyTimeoutMs is validated', async () => {
    const browser = new Browser(adapter.url);
    await browser.startSession();
    expect((await browser.upload('document_front', documentPng(1200, 760, 3))).status).toBe(200);
    const base = { secret: SESSION_SECRET, transaction: () => ({ customerUid: 'c', templateKey: 't' }) };
    for (const bodyTimeoutMs of [0, -1, 1.5, 10 * 60 * 1000 + 1]) {
      expect(() => berbixCapture({ ...base, limits: { bodyTimeoutMs } })).toThrow(TypeError);
      expect(() => berbixCapture({ ...base, limits: { jsonBodyTimeoutMs: bodyTimeoutMs } })).toThrow(TypeError);
    }
    for (const maxConcurrentUploadsPerClient of [0, -1, 1.5]) {
      expect(() => berbixCapture({ ...base, limits: { maxConcurrentUploadsPerClient } })).toThrow(TypeError);
    }
  });
});

describe('a JSON body trickling in', () => {
  let sandbox: RunningSandbox;
  let adapter: RunningAdapter;

  beforeAll(async () => {
    sandbox = await startSandbox();
    adapter = await startAdapter(sandbox, { limits: { jsonBodyTimeoutMs: JSON_TIMEOUT_MS } });
  });
  afterAll(async () => {
    await adapter?.close();
    await sandbox?.close();
  });

  it('a chunked POST /session that never ends: 408 after jsonBodyTimeoutMs, no transaction created', async () => {
    const before = sandbox.counters.snapshot().requests[TRANSACTIONS] ?? 0;
    // One chunk that announces 0x1000 bytes, then spaces: valid JSON whitespace that never ends.
    const cut = await trickleRaw(
      adapter.url,
      'POST /berbix/session HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n',
      '1000\r\n{',
      20 * JSON_TIMEOUT_MS,
    );
    process.stdout.write(
      `chunked POST /session cut after ${cut.closedAfterMs} ms (jsonBodyTimeoutMs ${JSON_TIMEOUT_MS})\n`,
    );
    expect(cut.closedAfterMs).toBeGreaterThanOrEqual(JSON_TIMEOUT_MS - 50);
    expect(cut.closedAfterMs).toBeLessThan(5 * JSON_TIMEOUT_MS);
    expect(statusOf(cut.answer)).toEqual({ status: 408, code: 'invalid_request' });
    expect(sandbox.counters.snapshot().requests[TRANSACTIONS] ?? 0).toBe(before);
  });

  it('a hand-off claim that stops after 10 of 900 bytes: 408 after jsonBodyTimeoutMs', async () => {
    const started = Date.now();
    const { port } = new URL(adapter.url);
    const answer = await new Promise<string>((resolve) => {
      const socket = connect(Number(port), '127.0.0.1');
      let text = '';
      socket.on('data', (chunk) => {
        text += chunk.toString('latin1');
      });
      socket.on('error', () => {});
      socket.on('close', () => resolve(text));
      socket.write(
        'POST /berbix/session/handoff/claim HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 900\r\n\r\n{"code":"A',
      );
      setTimeout(() => socket.destroy(), 20 * JSON_TIMEOUT_MS);
    });
    const closedAfterMs = Date.now() - started;
    process.stdout.write(
      `stalled hand-off claim cut after ${closedAfterMs} ms (jsonBodyTimeoutMs ${JSON_TIMEOUT_MS})\n`,
    );
    expect(closedAfterMs).toBeGreaterThanOrEqual(JSON_TIMEOUT_MS - 50);
    expect(closedAfterMs).toBeLessThan(5 * JSON_TIMEOUT_MS);
    expect(statusOf(answer)).toEqual({ status: 408, code: 'invalid_request' });
    // The code's first byte is not echoed back.
    expect(answer).not.toContain('"A');
  });

  it('a body nobody reads (a refused request) gets the deadline too, and the server keeps serving', async () => {
    const cut = await trickleRaw(
      adapter.url,
      'POST /berbix/session/handoff HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\nContent-Length: 100000\r\n\r\n',
      'x',
      20 * JSON_TIMEOUT_MS,
    );
    // No session: 401 at once, and the connection closes rather than waiting for the rest.
    expect(statusOf(cut.answer)).toEqual({ status: 401, code: 'no_session' });
    expect(cut.closedAfterMs).toBeLessThan(5 * JSON_TIMEOUT_MS);
    const browser = new Browser(adapter.url);
    expect((await browser.startSession()).status).toBe(201);
  });

  it('a JSON body that arrives in time is parsed as before', async () => {
    const browser = new Browser(adapter.url);
    const created = await browser.startSession({ idType: 'P' });
    expect(created.status).toBe(201);
    expect(created.json.idType).toBe('P');
    expect(
      (await browser.request('POST', '/session', { body: '[1', headers: { 'content-type': 'application/json' } }))
        .status,
    ).toBe(400);
  });
});

describe('upload slots per client', () => {
  let sandbox: RunningSandbox;
  let adapter: RunningAdapter;

  beforeAll(async () => {
    sandbox = await startSandbox();
    // The defaults' shape (16 in all, 4 per client) with a short body deadline.
    adapter = await startAdapter(sandbox, {
      limits: { bodyTimeoutMs: 2 * TIMEOUT_MS, maxConcurrentUploads: 16, maxConcurrentUploadsPerClient: 4 },
    });
  });
  afterAll(async () => {
    await adapter?.close();
    await sandbox?.close();
  });

  function trickleFrom(browser: Browser): Promise<Trickled> {
    const forwarded = browser.clientIp ? `X-Forwarded-For: ${browser.clientIp}\r\n` : '';
    return trickleRaw(
      adapter.url,
      `POST /berbix/session/images/document_front HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: ${browser.cookie}\r\n${forwarded}Content-Type: image/png\r\nContent-Length: 1000000\r\n\r\n`,
      pngHeaderOnly(800, 600),
      20 * TIMEOUT_MS,
    );
  }

  it('16 slow senders from one address hold 4 slots, not 16: real uploads still go through', async () => {
    const attackers = Array.from({ length: 16 }, () => {
      const browser = new Browser(adapter.url);
      browser.clientIp = '203.0.113.7';
      return browser;
    });
    for (const browser of attackers) expect((await browser.startSession()).status).toBe(201);
    const started = Date.now();
    const slow = Promise.all(attackers.map((browser) => trickleFrom(browser)));
    await sleep(200);
    // While they trickle: other people's uploads are served.
    const real = [new Browser(adapter.url), new Browser(adapter.url)];
    const [, fromElsewhere] = real;
    if (fromElsewhere) fromElsewhere.clientIp = '198.51.100.20';
    for (const browser of real) await browser.startSession();
    const answers = await Promise.all(
      real.map((browser, i) => browser.upload('document_front', documentPng(640, 420, i + 7))),
    );
    expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
    expect(Date.now() - started).toBeLessThan(2 * TIMEOUT_MS);

    const cut = await slow;
    const statuses = cut.map((c) => statusOf(c.answer).status);
    expect(statuses.filter((status) => status === 408)).toHaveLength(4);
    expect(statuses.filter((status) => status === 429)).toHaveLength(12);
    const refusedAfter = cut.filter((c) => statusOf(c.answer).status === 429).map((c) => c.closedAfterMs);
    const cutAfter = cut.filter((c) => statusOf(c.answer).status === 408).map((c) => c.closedAfterMs);
    process.stdout.write(
      `16 slow senders from one address: 4 held slots until ${Math.min(...cutAfter)}-${Math.max(...cutAfter)} ms (bodyTimeoutMs ${2 * TIMEOUT_MS}), 12 refused 429 within ${Math.max(...refusedAfter)} ms\n`,
    );
    expect(Math.max(...refusedAfter)).toBeLessThan(TIMEOUT_MS);
    expect(cut.find((c) => statusOf(c.answer).status === 429)?.answer).toContain('too many uploads from this client');
  });

  it('one session holds at most 4 slots, also from loopback (no address of its own)', async () => {
    const browser = new Browser(adapter.url);
    expect((await browser.startSession()).status).toBe(201);
    const cut = await Promise.all(Array.from({ length: 5 }, () => trickleFrom(browser)));
    const statuses = cut.map((c) => statusOf(c.answer).status).sort();
    expect(statuses).toEqual([408, 408, 408, 408, 429]);
    // All given back: the same session uploads for real now.
    expect((await browser.upload('document_front', documentPng(640, 420, 9))).status).toBe(200);
  });
});
