import { DEFAULT_SECRET, type RunningSandbox, startSandbox } from '@berbix-capture/sandbox';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BerbixClient, type BerbixClientOptions } from './client.js';
import { BerbixAPIError, BerbixConflictError, BerbixConnectionError, BerbixTimeoutError } from './errors.js';
import { refusingFirstFetch } from './testing/fetches.js';
import { specimenJpeg } from './testing/fixtures.js';
import type { Tokens } from './tokens.js';

/**
 * Fault injection from the sandbox: retries happen where the policy allows, never where it does
 * not, and the totals add up between what the client sent (counted in its fetch) and what the
 * sandbox received (`requests`), applied (`processed`) and faulted (`faultsInjected`).
 */
type FaultKind = '500' | '503' | '429' | 'stall' | 'drop' | 'drop-after';
const GET = 'GET /v0/transactions';
const UPLOAD = 'POST /v0/images/upload';
const IDSCAN = 'POST /v0/idscans/upload';
const CREATE = 'POST /v0/transactions';
const REFRESH = 'POST /v0/tokens';

describe('retries under injected faults', () => {
  let sandbox: RunningSandbox;
  let sent = 0;

  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterAll(() => sandbox.close());
  beforeEach(() => {
    sandbox.faults.clear();
    sandbox.counters.reset();
    sent = 0;
  });

  /** A client whose every attempt is counted, to compare with the sandbox's counters. */
  const clientWith = (options: Partial<BerbixClientOptions> = {}) =>
    new BerbixClient({
      apiSecret: DEFAULT_SECRET,
      apiHost: sandbox.url,
      fetch: (input, init) => {
        sent++;
        return fetch(input, init);
      },
      ...options,
    });
  const script = (route: string, ...kinds: FaultKind[]) =>
    sandbox.faults.configure({ script: kinds.map((kind) => ({ route, kind })), retryAfterSeconds: 1, stallMs: 800 });
  /** 40% of the calls to `route` get a 503, a 429 (retry at once) or a dropped connection, drawn from `seed`. */
  const randomFaults = (route: string, seed: number) =>
    sandbox.faults.configure({ rate: 0.4, kinds: ['503', '429', 'drop'], routes: [route], retryAfterSeconds: 0, seed });
  const counted = () => sandbox.counters.snapshot();
  const ofRoute = (route: string) => {
    const c = counted();
    return { requests: c.requests[route] ?? 0, processed: c.processed[route] ?? 0 };
  };
  const front = () => [{ data: specimenJpeg(), subject: 'document_front' as const, format: 'image/jpeg' as const }];

  async function transaction(client: BerbixClient): Promise<Tokens> {
    const tokens = await client.createApiOnlyTransaction({ customerUid: 'u-faults', templateKey: 'tpk' });
    sandbox.counters.reset();
    sent = 0;
    return tokens;
  }

  describe('reads (GET) retry freely', () => {
    it('through 503s', async () => {
      const client = clientWith();
      const tokens = await transaction(client);
      script(GET, '503', '503');
      await expect(client.fetchTransaction(tokens)).resolves.toMatchObject({ id: tokens.transactionId });
      expect(ofRoute(GET)).toEqual({ requests: 3, processed: 1 });
      expect(sent).toBe(3);
    });

    it('through a 429, waiting out its Retry-After', async () => {
      const client = clientWith();
      const tokens = await transaction(client);
      script(GET, '429');
      const started = Date.now();
      await client.fetchTransaction(tokens);
      expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
      expect(ofRoute(GET)).toEqual({ requests: 2, processed: 1 });
    });

    it('through dropped connections, before and after processing', async () => {
      const client = clientWith();
      const tokens = await transaction(client);
      script(GET, 'drop', 'drop-after');
      await client.fetchTransaction(tokens);
      // The drop-after was applied (a read changes nothing), the drop was not.
      expect(ofRoute(GET)).toEqual({ requests: 3, processed: 2 });
      expect(counted().faultsInjected).toBe(2);
    });

    it('through an answer slower than the timeout (the slow attempt is aborted), and wait for one that is not', async () => {
      const client = clientWith({ timeoutMs: 300 });
      const tokens = await transaction(client);
      script(GET, 'stall');
      await client.fetchTransaction(tokens);
      expect(ofRoute(GET).requests).toBe(2);
      // The aborted attempt still finishes on the server after its stall: a read, so harmless.
      await expect.poll(() => ofRoute(GET), { timeout: 3_000 }).toEqual({ requests: 2, processed: 2 });
      const patient = clientWith({ timeoutMs: 3_000 });
      script(GET, 'stall');
      sandbox.counters.reset();
      const started = Date.now();
      await patient.fetchTransaction(tokens);
      expect(Date.now() - started).toBeGreaterThanOrEqual(750);
      expect(ofRoute(GET)).toEqual({ requests: 1, processed: 1 });
    });

    it('but not through a 500, and not past maxRetries', async () => {
      const client = clientWith();
      const tokens = await transaction(client);
      script(GET, '500');
      await expect(client.fetchTransaction(tokens)).rejects.toMatchObject({ statusCode: 500 });
      expect(ofRoute(GET).requests).toBe(1);
      script(GET, '503', '503', '503', '503');
      sandbox.counters.reset();
      const error = await client.fetchTransaction(tokens, { maxRetries: 1 }).catch((e) => e);
      expect(error).toBeInstanceOf(BerbixAPIError);
      expect(error.statusCode).toBe(503);
      expect(ofRoute(GET)).toEqual({ requests: 2, processed: 0 });
    });

    it('token refreshes retry freely too', async () => {
      const client = clientWith();
      const tokens = await transaction(client);
      script(REFRESH, 'drop-after', '503');
      await client.refreshTokens(tokens);
      expect(ofRoute(REFRESH)).toEqual({ requests: 3, processed: 2 });
      // The last refresh wins; its tokens work.
      sandbox.faults.clear();
      await expect(client.fetchTransaction(tokens)).resolves.toBeTruthy();
    });
  });

  describe('uploads are replayed only when provably not applied', () => {
    it('retried after a 503 and after a 429', async () => {
      const client = clientWith();
      const tokens = await transaction(client);
      script(UPLOAD, '503', '429');
      const answer = await client.uploadImages(tokens, front());
      expect(answer.nextStep).toBe('upload_document_back');
      expect(ofRoute(UPLOAD)).toEqual({ requests: 3, processed: 1 });
      expect(counted().uploads).toEqual({ document_front: 1 });
    });

    it('not retried after a drop: the caller learns it may have reached Berbix', async () => {
      const client = clientWith();
      const tokens = await transaction(client);
      script(UPLOAD, 'drop');
      const error = await client.uploadImages(tokens, front()).catch((e) => e);
      expect(error).toBeInstanceOf(BerbixConnectionError);
      expect(error.mayHaveReachedServer).toBe(true);
      expect(ofRoute(UPLOAD)).toEqual({ requests: 1, processed: 0 });
      // Here nothing was applied, so the caller's own replay goes through.
      await expect(client.uploadImages(tokens, front())).resolves.toMatchObject({ nextStep: 'upload_document_back' });
    });

    it('not retried after drop-after; replaying it resyncs through the conflict', async () => {
      const client = clientWith();
      const tokens = await transaction(client);
      script(UPLOAD, 'drop-after');
      const error = await client.uploadImages(tokens, front()).catch((e) => e);
      expect(error).toBeInstanceOf(BerbixConnectionError);
      expect(error.mayHaveReachedServer).toBe(true);
      expect(ofRoute(UPLOAD)).toEqual({ requests: 1, processed: 1 });
      expect(counted().uploads).toEqual({ document_front: 1 });
      // The front was applied: a replay is refused with the step the transaction is really at.
      const conflict = await client.uploadImages(tokens, front()).catch((e) => e);
      expect(conflict).toBeInstanceOf(BerbixConflictError);
      expect(conflict.nextStep).toBe('upload_document_back');
      expect(counted().uploads).toEqual({ document_front: 1 });
    });

    it('not retried after a timeout (the server finished it anyway), nor after a 500', async () => {
      const client = clientWith({ timeoutMs: 300 });
      const tokens = await transaction(client);
      script(UPLOAD, 'stall');
      const error = await client.uploadImages(tokens, front()).catch((e) => e);
      expect(error).toBeInstanceOf(BerbixTimeoutError);
      expect(error.mayHaveReachedServer).toBe(true);
      await expect.poll(() => ofRoute(UPLOAD), { timeout: 3_000 }).toEqual({ requests: 1, processed: 1 });
      const other = await transaction(client);
      script(UPLOAD, '500');
      await expect(client.uploadImages(other, front())).rejects.toMatchObject({ statusCode: 500 });
      expect(ofRoute(UPLOAD)).toEqual({ requests: 1, processed: 0 });
    });

    it('retried when the connection is refused (it never left this machine)', async () => {
      const client = new BerbixClient({ apiSecret: DEFAULT_SECRET, apiHost: sandbox.url, maxRetries: 2 });
      const tokens = await transaction(client);
      // The first attempt goes to a port where nothing listens, as if Berbix were restarting.
      const refusingFirst = await refusingFirstFetch(sandbox.url);
      const refusing = new BerbixClient({
        apiSecret: DEFAULT_SECRET,
        apiHost: sandbox.url,
        fetch: refusingFirst.fetch,
      });
      const answer = await refusing.uploadImages(tokens, front());
      expect(answer.nextStep).toBe('upload_document_back');
      expect(refusingFirst.attempts()).toBe(2);
      expect(ofRoute(UPLOAD)).toEqual({ requests: 1, processed: 1 });
    });

    it('transaction creation is not replayed after drop-after either (no duplicate transaction)', async () => {
      const client = clientWith();
      const before = sandbox.state.transactions.size;
      script(CREATE, 'drop-after');
      const error = await client.createApiOnlyTransaction({ customerUid: 'u', templateKey: 't' }).catch((e) => e);
      expect(error).toBeInstanceOf(BerbixConnectionError);
      expect(error.mayHaveReachedServer).toBe(true);
      expect(sandbox.state.transactions.size).toBe(before + 1);
      expect(ofRoute(CREATE)).toEqual({ requests: 1, processed: 1 });
      script(CREATE, '503');
      await client.createApiOnlyTransaction({ customerUid: 'u', templateKey: 't' });
      expect(sandbox.state.transactions.size).toBe(before + 2);
    });
  });

  describe('totals add up under random faults', () => {
    it('reads: every call succeeds, the sandbox saw exactly what the client sent', async () => {
      const client = clientWith({ maxRetries: 8 });
      const tokens = await transaction(client);
      randomFaults(GET, 42);
      const calls = 30;
      await Promise.all(Array.from({ length: calls }, () => client.fetchTransaction(tokens)));
      const c = counted();
      expect(c.processed[GET]).toBe(calls);
      expect(c.faultsInjected).toBeGreaterThan(5);
      expect(c.requests[GET]).toBe(calls + c.faultsInjected);
      expect(sent).toBe(c.requests[GET]);
    });

    it('uploads: successes are exactly what was applied; every failure says it may have been applied', async () => {
      const client = clientWith({ maxRetries: 8 });
      const tokens = await transaction(client);
      randomFaults(IDSCAN, 7);
      const calls = 30;
      const outcomes = await Promise.all(
        Array.from({ length: calls }, () =>
          client.uploadIdScan(tokens, 'not a barcode').then(
            () => 'ok' as const,
            (e: unknown) => e,
          ),
        ),
      );
      const failures = outcomes.filter((o) => o !== 'ok');
      const successes = calls - failures.length;
      const c = counted();
      expect(failures.length).toBeGreaterThan(0);
      expect(successes).toBeGreaterThan(0);
      for (const failure of failures) {
        expect(failure).toBeInstanceOf(BerbixConnectionError);
        expect((failure as BerbixConnectionError).mayHaveReachedServer).toBe(true);
      }
      // Each drop ended one call (never replayed); 503s and 429s were retried.
      expect(c.idscans).toBe(successes);
      expect(c.processed[IDSCAN]).toBe(successes);
      expect(c.requests[IDSCAN]).toBe(successes + c.faultsInjected);
      expect(sent).toBe(c.requests[IDSCAN]);
    });
  });
});
