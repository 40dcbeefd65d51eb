import { BerbixClient } from '@berbix-capture/client';
import { type RunningSandbox, startSandbox } from '@berbix-capture/sandbox';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CaptureResult } from './options.js';
import { memoryStore } from './store.js';
import {
  AAMVA_BASE64,
  Browser,
  expectNoLeaksInFile,
  expectNothingLeaked,
  type RunningAdapter,
  startAdapter,
} from './testing/harness.js';
import { documentPng } from './testing/images.js';

const IMAGES = 'POST /v0/images/upload';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('upstream trouble, seen from the browser', () => {
  let sandbox: RunningSandbox;
  let adapter: RunningAdapter;
  const completed: CaptureResult[] = [];
  let failComplete = false;

  beforeAll(async () => {
    sandbox = await startSandbox();
    adapter = await startAdapter(sandbox, {
      onComplete: async (result) => {
        if (failComplete) throw new Error('integrator database down');
        completed.push(result);
      },
    });
  });
  afterEach(() => sandbox.faults.configure({}));
  afterAll(async () => {
    await adapter.close();
    await sandbox.close();
  });

  const count = (map: Record<string, number>) => map[IMAGES] ?? 0;

  async function started(): Promise<Browser> {
    const browser = new Browser(adapter.url);
    expect((await browser.startSession()).status).toBe(201);
    return browser;
  }

  /** Front accepted, then the back while fetching the finished transaction fails three times. */
  async function backWhileTransactionFetchFails() {
    const browser = await started();
    expect((await browser.upload('document_front', documentPng(1200, 760))).status).toBe(200);
    const before = completed.length;
    sandbox.faults.configure({
      script: Array.from({ length: 3 }, () => ({ route: 'GET /v0/transactions', kind: '503' as const })),
    });
    return { browser, before, back: await browser.uploadBack() };
  }

  it('an upload Berbix applied but never answered: 503, then the retry resyncs to the real step (409)', async () => {
    const browser = await started();
    sandbox.faults.configure({ script: [{ route: IMAGES, kind: 'drop-after' }] });
    const before = sandbox.counters.snapshot();
    const lost = await browser.upload('document_front', documentPng(1200, 760));
    expect(lost.status).toBe(503);
    expect(lost.json.error.code).toBe('upstream_unavailable');
    expect(Number(lost.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    const after = sandbox.counters.snapshot();
    // Applied once, and not replayed by anyone: the client must not resend an upload that may have landed.
    expect(count(after.processed) - count(before.processed)).toBe(1);
    expect(count(after.requests) - count(before.requests)).toBe(1);

    const retry = await browser.upload('document_front', documentPng(1200, 760));
    expect(retry.status).toBe(409);
    expect(retry.json.error).toMatchObject({ code: 'wrong_step', step: 'upload_document_back' });
    expect((await browser.status()).json.step).toBe('upload_document_back');
  });

  it('503 and 429 from Berbix after the client retries become 503 with Retry-After; the next try works', async () => {
    const browser = await started();
    for (const kind of ['503', '429'] as const) {
      sandbox.faults.configure({
        script: Array.from({ length: 3 }, () => ({ route: IMAGES, kind })),
        retryAfterSeconds: 1,
      });
      const before = sandbox.counters.snapshot();
      const answer = await browser.upload('document_front', documentPng(1200, 760));
      expect(answer.status, kind).toBe(503);
      expect(Number(answer.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      const after = sandbox.counters.snapshot();
      // 1 try + 2 retries (the client's default), none applied.
      expect(count(after.requests) - count(before.requests)).toBe(3);
      expect(count(after.processed) - count(before.processed)).toBe(0);
      expect((await browser.status()).json.step).toBe('upload_document_front');
    }
    const ok = await browser.upload('document_front', documentPng(1200, 760));
    expect(ok.status).toBe(200);
    expect(ok.json.nextStep).toBe('upload_document_back');
  });

  it('a transaction gone at Berbix (410) ends the session and clears the cookie', async () => {
    const browser = await started();
    const transaction = [...sandbox.state.transactions.values()].at(-1);
    if (!transaction) throw new Error('no transaction');
    transaction.deleted = true;
    const answer = await browser.upload('document_front', documentPng(1200, 760));
    expect(answer.status).toBe(410);
    expect(answer.json.error.code).toBe('session_gone');
    expect(answer.headers.get('set-cookie')).toMatch(/berbix_session=;/);
    expect((await browser.status()).status).toBe(401);
  });

  it('two concurrent uploads of one session: one goes to Berbix, the other waits its turn (429)', async () => {
    const browser = await started();
    sandbox.faults.configure({ script: [{ route: IMAGES, kind: 'stall' }], stallMs: 400 });
    const before = sandbox.counters.snapshot();
    const answers = await Promise.all([
      browser.upload('document_front', documentPng(1200, 760, 5)),
      sleep(100).then(() => browser.upload('document_front', documentPng(1200, 760, 6))),
    ]);
    // Usually the first wins; on a loaded machine the second may get there first. Either way, one each.
    const winner = answers.find((answer) => answer.status === 200);
    const loser = answers.find((answer) => answer.status === 429);
    expect(winner?.json.nextStep).toBe('upload_document_back');
    expect(loser?.json.error.code).toBe('rate_limited');
    expect(loser?.headers.get('retry-after')).toBe('1');
    expect(count(sandbox.counters.snapshot().requests) - count(before.requests)).toBe(1);
    // Its retry finds the session moved on.
    const retry = await browser.upload('document_front', documentPng(1200, 760, 6));
    expect(retry.status).toBe(409);
    expect(retry.json.error.step).toBe('upload_document_back');
  });

  it('a failing onComplete reaches Express error handling once; the capture stays done and is not completed twice', async () => {
    const browser = await started();
    expect((await browser.upload('document_front', documentPng(1200, 760))).status).toBe(200);
    failComplete = true;
    const before = completed.length;
    const back = await browser.uploadBack();
    failComplete = false;
    expect(back.status).toBe(500);
    const status = await browser.status();
    expect(status.json).toMatchObject({ step: 'done', done: true });
    expect(completed.length).toBe(before);
    // The result was stored before the callback ran, and the integrator's page can read it.
    expect((await adapter.router.getResult(browser.sessionId()))?.transactionId).toMatch(/^\d{16,}$/);
    expect((await browser.myResult()).found).toBe(true);
  });

  it('when fetching the finished transaction fails, the browser still hears done and the next GET /session completes it once', async () => {
    const { browser, before, back } = await backWhileTransactionFetchFails();
    expect(back.status).toBe(200);
    expect(back.json.nextStep).toBe('done');
    expect(completed.length).toBe(before);
    expect(await adapter.router.getResult(browser.sessionId())).toBeUndefined();
    expect((await browser.status()).json.done).toBe(true);
    expect(completed.length).toBe(before + 1);
    expect((await browser.status()).json.done).toBe(true);
    expect(completed.length).toBe(before + 1);
    expect((await browser.myResult()).found).toBe(true);
  });

  it("when fetching the finished transaction fails, the integrator's getResult(req) completes it once without the browser coming back", async () => {
    const { browser, before, back } = await backWhileTransactionFetchFails();
    expect(back.json.nextStep).toBe('done');
    expect(completed.length).toBe(before);
    // By session id alone (no request to hand to onComplete) nothing is finished...
    expect(await adapter.router.getResult(browser.sessionId())).toBeUndefined();
    // ...but the integrator's page, with the person's request, gets the result, and onComplete ran once.
    expect((await browser.myResult()).found).toBe(true);
    expect(completed.length).toBe(before + 1);
    expect((await browser.myResult()).found).toBe(true);
    expect((await browser.status()).json.done).toBe(true);
    expect(completed.length).toBe(before + 1);
  });

  it('forwards a scanner id scan and walks on with the answer', async () => {
    const browser = await started();
    const before = sandbox.counters.snapshot().idscans;
    const scan = await browser.request('POST', '/session/idscan', {
      body: JSON.stringify({ pdf417: AAMVA_BASE64 }),
      headers: { 'content-type': 'application/json' },
    });
    expect(scan.status).toBe(200);
    expect(scan.json).toMatchObject({ issues: expect.any(Array), nextStep: expect.any(String) });
    expect(sandbox.counters.snapshot().idscans).toBe(before + 1);
    expect((await browser.status()).json.step).toBe(scan.json.nextStep);
  });

  it('session creation while Berbix is down: 503 with Retry-After, no cookie; getResult answers junk with undefined', async () => {
    sandbox.faults.configure({
      script: Array.from({ length: 3 }, () => ({ route: 'POST /v0/transactions', kind: '503' as const })),
    });
    const browser = new Browser(adapter.url);
    const answer = await browser.startSession();
    expect(answer.status).toBe(503);
    expect(answer.json.error.code).toBe('upstream_unavailable');
    expect(Number(answer.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(answer.headers.get('set-cookie')).toBeNull();
    for (const junk of ['', 'x', 'a'.repeat(10_000), '../../etc/passwd']) {
      expect(await adapter.router.getResult(junk)).toBeUndefined();
    }
    await expect(adapter.router.getResult(42 as never)).rejects.toThrow(TypeError);
  });

  it('past maxConcurrentUploads the instance answers 429 before reading the body', async () => {
    const tight = await startAdapter(sandbox, { limits: { maxConcurrentUploads: 1 } });
    try {
      const [one, two] = [new Browser(tight.url), new Browser(tight.url)];
      await one.startSession();
      await two.startSession();
      sandbox.faults.configure({ script: [{ route: IMAGES, kind: 'stall' }], stallMs: 400 });
      const before = sandbox.counters.snapshot();
      const answers = await Promise.all([
        one.upload('document_front', documentPng(1200, 760, 8)),
        sleep(100).then(() => two.upload('document_front', documentPng(1200, 760, 9))),
      ]);
      expect(answers.map((answer) => answer.status).sort()).toEqual([200, 429]);
      const loser = answers[0]?.status === 429 ? one : two;
      expect(answers.find((answer) => answer.status === 429)?.headers.get('retry-after')).toBe('1');
      expect(count(sandbox.counters.snapshot().requests) - count(before.requests)).toBe(1);
      // The slot is given back: the retry goes through.
      expect((await loser.upload('document_front', documentPng(1200, 760, 9))).status).toBe(200);
    } finally {
      await tight.close();
    }
  });

  it("passes the adapter's request id to Berbix as x-request-id", async () => {
    const seen: string[] = [];
    const client = new BerbixClient({
      apiSecret: sandbox.secret,
      apiHost: sandbox.url,
      // Observes the real requests on their way to the sandbox; changes nothing.
      fetch: (input, init) => {
        seen.push(new Headers(init?.headers).get('x-request-id') ?? '');
        return fetch(input, init);
      },
    });
    const traced = await startAdapter(sandbox, { client });
    try {
      const browser = new Browser(traced.url);
      await browser.startSession();
      const answer = await browser.upload('document_front', documentPng(1200, 760));
      expect(answer.status).toBe(200);
      expect(seen.at(-1)).toBe(answer.headers.get('x-request-id'));
    } finally {
      await traced.close();
    }
  });

  it('a lease left by a crashed instance lapses after uploadLeaseMs; until then uploads wait (429)', async () => {
    const store = memoryStore();
    const lapsing = await startAdapter(sandbox, { store, uploadLeaseMs: 300 });
    try {
      const browser = new Browser(lapsing.url);
      await browser.startSession();
      // Another instance took the lease and died mid-upload.
      await store.update(browser.sessionId(), (record) =>
        record ? { ...record, lease: { owner: 'crashed-instance', until: Date.now() + 300 } } : undefined,
      );
      const before = count(sandbox.counters.snapshot().requests);
      const blocked = await browser.upload('document_front', documentPng(1200, 760));
      expect(blocked.status).toBe(429);
      expect(count(sandbox.counters.snapshot().requests)).toBe(before);
      await sleep(350);
      const through = await browser.upload('document_front', documentPng(1200, 760));
      expect(through.status).toBe(200);
      expect(count(sandbox.counters.snapshot().requests)).toBe(before + 1);
      expect((await store.get(browser.sessionId()))?.lease).toBeNull();
    } finally {
      await lapsing.close();
    }
  });

  it('an instance that dies inside onComplete: once its lease lapses, the next visit redelivers, marked, once', async () => {
    const store = memoryStore();
    let entered: () => void = () => {};
    const stuck = new Promise<void>((resolve) => {
      entered = resolve;
    });
    // This instance's callback never returns: as good as a process killed inside it.
    const dying = await startAdapter(sandbox, {
      store,
      uploadLeaseMs: 300,
      onComplete: () => {
        entered();
        return new Promise<void>(() => {});
      },
    });
    const redelivered: CaptureResult[] = [];
    const survivor = await startAdapter(sandbox, {
      store,
      uploadLeaseMs: 300,
      onComplete: (result) => {
        redelivered.push(result);
      },
    });
    try {
      const browser = new Browser(dying.url);
      await browser.startSession();
      expect((await browser.upload('document_front', documentPng(1200, 760))).status).toBe(200);
      void browser.uploadBack().catch(() => {});
      await stuck;
      const onSurvivor = new Browser(survivor.url);
      onSurvivor.cookie = browser.cookie;
      // While the dying instance's lease is live, nobody calls onComplete a second time.
      expect((await onSurvivor.status()).json.done).toBe(true);
      expect(redelivered).toEqual([]);
      await sleep(350);
      expect((await onSurvivor.status()).json.done).toBe(true);
      expect(redelivered).toHaveLength(1);
      expect(redelivered[0]).toMatchObject({ redelivered: true, sessionId: browser.sessionId() });
      expect(redelivered[0]?.transactionId).toMatch(/^\d{16,}$/);
      expect((await onSurvivor.status()).json.done).toBe(true);
      expect(redelivered).toHaveLength(1);
      expect((await store.get(browser.sessionId()))?.completion).toBe('done');
    } finally {
      await dying.close();
      await survivor.close();
    }
  });

  it('leaks nothing in answers or logs', () => {
    expectNoLeaksInFile(sandbox, 20);
  });
});

describe('token expiry during a session', () => {
  let sandbox: RunningSandbox;
  let adapter: RunningAdapter;

  beforeAll(async () => {
    sandbox = await startSandbox({ tokenTtlSeconds: 1 });
    adapter = await startAdapter(sandbox, { onComplete: () => {} });
  });
  afterAll(async () => {
    await adapter.close();
    await sandbox.close();
  });

  it('is invisible to the browser: tokens are refreshed and kept between requests', async () => {
    const browser = new Browser(adapter.url);
    expect((await browser.startSession()).status).toBe(201);
    await sleep(1200);
    const front = await browser.upload('document_front', documentPng(1200, 760));
    expect(front.status).toBe(200);
    expect(front.json.nextStep).toBe('upload_document_back');
    const afterFront = sandbox.counters.snapshot().refreshes;
    expect(afterFront).toBeGreaterThanOrEqual(1);
    await sleep(1200);
    const back = await browser.uploadBack();
    expect(back.status).toBe(200);
    expect(back.json.nextStep).toBe('done');
    expect(sandbox.counters.snapshot().refreshes).toBeGreaterThan(afterFront);
    // No 401 from Berbix was ever passed on, and the browser saw only the protocol.
    expect(browser.transcript.every((line) => /^(200|201) /.test(line))).toBe(true);
    expectNothingLeaked(sandbox, browser);
  });
});
