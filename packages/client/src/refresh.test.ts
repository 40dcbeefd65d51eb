import { DEFAULT_SECRET, type RunningSandbox, startSandbox } from '@berbix-capture/sandbox';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BerbixClient } from './client.js';
import { BerbixAbortError, BerbixAuthenticationError } from './errors.js';
import { Tokens } from './tokens.js';

/**
 * Token expiry and refresh against the sandbox with 1-second tokens, counted at the sandbox
 * (`counters.refreshes` counts processed `POST /v0/tokens`).
 */
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('token refresh with 1-second tokens', () => {
  let sandbox: RunningSandbox;
  let client: BerbixClient;

  beforeAll(async () => {
    sandbox = await startSandbox({ tokenTtlSeconds: 1 });
    client = new BerbixClient({ apiSecret: DEFAULT_SECRET, apiHost: sandbox.url });
  });
  afterAll(() => sandbox.close());
  beforeEach(() => sandbox.counters.reset());

  const create = (customerUid = 'u-refresh') => client.createApiOnlyTransaction({ customerUid, templateKey: 'tpk' });
  const refreshes = () => sandbox.counters.snapshot().refreshes;
  /**
   * Tokens the sandbox has already expired whose record claims they are good for `claimedMs` more
   * (refreshing 10 s before that), so the client sends them without refreshing first.
   */
  const expiredButClaimedGood = async (claimedMs: number): Promise<Tokens> => {
    const tokens = await create();
    await sleep(1_100);
    const expiresAt = Date.now() + claimedMs;
    return Tokens.fromRecord({ ...tokens.toRecord(), expiresAt, refreshAt: expiresAt - 10_000 });
  };

  it('uses fresh tokens as they are, without refreshing', async () => {
    const tokens = await create();
    await client.fetchTransaction(tokens);
    expect(refreshes()).toBe(0);
  });

  it('refreshes transparently, in place, when a call comes after expiry', async () => {
    const tokens = await create();
    const before = tokens.toRecord();
    await sleep(1_100);
    expect(tokens.needsRefresh()).toBe(true);
    const metadata = await client.fetchTransaction(tokens);
    expect(metadata.id).toBe(before.transactionId);
    expect(refreshes()).toBe(1);
    const after = tokens.toRecord();
    // The same object now holds new access and client tokens; the refresh token and what only the
    // creation knew are kept. This difference is what tells a store to persist.
    expect(after.accessToken).not.toBe(before.accessToken);
    expect(after.clientToken).not.toBe(before.clientToken);
    expect(after).toMatchObject({
      refreshToken: before.refreshToken,
      transactionId: before.transactionId,
      firstStep: 'upload_document_front',
    });
    expect(after.expiresAt ?? 0).toBeGreaterThan(before.expiresAt ?? 0);
    expect(tokens.needsRefresh()).toBe(false);
  });

  it('makes 20 concurrent calls after expiry share exactly one refresh', async () => {
    const tokens = await create();
    await sleep(1_100);
    const calls = Array.from({ length: 20 }, (_, i) =>
      i % 2 === 0 ? client.fetchTransaction(tokens) : client.updateTransaction(tokens, { note: `n${i}` }),
    );
    const results = await Promise.all(calls);
    expect(results.every((r) => r.id === tokens.transactionId)).toBe(true);
    expect(refreshes()).toBe(1);
    const counted = sandbox.counters.snapshot();
    expect(counted.requests['POST /v0/tokens']).toBe(1);
    expect(counted.processed['GET /v0/transactions']).toBe(10);
    expect(counted.processed['PATCH /v0/transactions']).toBe(10);
  });

  it('shares the refresh between separate Tokens objects loaded from one stored record', async () => {
    const tokens = await create();
    const record = JSON.parse(JSON.stringify(tokens.toRecord()));
    await sleep(1_100);
    const copies = Array.from({ length: 5 }, () => Tokens.fromRecord(record));
    await Promise.all(copies.map((copy) => client.fetchTransaction(copy)));
    expect(refreshes()).toBe(1);
    const accessTokens = new Set(copies.map((copy) => copy.accessToken));
    expect(accessTokens.size).toBe(1);
  });

  it('refreshes and retries once after a 401 the client could not foresee', async () => {
    // A store (or a skewed clock) claims the tokens are good for an hour: the sandbox says 401.
    const stale = await expiredButClaimedGood(3_600_000);
    expect(stale.needsRefresh()).toBe(false);
    await client.fetchTransaction(stale);
    expect(refreshes()).toBe(1);
    const counted = sandbox.counters.snapshot();
    expect(counted.requests['GET /v0/transactions']).toBe(2);
    expect(counted.processed['GET /v0/transactions']).toBe(1);
  });

  it('replays an upload refused with 401 once, since a 401 applied nothing', async () => {
    const stale = await expiredButClaimedGood(60_000);
    const answer = await client.uploadIdScan(stale, 'not a barcode');
    expect(answer.nextStep).toBe('upload_document_front');
    const counted = sandbox.counters.snapshot();
    expect(counted.requests['POST /v0/idscans/upload']).toBe(2);
    expect(counted.idscans).toBe(1);
  });

  it('builds working tokens from a refresh token alone', async () => {
    const tokens = await create();
    const fromRefresh = Tokens.fromRefresh(tokens.refreshToken);
    expect(fromRefresh.needsRefresh()).toBe(true);
    const metadata = await client.fetchTransaction(fromRefresh);
    expect(metadata.id).toBe(tokens.transactionId);
    expect(fromRefresh.transactionId).toBe(tokens.transactionId);
    expect(refreshes()).toBe(1);
  });

  it('refreshes on request and returns the same object', async () => {
    const tokens = await create();
    const access = tokens.accessToken;
    await expect(client.refreshTokens(tokens)).resolves.toBe(tokens);
    expect(tokens.accessToken).not.toBe(access);
    expect(refreshes()).toBe(1);
  });

  it('fails a bad refresh token with an authentication error that does not contain it', async () => {
    const bogus = Tokens.fromRefresh('sbx_rt_this_one_was_never_issued_0001');
    const error = await client.fetchTransaction(bogus).catch((e) => e);
    expect(error).toBeInstanceOf(BerbixAuthenticationError);
    expect(`${error.message} ${JSON.stringify(error.raw)}`).not.toContain('sbx_rt_this_one_was_never_issued_0001');
    // The tokens are untouched: nothing to persist.
    expect(bogus.accessToken).toBeNull();
  });

  it("lets one caller give up on a shared refresh without breaking the others'", async () => {
    const tokens = await create();
    await sleep(1_100);
    const controller = new AbortController();
    const impatient = client.fetchTransaction(tokens, { signal: controller.signal });
    const patient = Array.from({ length: 3 }, () => client.fetchTransaction(tokens));
    controller.abort(new Error('browser went away'));
    const error = await impatient.catch((e) => e);
    expect(error).toBeInstanceOf(BerbixAbortError);
    expect(error.mayHaveReachedServer).toBe(false);
    await expect(Promise.all(patient)).resolves.toHaveLength(3);
    expect(refreshes()).toBe(1);
  });
});

