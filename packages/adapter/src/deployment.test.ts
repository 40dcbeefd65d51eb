import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer as createHttpsServer, request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BerbixClient } from '@berbix-capture/client';
import { type RunningSandbox, startSandbox } from '@berbix-capture/sandbox';
import { type RunningRedis, startRedisServer } from '@berbix-capture/testing/redis-server';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CaptureResult } from './options.js';
import { redisStore } from './redis-store.js';
import { berbixCapture } from './router.js';
import { deriveKeys } from './secrets.js';
import { sqliteStore } from './sqlite-store.js';
import { memoryStore } from './store.js';
import {
  AAMVA_BASE64,
  Browser,
  SESSION_SECRET,
  STATUS_AT_BACK,
  sandboxRouter,
  startAdapter,
} from './testing/harness.js';
import { documentPng } from './testing/images.js';

const IMAGES = 'POST /v0/images/upload';

describe('several instances, restarts, HTTPS, budgets, configuration', () => {
  let sandbox: RunningSandbox;
  let redis: RunningRedis;

  beforeAll(async () => {
    [sandbox, redis] = await Promise.all([startSandbox(), startRedisServer()]);
  });
  afterAll(async () => {
    await sandbox.close();
    await redis.stop();
  });

  it('two instances sharing one Redis complete one session with alternating requests; onComplete runs once', async () => {
    const completed: CaptureResult[] = [];
    const prefix = `lb-${Date.now()}:`;
    const stores = [redisStore({ url: redis.url, prefix }), redisStore({ url: redis.url, prefix })];
    const [a, b] = await Promise.all(
      stores.map((store) =>
        startAdapter(sandbox, { store, onComplete: async (result) => void completed.push(result) }),
      ),
    );
    if (!a || !b) throw new Error('adapters did not start');
    try {
      // One browser, a load balancer sending each request to the other instance.
      const browser = new Browser(a.url);
      expect((await browser.startSession()).status).toBe(201);
      browser.base = b.url;
      expect((await browser.status()).json.step).toBe('upload_document_front');
      expect((await browser.upload('document_front', documentPng(1200, 760))).json.nextStep).toBe(
        'upload_document_back',
      );
      browser.base = a.url;
      expect((await browser.status()).json.step).toBe('upload_document_back');

      // The back sent to both instances at once (a retrying browser): one goes through, once.
      const before = sandbox.counters.snapshot().requests[IMAGES] ?? 0;
      const viaA = new Browser(a.url);
      viaA.cookie = browser.cookie;
      const viaB = new Browser(b.url);
      viaB.cookie = browser.cookie;
      const answers = await Promise.all(
        [viaA, viaB].map((one) =>
          one.upload('document_back', documentPng(1200, 760, 2), { 'x-berbix-barcode': AAMVA_BASE64 }),
        ),
      );
      const statuses = answers.map((answer) => answer.status).sort();
      expect([
        [200, 409],
        [200, 429],
      ]).toContainEqual(statuses);
      expect((sandbox.counters.snapshot().requests[IMAGES] ?? 0) - before).toBe(1);

      browser.base = b.url;
      expect((await browser.status()).json).toMatchObject({ step: 'done', done: true });
      expect(completed).toHaveLength(1);
      expect((await a.router.getResult(browser.sessionId()))?.transactionId).toBe(completed[0]?.transactionId);
      expect((await b.router.getResult(browser.sessionId()))?.transactionId).toBe(completed[0]?.transactionId);
    } finally {
      await Promise.all([a.close(), b.close()]);
      await Promise.all(stores.map((store) => store.close?.()));
    }
  });

  it('an adapter on SQLite stopped mid-flow and started again resumes the session, also across a secret rotation', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'adapter-restart-')), 'sessions.db');
    const completed: CaptureResult[] = [];
    let store = sqliteStore({ path });
    let adapter = await startAdapter(sandbox, { store });
    const browser = new Browser(adapter.url);
    expect((await browser.startSession()).status).toBe(201);
    expect((await browser.upload('document_front', documentPng(1200, 760))).status).toBe(200);
    await adapter.close();
    await store.close?.();

    // A new process: new store handle on the same file, and the secret rotated (old one kept for reading).
    const rotated = ['rotated-secret-rotated-secret-rotated-0001', SESSION_SECRET];
    store = sqliteStore({ path });
    adapter = await startAdapter(sandbox, { store, secret: rotated, onComplete: (r) => void completed.push(r) });
    try {
      browser.base = adapter.url;
      expect((await browser.status()).json).toEqual(STATUS_AT_BACK);
      const back = await browser.upload('document_back', documentPng(1200, 760, 2), {
        'x-berbix-barcode': AAMVA_BASE64,
      });
      expect(back.json.nextStep).toBe('done');
      expect(completed).toHaveLength(1);
      // Written since the rotation: sealed under the new key, which alone now opens it.
      const stored = await store.get(browser.sessionId());
      const onlyNew = deriveKeys([rotated[0] as string]);
      expect(onlyNew.isStale(stored?.tokens ?? '')).toBe(false);
      expect(onlyNew.open(stored?.tokens ?? '', `tokens ${browser.sessionId()}`)).toBeDefined();
    } finally {
      await adapter.close();
      await store.close?.();
    }
  });

  it('sets a __Host- cookie (Secure, HttpOnly, SameSite=Strict, Path=/) over HTTPS and reads only that one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'adapter-tls-'));
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=localhost',
        '-addext',
        'subjectAltName=DNS:localhost,IP:127.0.0.1',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    const cert = readFileSync(join(dir, 'cert.pem'));
    const app = express();
    app.use(
      '/berbix',
      sandboxRouter(sandbox, { transaction: () => ({ customerUid: 'tls-customer', templateKey: 'tpk_test' }) }),
    );
    const server = createHttpsServer({ key: readFileSync(join(dir, 'key.pem')), cert }, app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const call = (method: string, cookie?: string) =>
      new Promise<{ status: number; setCookie: string[]; body: string }>((resolve, reject) => {
        const req = httpsRequest(
          {
            host: '127.0.0.1',
            port,
            path: '/berbix/session',
            method,
            ca: cert,
            servername: 'localhost',
            headers: { 'content-type': 'application/json', ...(cookie && { cookie }) },
          },
          (res) => {
            let body = '';
            res.on('data', (c) => (body += c));
            res.on('end', () =>
              resolve({ status: res.statusCode ?? 0, setCookie: res.headers['set-cookie'] ?? [], body }),
            );
          },
        );
        req.on('error', reject);
        req.end(method === 'POST' ? '{}' : undefined);
      });
    try {
      const created = await call('POST');
      expect(created.status).toBe(201);
      const cookie = created.setCookie[0] ?? '';
      expect(cookie).toMatch(/^__Host-berbix_session=/);
      expect(cookie).toMatch(/; Path=\/;/);
      expect(cookie).toMatch(/; HttpOnly/);
      expect(cookie).toMatch(/; Secure/);
      expect(cookie).toMatch(/; SameSite=Strict/);
      expect(cookie).not.toMatch(/Domain=/i);
      const pair = cookie.split(';')[0] ?? '';
      expect((await call('GET', pair)).status).toBe(200);
      // The unprefixed name is not honoured over HTTPS: a subdomain could have planted it.
      expect((await call('GET', pair.replace('__Host-', ''))).status).toBe(401);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('answers 429 with Retry-After past the per-IP session budget and the per-session upload budget, forwarding nothing', async () => {
    const adapter = await startAdapter(sandbox, {
      rateLimit: { sessionsPerIp: 2, uploadsPerSession: 2, uploadsPerIp: 100, windowMs: 60_000 },
    });
    try {
      const transactions = sandbox.state.transactions.size;
      const fromOneAddress = () => {
        const browser = new Browser(adapter.url);
        browser.clientIp = '203.0.113.7';
        return browser;
      };
      const answers = [];
      for (let i = 0; i < 3; i++) answers.push(await fromOneAddress().startSession());
      expect(answers.map((a) => a.status)).toEqual([201, 201, 429]);
      expect(Number(answers[2]?.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(sandbox.state.transactions.size).toBe(transactions + 2);
      // Another address has its own budget.
      const other = new Browser(adapter.url);
      other.clientIp = '198.51.100.9';
      expect((await other.startSession()).status).toBe(201);
      // Loopback (local development, or a proxy Express is not told to trust) is not counted per address.
      for (let i = 0; i < 3; i++) expect((await new Browser(adapter.url).startSession()).status).toBe(201);

      const browser = fromOneAddress();
      browser.cookie = (answers[0]?.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
      // Every upload attempt counts against the session's budget, even one refused by the checks.
      const bad = Buffer.from('not an image');
      expect((await browser.upload('document_front', bad)).status).toBe(415);
      expect((await browser.upload('document_front', bad)).status).toBe(415);
      const before = sandbox.counters.snapshot().requests[IMAGES] ?? 0;
      const third = await browser.upload('document_front', documentPng(1200, 760));
      expect(third.status).toBe(429);
      expect(third.json.error.code).toBe('rate_limited');
      expect(sandbox.counters.snapshot().requests[IMAGES] ?? 0).toBe(before);
    } finally {
      await adapter.close();
    }
  });

  it('allows the same origin and allowedOrigins (with credentialed CORS and preflights), refuses other origins', async () => {
    const adapter = await startAdapter(sandbox, { allowedOrigins: ['https://shop.example'] });
    try {
      const preflight = (origin: string) =>
        fetch(`${adapter.url}/session/images/document_back`, {
          method: 'OPTIONS',
          headers: {
            origin,
            'access-control-request-method': 'POST',
            'access-control-request-headers': 'x-berbix-barcode',
          },
        });
      const ok = await preflight('https://shop.example');
      expect(ok.status).toBe(204);
      expect(ok.headers.get('access-control-allow-origin')).toBe('https://shop.example');
      expect(ok.headers.get('access-control-allow-credentials')).toBe('true');
      expect(ok.headers.get('access-control-allow-headers')).toContain('x-berbix-barcode');
      const evil = await preflight('https://evil.example');
      expect(evil.status).toBe(403);
      expect(evil.headers.get('access-control-allow-origin')).toBeNull();

      const shop = await new Browser(adapter.url, 'https://shop.example').startSession();
      expect(shop.status).toBe(201);
      expect(shop.headers.get('access-control-allow-origin')).toBe('https://shop.example');
      expect(shop.headers.get('vary')).toMatch(/origin/i);
      const own = await new Browser(adapter.url, new URL(adapter.url).origin).startSession();
      expect(own.status).toBe(201);
      expect(own.headers.get('access-control-allow-origin')).toBeNull();
      expect((await new Browser(adapter.url, 'https://evil.example').startSession()).status).toBe(403);
      const peek = await new Browser(adapter.url, 'https://evil.example').status();
      expect(peek.headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await adapter.close();
    }
  });

  it('reuses a live session only for the same customer: a cookie left by someone else starts a new transaction', async () => {
    const adapter = await startAdapter(sandbox, {
      transaction: (req) => ({ customerUid: req.get('x-test-user') ?? 'anonymous', templateKey: 'tpk_test' }),
    });
    try {
      const browser = new Browser(adapter.url);
      const as = (user: string) =>
        browser.request('POST', '/session', {
          body: '{}',
          headers: { 'content-type': 'application/json', 'x-test-user': user },
        });
      const transactions = sandbox.state.transactions.size;
      expect((await as('alice')).status).toBe(201);
      const aliceSession = browser.sessionId();
      expect((await as('alice')).status).toBe(201);
      expect(browser.sessionId()).toBe(aliceSession);
      expect(sandbox.state.transactions.size).toBe(transactions + 1);
      // Bob signs in on the same browser: his capture must not land in Alice's transaction.
      expect((await as('bob')).status).toBe(201);
      expect(browser.sessionId()).not.toBe(aliceSession);
      expect(sandbox.state.transactions.size).toBe(transactions + 2);
      expect([...sandbox.state.transactions.values()].at(-1)?.customerUid).toBe('bob');
    } finally {
      await adapter.close();
    }
  });

  it('throws a TypeError for bad configuration at start-up', () => {
    const base = { secret: SESSION_SECRET, transaction: () => ({ customerUid: 'a', templateKey: 'b' }) };
    const client = new BerbixClient({ apiSecret: 's', apiHost: 'http://127.0.0.1:1' });
    const bad: unknown[] = [
      undefined,
      { ...base, client, secret: 'short' },
      { ...base, client, secret: [] },
      { ...base, client, secret: [SESSION_SECRET, 'short'] },
      { ...base, client, transaction: 'x' },
      { ...base, client, onComplete: 1 },
      { ...base, client: {} },
      { ...base, client, store: {} },
      { ...base, client, allowedOrigins: ['*'] },
      { ...base, client, allowedOrigins: 'https://a.example' },
      { ...base, client, limits: { maxImageBytes: 30 * 1024 * 1024 } },
      { ...base, client, limits: { maxImageDimension: 0 } },
      { ...base, client, limits: { maxPixels: 1 } },
      { ...base, client, rateLimit: { sessionsPerIp: -1 } },
      { ...base, client, cookie: { name: 'a;b' } },
      { ...base, client, sessionTtlMs: 1.5 },
      { ...base, client, templateKey: 'browser-chosen' },
    ];
    for (const options of bad)
      expect(() => berbixCapture(options as never), JSON.stringify(options)).toThrow(TypeError);
    expect(() => berbixCapture({ ...base, client, secret: [SESSION_SECRET, `${SESSION_SECRET}-old`] })).not.toThrow();
  });

  it('warns when the memory store is used with NODE_ENV=production', () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    const previous = process.env.NODE_ENV;
    try {
      process.env.NODE_ENV = 'production';
      memoryStore();
      expect(warn).toHaveBeenCalledWith(expect.stringMatching(/memoryStore\(\) loses sessions/));
      warn.mockClear();
      process.env.NODE_ENV = 'development';
      memoryStore();
      expect(warn).not.toHaveBeenCalled();
    } finally {
      process.env.NODE_ENV = previous;
      warn.mockRestore();
    }
  });
});
