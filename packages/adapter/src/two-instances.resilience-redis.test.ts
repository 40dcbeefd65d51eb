import { type RunningSandbox, startSandbox } from '@berbix-capture/sandbox';
import { type RunningRedis, startRedisServer } from '@berbix-capture/testing/redis-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaptureSession, runPool } from '../bench/session-driver.js';
import type { CaptureResult } from './options.js';
import { redisStore } from './redis-store.js';
import { AAMVA_BASE64, type RunningAdapter, smallDocuments, startAdapter, upstreamFaults } from './testing/harness.js';

/**
 * Two adapter instances behind a (random) load balancer, sharing one real Redis, under the same
 * load as the upstream-fault test: every request of every session goes to either instance at
 * random while Berbix fails ~10% of calls. Same guarantees: all done, each step applied once,
 * onComplete once per transaction across both instances, only 503 + Retry-After seen.
 */
const SESSIONS = 100;
const IMAGES = 'POST /v0/images/upload';

describe(`${SESSIONS} sessions spread over two instances on one Redis, with upstream faults`, () => {
  let redis: RunningRedis;
  let sandbox: RunningSandbox;
  const instances: RunningAdapter[] = [];
  const completions = new Map<string, number>();
  const completedBy = [0, 0];

  beforeAll(async () => {
    redis = await startRedisServer();
    sandbox = await startSandbox();
    for (const index of [0, 1]) {
      instances.push(
        await startAdapter(sandbox, {
          store: redisStore({ url: redis.url }),
          limits: { maxConcurrentUploads: SESSIONS },
          onComplete: (result: CaptureResult) => {
            const id = String(result.transactionId);
            completions.set(id, (completions.get(id) ?? 0) + 1);
            completedBy[index] = (completedBy[index] ?? 0) + 1;
          },
        }),
      );
    }
  });
  afterAll(async () => {
    for (const instance of instances) await instance.close();
    await sandbox?.close();
    await redis?.stop();
  });

  it('all reach done; each step applied once; onComplete once per transaction over both', async () => {
    const { front, back } = smallDocuments();
    sandbox.faults.configure(upstreamFaults(11));
    const pick = () => (instances[Math.random() < 0.5 ? 0 : 1] as RunningAdapter).url;
    const results = await runPool(SESSIONS, SESSIONS, () =>
      new CaptureSession({ base: pick, front, back, barcode: AAMVA_BASE64 }).run(),
    );
    sandbox.faults.configure({});
    // As in load.resilience-upstream: a failed transaction fetch completes on the next GET /session.
    for (const result of results) {
      if (await instances[0]?.router.getResult(result.sessionId)) continue;
      const visit = new CaptureSession({ base: pick, front, back, barcode: AAMVA_BASE64 });
      visit.cookie = result.cookie;
      await visit.call('GET', '/session');
    }
    const counters = sandbox.counters.snapshot();

    expect(counters.faultsInjected).toBeGreaterThan(0);
    expect(results.filter((result) => !result.done)).toEqual([]);
    expect(new Set(results.map((result) => result.sessionId)).size).toBe(SESSIONS);
    expect(counters.processed[IMAGES]).toBe(2 * SESSIONS);
    expect(counters.uploads).toEqual({ document_front: SESSIONS, document_back: SESSIONS });
    expect(completions.size).toBe(SESSIONS);
    expect([...completions.values()].every((count) => count === 1)).toBe(true);
    // Both instances really did finish captures.
    expect(completedBy.every((count) => count > 0)).toBe(true);
    for (const failure of results.flatMap((result) => result.failures)) {
      expect(failure).toMatchObject({ status: 503, code: 'upstream_unavailable' });
      expect(Number(failure.retryAfter)).toBeGreaterThanOrEqual(1);
    }
    // Either instance can read any result from the shared store.
    for (const result of results.slice(0, 10)) {
      expect((await instances[1]?.router.getResult(result.sessionId))?.transactionId).toMatch(/^\d+$/);
    }
  }, 90_000);
});
