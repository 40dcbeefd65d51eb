import { type RunningSandbox, startSandbox } from '@berbix-capture/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaptureSession, runPool } from '../bench/session-driver.js';
import type { CaptureResult } from './options.js';
import { AAMVA_BASE64, type RunningAdapter, smallDocuments, startAdapter, upstreamFaults } from './testing/harness.js';

/**
 * Upstream faults under load: the sandbox fails about 10% of every /v0 call (500, 503, 429, a
 * stall, a connection dropped before processing) while SESSIONS captures run at once. Every one
 * must reach done, each step must be applied at Berbix exactly once, and the browser may only ever
 * have seen 503 with Retry-After. SESSIONS is 200 as the issue asks (about 20-40 s here).
 */
const SESSIONS = 200;
const IMAGES = 'POST /v0/images/upload';
const CREATE = 'POST /v0/transactions';

describe(`${SESSIONS} concurrent sessions while Berbix fails ~10% of calls`, () => {
  let sandbox: RunningSandbox;
  let adapter: RunningAdapter;
  const completions = new Map<string, number>();

  beforeAll(async () => {
    sandbox = await startSandbox();
    adapter = await startAdapter(sandbox, {
      onComplete: (result: CaptureResult) => {
        const id = String(result.transactionId);
        completions.set(id, (completions.get(id) ?? 0) + 1);
      },
      // The instance's own capacity guard (429) is not what this test is about: upstream trouble only.
      limits: { maxConcurrentUploads: SESSIONS },
    });
  });
  afterAll(async () => {
    await adapter?.close();
    await sandbox?.close();
  });

  it('all reach done, nothing skipped or applied twice, the browser only saw 503 + Retry-After', async () => {
    const { front, back } = smallDocuments();
    sandbox.faults.configure({ ...upstreamFaults(9), retryAfterSeconds: 1 });
    const started = Date.now();
    const results = await runPool(SESSIONS, SESSIONS, () =>
      new CaptureSession({ base: adapter.url, front, back, barcode: AAMVA_BASE64 }).run(),
    );
    sandbox.faults.configure({});
    const elapsed = Date.now() - started;
    // A capture whose transaction fetch failed (a 500 on GET /v0/transactions is not retried by the
    // client) answers done and completes on the browser's next GET /session, as documented: the
    // next page's visit, made here once for each session still without a result.
    let followUps = 0;
    for (const result of results) {
      if (await adapter.router.getResult(result.sessionId)) continue;
      const visit = new CaptureSession({ base: adapter.url, front, back, barcode: AAMVA_BASE64 });
      visit.cookie = result.cookie;
      await visit.call('GET', '/session');
      followUps++;
    }
    const counters = sandbox.counters.snapshot();

    // The faults really happened, on uploads too, and some reached the browser.
    expect(counters.faultsInjected).toBeGreaterThan(SESSIONS * 0.2);
    const failures = results.flatMap((result) => result.failures);
    expect(failures.length).toBeGreaterThan(0);
    expect(counters.requests[IMAGES] ?? 0).toBeGreaterThan(2 * SESSIONS);

    // All done, each with its own transaction, completed exactly once.
    expect(results.filter((result) => !result.done)).toEqual([]);
    expect(new Set(results.map((result) => result.sessionId)).size).toBe(SESSIONS);
    for (const result of results) {
      expect((await adapter.router.getResult(result.sessionId))?.transactionId).toMatch(/^\d+$/);
    }
    expect(completions.size).toBe(SESSIONS);
    expect([...completions.values()].every((count) => count === 1)).toBe(true);

    // Applied at Berbix exactly once per step: no step skipped, none uploaded twice.
    expect(counters.processed[CREATE]).toBe(SESSIONS);
    expect(counters.processed[IMAGES]).toBe(2 * SESSIONS);
    expect(counters.uploads).toEqual({ document_front: SESSIONS, document_back: SESSIONS });

    // The only failures the browser saw: 503 upstream_unavailable with a Retry-After of >= 1 s.
    for (const failure of failures) {
      expect(failure).toMatchObject({ status: 503, code: 'upstream_unavailable' });
      expect(Number(failure.retryAfter)).toBeGreaterThanOrEqual(1);
    }
    // For the README: N and the time on this machine.
    process.stdout.write(
      `upstream faults: ${SESSIONS} sessions in ${elapsed} ms, ${counters.faultsInjected} faults, ${failures.length} 503s seen, ${followUps} completed on the follow-up visit\n`,
    );
  }, 120_000);
});