describe('Tokens records', () => {
  it('refuse malformed records with a TypeError', () => {
    const good = {
      accessToken: 'a',
      clientToken: 'c',
      refreshToken: 'r',
      transactionId: '9007199254741993',
      expiresAt: 1,
      firstStep: null,
    };
    expect(Tokens.fromRecord(good).transactionId).toBe('9007199254741993');
    for (const bad of [
      null,
      'text',
      { ...good, refreshToken: '' },
      { ...good, accessToken: 5 },
      { ...good, transactionId: 12345 },
      { ...good, transactionId: '12e3' },
      { ...good, expiresAt: 'tomorrow' },
      { ...good, refreshAt: Number.NaN },
      { ...good, firstStep: 'teleport' },
      { ...good, hostedUrl: 3 },
    ]) {
      expect(() => Tokens.fromRecord(bad as never)).toThrow(TypeError);
    }
  });

  it('read records written before refreshAt existed, refreshing 30 s before expiry', () => {
    const now = 1_000_000;
    const record = { accessToken: 'a', clientToken: 'c', refreshToken: 'r', transactionId: null, firstStep: null };
    expect(Tokens.fromRecord({ ...record, expiresAt: now + 31_000 }).needsRefresh(now)).toBe(false);
    expect(Tokens.fromRecord({ ...record, expiresAt: now + 29_000 }).needsRefresh(now)).toBe(true);
    expect(Tokens.fromRecord({ ...record, expiresAt: null }).needsRefresh(now)).toBe(true);
    expect(Tokens.fromRecord({ ...record, accessToken: null, expiresAt: now + 99_000 }).needsRefresh(now)).toBe(true);
  });
});
