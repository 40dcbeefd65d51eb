import { connect } from 'node:net';
import { type RunningSandbox, startSandbox } from '@berbix-capture/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { berbixCapture } from './router.js';
import { Browser, type RunningAdapter, SESSION_SECRET, startAdapter } from './testing/harness.js';
import { documentPng, pngHeaderOnly } from './testing/images.js';

/**
 * Slow clients: a body trickling in is cut off after `limits.bodyTimeoutMs`, and the upload slot
 * (with the bytes it held) is given back, so tricklers cannot starve real uploads.
 */
const TIMEOUT_MS = 600;
const IMAGES = 'POST /v0/images/upload';

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

  /** Sends headers and a PNG start, then 16 bytes every 100 ms; resolves with ms until the adapter hung up. */
  function trickle(cookie: string): Promise<{ closedAfterMs: number; answer: string }> {
    const { port } = new URL(adapter.url);
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
      socket.write(
        `POST /berbix/session/images/document_front HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: ${cookie}\r\nContent-Type: image/png\r\nContent-Length: 1000000\r\n\r\n`,
      );
      socket.write(pngHeaderOnly(800, 600));
      timer = setInterval(() => socket.write(Buffer.alloc(16, 7)), 100);
      // The test's own bound: if the adapter never hangs up, this closes it and the assertion fails.
      setTimeout(() => socket.destroy(), 10 * TIMEOUT_MS);
    });
  }

  it('is cut off after bodyTimeoutMs, forwards nothing, and frees its upload slot', async () => {
    const tricklers = [new Browser(adapter.url), new Browser(adapter.url)];
    for (const browser of tricklers) expect((await browser.startSession()).status).toBe(201);
    const before = sandbox.counters.snapshot().requests[IMAGES] ?? 0;

    const cut = await Promise.all(tricklers.map((browser) => trickle(browser.cookie)));
    for (const { closedAfterMs } of cut) {
      expect(closedAfterMs).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
      expect(closedAfterMs).toBeLessThan(5 * TIMEOUT_MS);
    }
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
    }
  });
});
