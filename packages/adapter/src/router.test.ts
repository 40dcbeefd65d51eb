import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type RunningSandbox, startSandbox, TOKEN_PREFIX } from '@berbix-capture/sandbox';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { berbixCapture } from './router.js';
import { STATUS_AT_FRONT, sandboxRouter } from './testing/harness.js';

const SECRET = 'test-secret-that-is-long-enough-to-sign-cookies';

describe('adapter: session protocol against the sandbox', () => {
  let sandbox: RunningSandbox;
  let server: Server;
  let base: string;

  beforeAll(async () => {
    sandbox = await startSandbox();
    const app = express();
    app.use('/berbix', sandboxRouter(sandbox, { secret: SECRET }));
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/berbix`;
  });
  afterAll(async () => {
    server.close();
    await sandbox.close();
  });

  it('creates a transaction, answers the first step and sets an HttpOnly cookie; no token reaches the browser', async () => {
    const response = await fetch(`${base}/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ idType: 'DL', idCountry: 'US' }),
    });
    expect(response.status).toBe(201);
    const text = await response.text();
    expect(JSON.parse(text)).toMatchObject({ step: 'upload_document_front', idType: 'DL' });
    const cookie = response.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^berbix_session=/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const everything = text + JSON.stringify([...response.headers]);
    for (const token of sandbox.state.issuedTokenStrings()) expect(everything).not.toContain(token);
    for (const prefix of Object.values(TOKEN_PREFIX)) expect(everything).not.toContain(prefix);
    // The customer and template came from the server callback, not the browser.
    expect([...sandbox.state.transactions.values()].at(-1)).toMatchObject({
      customerUid: 'customer-42',
      templateKey: 'tpk_test',
      idType: 'DL',
      idCountry: 'US',
    });

    const status = await fetch(`${base}/session`, { headers: { cookie: cookie.split(';')[0] ?? '' } });
    expect(status.status).toBe(200);
    expect(await status.json()).toEqual(STATUS_AT_FRONT);
  });

  it('refuses a browser-chosen template, bad id types and forged cookies', async () => {
    const post = (body: unknown, headers: Record<string, string> = {}) =>
      fetch(`${base}/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });
    expect((await post({ templateKey: 'mine' })).status).toBe(400);
    expect((await post({ idType: 'XX' })).status).toBe(400);
    expect((await post({}, { origin: 'https://evil.example' })).status).toBe(403);
    const forged = await fetch(`${base}/session`, { headers: { cookie: 'berbix_session=abc.def' } });
    expect(forged.status).toBe(401);
    expect((await forged.json()).error.code).toBe('no_session');
  });

  it('rejects bad configuration at start-up', () => {
    expect(() =>
      berbixCapture({ secret: 'short', transaction: () => ({ customerUid: 'a', templateKey: 'b' }) }),
    ).toThrow(TypeError);
    expect(() => berbixCapture({ secret: SECRET } as never)).toThrow(/transaction/);
  });
});
