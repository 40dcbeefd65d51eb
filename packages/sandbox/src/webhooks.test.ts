import { createHmac } from 'node:crypto';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import { licencePayload } from '@berbix-capture/testing/documents';
import { afterEach, describe, expect, it } from 'vitest';
import { type RunningSandbox, startSandbox } from './server.js';
import { finishByIdScan } from './test-support/api.js';
import { type ReceivedHook, startWebhookReceiver } from './test-support/webhook-receiver.js';

const require = createRequire(import.meta.url);
const { Client } = require('berbix') as {
  Client: new (o: object) => { validateSignature(s: string, b: string, h: string): boolean };
};

describe('sandbox webhooks', () => {
  let sandbox: RunningSandbox | undefined;
  let server: Server | undefined;
  afterEach(async () => {
    await sandbox?.close();
    server?.close();
    sandbox = undefined;
    server = undefined;
  });

  it('POSTs a signed event on completion and retries with backoff until it is accepted', async () => {
    const hook = await startWebhookReceiver([500, 503, 200]);
    server = hook.server;
    sandbox = await startSandbox({
      webhookUrl: hook.url,
      webhookSecret: 'whsec_test',
      webhookRetryDelaysMs: [50, 100, 200],
    });
    const t = await finishByIdScan(sandbox, licencePayload(), 'hook-customer');
    await sandbox.webhooksIdle();
    expect(hook.received).toHaveLength(3);
    const last = hook.received[2] as ReceivedHook;
    expect(last.body).toContain(`"transaction_id":${t.transactionId}`);
    const event = JSON.parse(last.body);
    expect(event).toMatchObject({ customer_uid: 'hook-customer', action: 'accept', type: 'verification_finished' });
    expect(event.dashboard_link).toContain('/_sandbox/dashboard/transaction?id=');
    // One event id across its retries, so a receiver can drop repeats.
    expect(event.id).toMatch(/^evt_[0-9a-f]{32}$/);
    expect(new Set(hook.received.map((r) => JSON.parse(r.body).id))).toEqual(new Set([event.id]));
    // The contract's signature, checked independently and by the official SDK.
    const [version, timestamp, hex] = last.signature.split(',');
    expect(version).toBe('v0');
    expect(Math.abs(Number(timestamp) - Date.now() / 1000)).toBeLessThan(10);
    expect(hex).toBe(createHmac('sha256', 'whsec_test').update(`${timestamp},whsec_test,${last.body}`).digest('hex'));
    const sdk = new Client({ apiSecret: 'unused' });
    expect(sdk.validateSignature('whsec_test', last.body, last.signature)).toBe(true);
    expect(sdk.validateSignature('whsec_other', last.body, last.signature)).toBe(false);
    expect(sandbox.counters.snapshot().webhooks).toEqual({ delivered: 1, failed: 2 });
  });

  it('gives up after the last retry, counting each failed attempt; without a URL nothing is sent', async () => {
    const hook = await startWebhookReceiver([500, 500, 500, 500]);
    server = hook.server;
    sandbox = await startSandbox({ webhookUrl: hook.url, webhookRetryDelaysMs: [20, 20] });
    await finishByIdScan(sandbox, licencePayload(), 'c');
    await sandbox.webhooksIdle();
    expect(hook.received).toHaveLength(3);
    expect(sandbox.counters.snapshot().webhooks).toEqual({ delivered: 0, failed: 3 });
    // Default secret: the API secret.
    const first = hook.received[0] as ReceivedHook;
    expect(new Client({}).validateSignature(sandbox.secret, first.body, first.signature)).toBe(true);
    await sandbox.close();

    sandbox = await startSandbox();
    await finishByIdScan(sandbox, licencePayload(), 'quiet');
    await sandbox.webhooksIdle();
    expect(sandbox.counters.snapshot().webhooks).toEqual({ delivered: 0, failed: 0 });
  });

  it('survives an unreachable receiver', async () => {
    sandbox = await startSandbox({ webhookUrl: 'http://127.0.0.1:9/unreachable', webhookRetryDelaysMs: [10] });
    await finishByIdScan(sandbox, licencePayload(), 'c');
    await sandbox.webhooksIdle();
    expect(sandbox.counters.snapshot().webhooks.failed).toBe(2);
  });

  it('refuses a webhook URL that is not http(s)', async () => {
    await expect(startSandbox({ webhookUrl: 'ftp://example.com' })).rejects.toThrow(TypeError);
  });
});
