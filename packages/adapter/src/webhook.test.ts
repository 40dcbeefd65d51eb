import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { signWebhook } from '@berbix-capture/client';
import { type RunningRedis, startRedisServer } from '@berbix-capture/testing/redis-server';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ReplayGuard, redisReplayGuard } from './replay.js';
import { berbixWebhook } from './webhook.js';

const SECRET = 'whsec_test_0123456789';
const now = () => Math.floor(Date.now() / 1000);

describe('berbixWebhook over real HTTP', () => {
  let server: Server;
  let base: string;
  const received: unknown[] = [];
  let failNext = false;
  let slowMs = 0;

  beforeAll(async () => {
    const app = express();
    const onEvent = async (event: unknown) => {
      if (slowMs) await new Promise((resolve) => setTimeout(resolve, slowMs));
      if (failNext) {
        failNext = false;
        throw new Error('integrator database down');
      }
      received.push(event);
    };
    app.post('/hook', express.raw({ type: '*/*' }), berbixWebhook({ secret: SECRET, onEvent }));
    app.post('/hook-bare', berbixWebhook({ secret: SECRET, onEvent }));
    app.post('/hook-json', express.json(), berbixWebhook({ secret: SECRET, onEvent }));
    // Express's default handler would print the stack; the status is what matters here.
    app.use((_error: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
      res.status(500).json({ error: { code: 'internal_error', message: 'failed', requestId: '' } });
    });
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const deliver = (body: string, signature: string | undefined, path = '/hook') =>
    fetch(`${base}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(signature !== undefined && { 'x-berbix-signature': signature }),
      },
      body,
    });

  it('accepts a signed delivery only after onEvent resolved, keeping the 64-bit id exact', async () => {
    const body = '{"transaction_id":9007199254741993,"customer_uid":"c-1","action":"accept"}';
    slowMs = 150;
    const started = Date.now();
    const response = await deliver(body, signWebhook(body, SECRET, now()));
    slowMs = 0;
    expect(response.status).toBe(204);
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    expect(received.at(-1)).toMatchObject({ transaction_id: '9007199254741993', action: 'accept' });
  });

  it('rejects a replayed signature', async () => {
    const body = '{"transaction_id":1,"action":"review"}';
    const signature = signWebhook(body, SECRET, now());
    expect((await deliver(body, signature)).status).toBe(204);
    const count = received.length;
    const replay = await deliver(body, signature);
    expect(replay.status).toBe(409);
    expect(received).toHaveLength(count);
  });

  it('answers 400 to bad, tampered, old, future and missing signatures without calling onEvent or echoing the body', async () => {
    const body = '{"transaction_id":2,"customer_uid":"secret-person"}';
    const count = received.length;
    const cases = [
      signWebhook(body, 'wrong-secret', now()),
      signWebhook(`${body} `, SECRET, now()),
      signWebhook(body, SECRET, now() - 400),
      signWebhook(body, SECRET, now() + 400),
      'v0,abc,def',
      'v1,1,00',
      undefined,
    ];
    for (const signature of cases) {
      const response = await deliver(body, signature);
      expect(response.status).toBe(400);
      const text = await response.text();
      expect(text).not.toContain('secret-person');
      expect(JSON.parse(text).error.code).toBe('invalid_request');
    }
    expect(received).toHaveLength(count);
  });

  it('verifies before parsing: junk with a bad signature is a signature error, junk with a good one a body error', async () => {
    const junk = '{not json';
    const bad = await deliver(junk, signWebhook(junk, 'wrong', now()));
    expect((await bad.json()).error.message).toMatch(/signature rejected: mismatch/);
    const good = await deliver(junk, signWebhook(junk, SECRET, now()));
    expect(good.status).toBe(400);
    expect((await good.json()).error.message).toMatch(/not a transaction event/);
  });

  it('answers 5xx when onEvent fails, and accepts the retry of the same delivery', async () => {
    const body = '{"transaction_id":3,"action":"accept"}';
    const signature = signWebhook(body, SECRET, now());
    failNext = true;
    expect((await deliver(body, signature)).status).toBe(500);
    expect((await deliver(body, signature)).status).toBe(204);
  });

  it('reads the raw body itself when mounted bare, and refuses to run after express.json', async () => {
    const body = '{"transaction_id":4,"action":"accept"}';
    expect((await deliver(body, signWebhook(body, SECRET, now()), '/hook-bare')).status).toBe(204);
    const other = '{"transaction_id":5,"action":"accept"}';
    expect((await deliver(other, signWebhook(other, SECRET, now()), '/hook-json')).status).toBe(500);
  });

  it('throws a TypeError on bad configuration', () => {
    expect(() => berbixWebhook({ secret: '', onEvent: () => {} })).toThrow(TypeError);
    expect(() => berbixWebhook({ secret: SECRET } as never)).toThrow(/onEvent/);
    expect(() => berbixWebhook({ secret: SECRET, onEvent: () => {}, tolerance: 5 } as never)).toThrow(/unknown/);
    expect(() => berbixWebhook({ secret: SECRET, onEvent: () => {}, toleranceSeconds: -1 })).toThrow(TypeError);
  });
});

describe('berbixWebhook on two instances sharing a Redis replay guard', () => {
  let redis: RunningRedis;
  const servers: Server[] = [];
  const guards: ReplayGuard[] = [];
  const bases: string[] = [];
  const received: unknown[] = [];
  let failNext = false;

  beforeAll(async () => {
    redis = await startRedisServer();
    for (let i = 0; i < 2; i++) {
      const guard = redisReplayGuard({ url: redis.url, prefix: 'hooks:' });
      guards.push(guard);
      const app = express();
      const onEvent = async (event: unknown) => {
        if (failNext) {
          failNext = false;
          throw new Error('integrator database down');
        }
        received.push(event);
      };
      app.post('/hook', express.raw({ type: '*/*' }), berbixWebhook({ secret: SECRET, onEvent, replayGuard: guard }));
      app.use((_error: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
        res.status(500).end();
      });
      const server = app.listen(0, '127.0.0.1');
      await new Promise((resolve) => server.once('listening', resolve));
      servers.push(server);
      bases.push(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    }
  });
  afterAll(async () => {
    for (const server of servers) await new Promise<void>((resolve) => server.close(() => resolve()));
    for (const guard of guards) await guard.close?.();
    await redis?.stop();
  });

  const deliver = (base: string | undefined, body: string, signature: string) =>
    fetch(`${base}/hook`, { method: 'POST', headers: { 'x-berbix-signature': signature }, body });

  it('a delivery accepted by one instance is a replay at the other; a failed one may be retried anywhere', async () => {
    const body = '{"transaction_id":7,"action":"accept"}';
    const signature = signWebhook(body, SECRET, now());
    expect((await deliver(bases[0], body, signature)).status).toBe(204);
    expect((await deliver(bases[1], body, signature)).status).toBe(409);
    expect(received).toHaveLength(1);

    const other = '{"transaction_id":8,"action":"review"}';
    const otherSignature = signWebhook(other, SECRET, now());
    failNext = true;
    expect((await deliver(bases[0], other, otherSignature)).status).toBe(500);
    expect((await deliver(bases[1], other, otherSignature)).status).toBe(204);
    expect(received).toHaveLength(2);
  });

  it('lets exactly one of simultaneous deliveries of one signature through', async () => {
    const body = '{"transaction_id":9,"action":"accept"}';
    const signature = signWebhook(body, SECRET, now());
    const statuses = await Promise.all(
      Array.from({ length: 6 }, (_, i) => deliver(bases[i % 2], body, signature).then((r) => r.status)),
    );
    expect(statuses.filter((status) => status === 204)).toHaveLength(1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(5);
  });
});
