import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningSandbox, startSandbox } from '@berbix-capture/sandbox';
import { type RunningRedis, startRedisServer } from '@berbix-capture/testing/redis-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaptureResult } from './options.js';
import { redisStore } from './redis-store.js';
import { sqliteStore } from './sqlite-store.js';
import { type BuiltInStore, memoryStore } from './store.js';
import {
  Browser,
  capturedLogs,
  expectNoTokens,
  expectNothingLeaked,
  type RunningAdapter,
  STATUS_AT_BACK,
  startAdapter,
} from './testing/harness.js';
import { documentPng } from './testing/images.js';

let redis: RunningRedis;
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await redis?.stop();
});

const stores: Array<[string, () => BuiltInStore]> = [
  ['memory', () => memoryStore()],
  ['sqlite', () => sqliteStore({ path: join(mkdtempSync(join(tmpdir(), 'adapter-proto-')), 'sessions.db') })],
  ['redis', () => redisStore({ url: redis.url, prefix: `proto-${Math.random().toString(36).slice(2)}:` })],
];

describe.each(stores)('full protocol against the sandbox, %s store', (_name, makeStore) => {
  let sandbox: RunningSandbox;
  let adapter: RunningAdapter;
  let store: BuiltInStore;
  const completed: CaptureResult[] = [];

  beforeAll(async () => {
    sandbox = await startSandbox();
    store = makeStore();
    adapter = await startAdapter(sandbox, {
      store,
      onComplete: async (result) => {
        completed.push(result);
      },
    });
  });
  afterAll(async () => {
    await adapter.close();
    await store.close?.();
    await sandbox.close();
  });

  it('walks front, back with the device barcode, done; onComplete once; getResult; nothing secret reaches the browser', async () => {
    const browser = new Browser(adapter.url);
    const created = await browser.startSession();
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ step: 'upload_document_front', idType: 'DL' });
    expect(Date.parse(created.json.expiresAt)).toBeGreaterThan(Date.now());
    expect(created.headers.get('set-cookie')).toMatch(
      /^berbix_session=[^;]+; Max-Age=\d+; Path=\/; .*HttpOnly; SameSite=Strict$/,
    );

    // A reload: same session, same step, no second transaction.
    const transactionsBefore = sandbox.state.transactions.size;
    const again = await browser.startSession();
    expect(again.status).toBe(201);
    expect(again.json.step).toBe('upload_document_front');
    expect(sandbox.state.transactions.size).toBe(transactionsBefore);

    const front = await browser.upload('document_front', documentPng(1200, 760, 1));
    expect(front.status).toBe(200);
    expect(front.json).toEqual({ issues: [], issueDetails: {}, nextStep: 'upload_document_back' });
    expect((await browser.status()).json).toEqual(STATUS_AT_BACK);

    const back = await browser.uploadBack();
    expect(back.status).toBe(200);
    expect(back.json).toEqual({ issues: [], issueDetails: {}, nextStep: 'done' });

    // The result is on the server before the browser hears `done`.
    expect(completed).toHaveLength(1);
    const result = completed[0] as CaptureResult;
    expect(BigInt(result.transactionId ?? '0')).toBeGreaterThan(2n ** 53n);
    // The fields Berbix read from the barcode the device decoded.
    expect(result.transaction.customer_uid).toBe('customer-42');
    expect(result.transaction.fields.family_name?.value).toBe('SAMPLE');
    expect(result.transaction.fields.given_name?.value).toBe('ALEX');
    expect(result.transaction.fields.date_of_birth?.value).toBe('1990-04-12');
    const sessionId = result.sessionId;
    expect(await adapter.router.getResult(sessionId)).toEqual(result);
    expect(sessionId).toBe(browser.sessionId());
    expect(await browser.myResult()).toEqual({ found: true, transactionId: result.transactionId });

    const status = await browser.status();
    expect(status.json).toEqual({
      step: 'done',
      attempts: 0,
      done: true,
      idType: 'DL',
      handoffAvailable: false,
      watching: false,
    });
    // Uploads after done are refused here, not by Berbix.
    const late = await browser.upload('document_front', documentPng(600, 400, 3));
    expect(late.status).toBe(409);
    expect(late.json.error).toMatchObject({ code: 'wrong_step', step: 'done' });
    expect(completed).toHaveLength(1);

    // A new POST after done starts a new transaction.
    const fresh = await browser.startSession();
    expect(fresh.status).toBe(201);
    expect(sandbox.state.transactions.size).toBe(transactionsBefore + 1);
    expect(await adapter.router.getResult(sessionId)).toEqual(result);

    // DELETE forgets the tokens.
    expect((await browser.request('DELETE', '/session')).status).toBe(204);
    expect((await browser.status()).status).toBe(401);

    // The log scan is only proof if there was logging to scan.
    expect(capturedLogs.some((line) => line.includes('upload answered'))).toBe(true);
    expectNothingLeaked(sandbox, browser);
    const everything = [...browser.transcript, ...capturedLogs].join('\n');
    expect(everything).not.toContain('SACRAMENTO');
    expect(everything).not.toContain('D1234567');
  });

  it('keeps tokens encrypted at rest: the store holds no token string', async () => {
    const browser = new Browser(adapter.url);
    await browser.startSession();
    expect(await browser.myResult()).toEqual({ found: false, transactionId: null });
    const stored = JSON.stringify(await store.get(browser.sessionId()));
    expect(stored).toContain('"tokens":"v1.');
    expectNoTokens(sandbox, [stored]);
  });
});
