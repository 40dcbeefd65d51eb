import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningSandbox, startSandbox } from '@berbix-capture/sandbox';
import { type RunningRedis, startRedisServer } from '@berbix-capture/testing/redis-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Child, spawnAdapter } from '../bench/processes.js';
import { CaptureSession, runPool } from '../bench/session-driver.js';
import { AAMVA_BASE64 } from './testing/harness.js';
import { documentPng } from './testing/images.js';

/**
 * Crash safety: an adapter in its own process, on SQLite or on Redis, is killed with SIGKILL twice
 * while 50 captures run, and started again on the same port each time. Every capture must finish,
 * every step must be applied at Berbix once, and `onComplete` (which appends the transaction id to
 * a file from the child) must have run for every finished transaction: once, plus at most one
 * call marked `redelivered` where a kill landed inside the callback (the only case in which the
 * adapter cannot know whether the first call did its work).
 */
const SESSIONS = 50;
const IMAGES = 'POST /v0/images/upload';
/** Short, so the lease of an upload cut by the kill lapses within the test (default 2 min). */
const LEASE_MS = 2500;
const readLines = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : []);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let redis: RunningRedis;
const workDir = mkdtempSync(join(tmpdir(), 'adapter-restart-'));
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await redis?.stop();
  rmSync(workDir, { recursive: true, force: true });
});

describe.each([
  ['SQLite', () => `sqlite:${join(workDir, 'sessions.db')}`],
  ['Redis', () => `redis:${redis.url}`],
])('adapter on %s killed with SIGKILL mid-run', (name, storeSpec) => {
  let sandbox: RunningSandbox;
  let adapter: Child | undefined;

  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterAll(async () => {
    await adapter?.stop('SIGKILL');
    await sandbox?.close();
  });

  it(`${SESSIONS} sessions all complete; onComplete once per transaction, a marked redelivery only after a kill inside it`, async () => {
    const completions = join(workDir, `completions-${name}.txt`);
    const start = (port?: number) =>
      spawnAdapter({
        apiHost: sandbox.url,
        apiSecret: sandbox.secret,
        store: storeSpec(),
        completions,
        leaseMs: LEASE_MS,
        ...(port && { port }),
      });
    adapter = await start();
    const url = adapter.url;
    const port = Number(new URL(url).port);
    const front = documentPng(640, 420, 1);
    const back = documentPng(640, 420, 2);

    // Kill when about 30% and 70% of the uploads have been applied at Berbix, then restart.
    const killer = (async () => {
      for (const fraction of [0.3, 0.7]) {
        while ((sandbox.counters.snapshot().processed[IMAGES] ?? 0) < fraction * 2 * SESSIONS) await sleep(10);
        await adapter?.stop('SIGKILL');
        adapter = await start(port);
      }
    })();
    const results = await runPool(SESSIONS, SESSIONS, () =>
      new CaptureSession({ base: url, front, back, barcode: AAMVA_BASE64, maxAttemptsPerStep: 40 }).run(),
    );
    await killer;
    const completionsBefore = readLines(completions).length;
    // A kill between Berbix's `done` and the adapter's claim leaves the completion pending under the
    // dead instance's lease; GET /session finishes it once the lease lapses. The browser already
    // heard done, so this models its next visit (the page after the capture, or a reload).
    await sleep(LEASE_MS + 200);
    for (const result of results) {
      const session = new CaptureSession({ base: url, front, back, barcode: AAMVA_BASE64 });
      session.cookie = result.cookie;
      expect((await session.call('GET', '/session')).json?.done).toBe(true);
    }
    process.stdout.write(`${name}: ${completionsBefore} of ${SESSIONS} completed before the follow-up visit\n`);

    expect(results.filter((result) => !result.done)).toEqual([]);
    expect(new Set(results.map((result) => result.sessionId)).size).toBe(SESSIONS);
    // The kills really cut requests off.
    expect(results.some((result) => result.statuses.includes(0))).toBe(true);

    const counters = sandbox.counters.snapshot();
    // Each step applied once: an upload applied just before a kill is answered 409 on its retry.
    expect(counters.uploads).toEqual({ document_front: SESSIONS, document_back: SESSIONS });

    const calls = readLines(completions).map((line) => line.split(' '));
    const first = new Map<string, number>();
    const again = new Map<string, number>();
    for (const [id = '', mark] of calls) (mark ? again : first).set(id, ((mark ? again : first).get(id) ?? 0) + 1);
    const finished = [...sandbox.state.transactions.values()]
      .filter((transaction) => transaction.step === 'done')
      .map((transaction) => String(transaction.id));
    expect(finished.length).toBe(SESSIONS);
    // Nothing lost: every finished transaction was delivered...
    expect([...new Set([...first.keys(), ...again.keys()])].sort()).toEqual([...finished].sort());
    // ...the adapter never calls twice on its own...
    expect([...first.values()].every((count) => count === 1)).toBe(true);
    // ...and repeats only what a kill cut, marked, once each (two kills: at most the callbacks they cut).
    expect([...again.values()].every((count) => count === 1)).toBe(true);
    process.stdout.write(`${name}: ${again.size} redelivered completion(s)\n`);
  }, 90_000);
});
