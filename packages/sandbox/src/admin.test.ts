import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { adminRoutes } from './routes.js';
import { type RunningSandbox, startSandbox } from './server.js';
import { basic, bearer, call, createTransaction } from './test-support/api.js';

const CREATE = 'POST /v0/transactions';
const createBody = { customer_uid: 'c', template_key: 't', api_only_options: {} };

/** The test-only admin API: counters and fault injection, over HTTP and in process. */
describe('sandbox admin API', () => {
  let sandbox: RunningSandbox;
  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterAll(() => sandbox.close());
  afterEach(() => {
    sandbox.faults.clear();
    sandbox.counters.reset();
  });

  const admin = (method: string, path: string, body?: unknown) =>
    call(sandbox, method, path, { auth: basic(sandbox.secret), ...(body !== undefined && { body }) });
  const create = () =>
    fetch(`${sandbox.url}/v0/transactions`, {
      method: 'POST',
      headers: { authorization: basic(sandbox.secret), 'content-type': 'application/json' },
      body: JSON.stringify(createBody),
    });

  it('guards every admin route with the API secret', async () => {
    const guarded = [
      'GET /_sandbox/counters',
      'POST /_sandbox/counters/reset',
      'PUT /_sandbox/faults',
      'DELETE /_sandbox/faults',
      'GET /_sandbox/issued-tokens',
      'GET /_sandbox/dashboard/transaction',
    ];
    expect([...guarded].sort()).toEqual(Object.keys(adminRoutes).sort());
    for (const route of guarded) {
      const [method = '', path = ''] = route.split(' ');
      expect((await call(sandbox, method, path, { auth: 'Bearer x' })).status, route).toBe(401);
    }
  });

  it('counts requests, processed calls, refreshes, uploads and id scans; reset zeroes them', async () => {
    const t = await createTransaction(sandbox);
    await call(sandbox, 'POST', '/v0/tokens', {
      auth: basic(sandbox.secret),
      body: { grant_type: 'refresh_token', refresh_token: t.refresh },
    });
    await call(sandbox, 'GET', '/v0/transactions', { auth: bearer('sbx_at_unknown') }); // 401: received, not processed
    await call(sandbox, 'POST', '/v0/idscans/upload', {
      auth: bearer(t.client),
      body: { id_scans: [{ scan_type: 'pdf417', extracted_data: Buffer.from('not aamva').toString('base64') }] },
    });
    const counters = (await admin('GET', '/_sandbox/counters')).body;
    expect(counters).toMatchObject({
      requests: { [CREATE]: 1, 'POST /v0/tokens': 1, 'GET /v0/transactions': 1, 'POST /v0/idscans/upload': 1 },
      processed: { [CREATE]: 1, 'POST /v0/tokens': 1, 'POST /v0/idscans/upload': 1 },
      refreshes: 1,
      uploads: {},
      idscans: 1,
      faultsInjected: 0,
      webhooks: { delivered: 0, failed: 0 },
    });
    expect(((counters?.processed ?? {}) as Record<string, number>)['GET /v0/transactions']).toBeUndefined();
    expect((await admin('POST', '/_sandbox/counters/reset')).status).toBe(204);
    expect((await admin('GET', '/_sandbox/counters')).body).toMatchObject({
      requests: {},
      processed: {},
      refreshes: 0,
    });
  });

  it('plays a fault script in order: 500, 503, 429 with Retry-After, then normal', async () => {
    const put = await admin('PUT', '/_sandbox/faults', {
      retryAfterSeconds: 7,
      script: [{ kind: '500' }, { route: CREATE, kind: '503' }, { kind: '429' }],
    });
    expect(put.status).toBe(204);
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 4; i++) {
      const response = await create();
      statuses.push(response.status);
      if (response.status === 429) retryAfter = response.headers.get('retry-after');
      expect(response.headers.get('x-request-id')).toMatch(/^req_/);
      if (response.status >= 500)
        expect(await response.json()).toMatchObject({ status: response.status, code: 'injected_fault' });
      else await response.arrayBuffer();
    }
    expect(statuses).toEqual([500, 503, 429, 200]);
    expect(retryAfter).toBe('7');
    const counters = sandbox.counters.snapshot();
    expect(counters.requests[CREATE]).toBe(4);
    expect(counters.processed[CREATE]).toBe(1);
    expect(counters.faultsInjected).toBe(3);
  });

  it('drop destroys the socket before anything is applied; drop-after applies, then destroys it', async () => {
    const before = sandbox.state.transactions.size;
    sandbox.faults.configure({ script: [{ kind: 'drop' }] });
    await expect(create()).rejects.toThrow();
    expect(sandbox.state.transactions.size).toBe(before);
    sandbox.faults.configure({ script: [{ kind: 'drop-after' }] });
    await expect(create()).rejects.toThrow();
    expect(sandbox.state.transactions.size).toBe(before + 1);
    const counters = sandbox.counters.snapshot();
    expect(counters.requests[CREATE]).toBe(2);
    expect(counters.processed[CREATE]).toBe(1);
    expect(counters.faultsInjected).toBe(2);
  });

  it('stall answers normally after stallMs', async () => {
    sandbox.faults.configure({ stallMs: 300, script: [{ kind: 'stall' }] });
    const started = Date.now();
    const response = await create();
    expect(response.status).toBe(200);
    await response.arrayBuffer();
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('a script entry for another route waits at the head; random faults wait for the script to empty', async () => {
    sandbox.faults.configure({ rate: 1, script: [{ route: 'GET /v0/transactions', kind: '500' }] });
    expect((await create()).status).toBe(200);
    const t = await createTransaction(sandbox).catch(() => undefined);
    expect(t).toBeDefined();
    expect(sandbox.faults.pendingScript).toBe(1);
    expect((await call(sandbox, 'GET', '/v0/transactions', { auth: bearer(t?.access ?? '') })).status).toBe(500);
    // Script empty: now rate 1 hits everything.
    expect((await create()).status).toBeGreaterThanOrEqual(429);
  });

  it('random faults follow rate, kinds and routes, reproducibly for a seed', async () => {
    const run = async () => {
      sandbox.faults.configure({ rate: 0.5, kinds: ['503'], routes: [CREATE], seed: 42 });
      const statuses: number[] = [];
      for (let i = 0; i < 40; i++) statuses.push((await create()).status);
      return statuses;
    };
    const first = await run();
    const second = await run();
    expect(second).toEqual(first);
    const faulted = first.filter((s) => s === 503).length;
    expect(faulted).toBeGreaterThan(8);
    expect(faulted).toBeLessThan(32);
    expect(first.every((s) => s === 200 || s === 503)).toBe(true);
    // Routes outside the list are untouched.
    const t = await createTransaction(sandbox).catch(() => undefined);
    if (t) expect((await call(sandbox, 'GET', '/v0/transactions', { auth: bearer(t.access) })).status).toBe(200);
    expect((await admin('DELETE', '/_sandbox/faults')).status).toBe(204);
    for (let i = 0; i < 10; i++) expect((await create()).status).toBe(200);
  });

  it('refuses a malformed fault configuration with 400 naming the field, keeping the old one', async () => {
    const cases: Array<[unknown, string]> = [
      [{ rate: 2 }, 'rate'],
      [{ rate: 'half' }, 'rate'],
      [{ kinds: ['418'] }, 'kinds[0]'],
      [{ kinds: [] }, 'kinds'],
      [{ routes: ['GET /v0/nowhere'] }, 'routes[0]'],
      [{ script: [{ kind: 'explode' }] }, 'script[0].kind'],
      [{ script: 'x' }, 'script'],
      [{ stallMs: -1 }, 'stallMs'],
      [{ retryAfterSeconds: 1.5 }, 'retryAfterSeconds'],
      [{ surprise: true }, 'surprise'],
      [[1], 'body'],
    ];
    for (const [body, field] of cases) {
      const answer = await admin('PUT', '/_sandbox/faults', body);
      expect(answer.status, field).toBe(400);
      expect(answer.body?.message).toContain(field);
    }
    expect((await call(sandbox, 'PUT', '/_sandbox/faults', { auth: basic(sandbox.secret), rawBody: '{' })).status).toBe(
      400,
    );
    expect((await create()).status).toBe(200);
    expect(() => sandbox.faults.configure({ rate: -1 })).toThrow(/rate/);
  });

  it('never faults the admin API itself', async () => {
    sandbox.faults.configure({ rate: 1, kinds: ['drop'] });
    expect((await admin('GET', '/_sandbox/counters')).status).toBe(200);
  });
});
