import { type RunningSandbox, startSandbox } from '@berbix-capture/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaptureSession, runPool } from '../bench/session-driver.js';
import { AAMVA_BASE64, type RunningAdapter, smallDocuments, startAdapter } from './testing/harness.js';

/**
 * Token expiry under load: the sandbox's tokens live 2 s and every browser pauses 2.1 s before each
 * upload, so each session's tokens have expired before its front and before its back. Each expiry
 * must cost exactly one refresh (no storm of concurrent refreshes, no refresh lost so that the next
 * call refreshes again) and the browser must never see a 401 or any other failure.
 */
const SESSIONS = 40;
const TTL_SECONDS = 2;

describe(`token expiry under load (${SESSIONS} concurrent sessions, ${TTL_SECONDS} s tokens)`, () => {
  let sandbox: RunningSandbox;
  let adapter: RunningAdapter;
  let completed = 0;

  beforeAll(async () => {
    sandbox = await startSandbox({ tokenTtlSeconds: TTL_SECONDS });
    adapter = await startAdapter(sandbox, {
      limits: { maxConcurrentUploads: SESSIONS },
      onComplete: () => {
        completed++;
      },
    });
  });
  afterAll(async () => {
    await adapter?.close();
    await sandbox?.close();
  });

  it('one refresh per session per expiry, never a 401 to the browser', async () => {
    const { front, back } = smallDocuments();
    const results = await runPool(SESSIONS, SESSIONS, () =>
      new CaptureSession({
        base: adapter.url,
        front,
        back,
        barcode: AAMVA_BASE64,
        pauseBeforeUploadMs: TTL_SECONDS * 1000 + 100,
      }).run(),
    );
    const counters = sandbox.counters.snapshot();
    expect(results.filter((result) => !result.done)).toEqual([]);
    expect(completed).toBe(SESSIONS);
    for (const result of results) {
      expect(result.failures).toEqual([]);
      expect(result.statuses.every((status) => status === 200 || status === 201)).toBe(true);
    }
    // Two expiries per session (before the front, before the back) => two refreshes each. The
    // fetch of the finished transaction right after the back may meet a third expiry when the
    // machine is slow, never more: each of the three token-using calls refreshes at most once.
    expect(counters.refreshes).toBeGreaterThanOrEqual(2 * SESSIONS);
    expect(counters.refreshes).toBeLessThanOrEqual(3 * SESSIONS);
    // Berbix never had to refuse an expired token more than once per refresh (the client refreshes
    // on 401 or ahead of expiry, and the adapter keeps the fresh tokens).
    expect(counters.uploads).toEqual({ document_front: SESSIONS, document_back: SESSIONS });
  }, 60_000);
});
