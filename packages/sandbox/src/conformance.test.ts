import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { cardImage } from '@berbix-capture/testing/card-images';
import { licencePayload } from '@berbix-capture/testing/documents';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSandbox, startSandbox } from './server.js';
import { startWebhookReceiver, type WebhookReceiver } from './test-support/webhook-receiver.js';

const require = createRequire(import.meta.url);
const BERBIX_SDK = require.resolve('berbix');
const SDK_SCRIPT = fileURLToPath(new URL('./test-support/berbix-sdk-flow.cjs', import.meta.url));
const { Client } = require('berbix') as {
  Client: new (o: object) => { validateSignature(s: string, b: string, h: string): boolean };
};

/** Runs the official SDK's flow in a child process that trusts the sandbox's CA, as an integrator's would. */
function runSdkFlow(input: object, ca: string): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SDK_SCRIPT], {
      env: { ...process.env, NODE_EXTRA_CA_CERTS: ca, BERBIX_SDK },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`SDK flow exited ${code}: ${stderr.slice(0, 2000)}`));
      else resolve(JSON.parse(stdout));
    });
    child.stdin.end(JSON.stringify(input));
  });
}

/**
 * Conformance: Berbix's own Node SDK (berbix@2.0.0, unchanged) runs the whole API-only flow
 * against the sandbox over HTTPS.
 */
describe('berbix@2.0.0 against the sandbox over HTTPS', () => {
  let sandbox: RunningSandbox;
  let hooks: WebhookReceiver;
  const webhookSecret = 'whsec_conformance';
  const payload = licencePayload();
  let output: Record<string, unknown>;

  beforeAll(async () => {
    hooks = await startWebhookReceiver([], '/berbix');
    sandbox = await startSandbox({
      tls: true,
      webhookUrl: hooks.url,
      webhookSecret,
    });
    expect(sandbox.url).toMatch(/^https:\/\/localhost:\d+$/);
    const [front, back] = await Promise.all([
      cardImage({ width: 960, height: 600 }),
      cardImage({ width: 960, height: 600, barcode: payload, moduleSize: 2 }),
    ]);
    output = await runSdkFlow(
      {
        url: sandbox.url,
        secret: sandbox.secret,
        front: front.toString('base64'),
        back: back.toString('base64'),
        barcode: Buffer.from(payload).toString('base64'),
      },
      sandbox.ca as string,
    );
  }, 60_000);
  afterAll(async () => {
    await sandbox.close();
    hooks.server.close();
  });

  it('creates an API-only DL transaction with tokens and a first step', () => {
    expect(output.created).toEqual({
      access: true,
      client: true,
      refresh: true,
      expiresIn: 900,
      firstStep: 'upload_document_front',
    });
  });

  it('uploads the front, then the back with its barcode, to done', () => {
    expect(output.front).toEqual({ nextStep: 'upload_document_back', issues: [], issueDetails: {} });
    expect(output.back).toEqual({ nextStep: 'done', issues: [], issueDetails: {} });
  });

  it('fetches the transaction with the fields parsed from the barcode', () => {
    const fetched = output.fetched as Record<string, unknown>;
    expect(fetched.entity).toBe('transaction_metadata');
    expect(fetched.action).toBe('accept');
    const fields = fetched.fields as Record<string, { value: string }>;
    expect(fields.given_name?.value).toBe('ALEX');
    expect(fields.family_name?.value).toBe('SAMPLE');
    expect(fields.date_of_birth?.value).toBe('1990-01-31');
    expect(fields.id_number?.value).toBe('D1234567');
    expect(fields.address_city?.value).toBe('SACRAMENTO');
  });

  it('refreshes explicitly and lazily (Tokens.fromRefresh)', () => {
    expect(output.refreshed).toEqual({ newAccess: true, sameTransaction: true });
    expect(output.lazyFetchCustomer).toBe('conformance-1');
    expect(sandbox.counters.snapshot().refreshes).toBeGreaterThanOrEqual(2);
  });

  it('gets a 409 with nextStep from the SDK after done', () => {
    expect(output.conflict).toEqual({ status: 409, nextStep: 'done' });
  });

  it('overrides and updates the transaction', () => {
    expect(output.override).toEqual({});
    const after = output.afterOverride as Record<string, unknown>;
    expect((after.fields as Record<string, { value: string }>).given_name?.value).toBe('CONFORMANCE');
    expect(after.flags).toEqual(['id_under_21']);
    expect((output.updated as Record<string, unknown>).action).toBe('review');
  });

  it('uploads an id scan to done', () => {
    expect(output.idscan).toEqual({ nextStep: 'done', issues: [], issueDetails: {} });
  });

  it('deletes the transaction, after which it is gone (410)', () => {
    expect(output.deleted).toEqual({});
    expect(output.afterDelete).toBe(410);
  });

  it('creates a hosted transaction with a hosted URL', () => {
    expect(String(output.hostedUrl)).toMatch(/^https:\/\/localhost:\d+\//);
  });

  it('sends webhooks that the SDK validateSignature accepts', async () => {
    await sandbox.webhooksIdle();
    expect(hooks.received.length).toBe(2); // the photo flow and the id-scan flow
    for (const hook of hooks.received) {
      expect(new Client({}).validateSignature(webhookSecret, hook.body, hook.signature)).toBe(true);
      expect(new Client({}).validateSignature(webhookSecret, `${hook.body} `, hook.signature)).toBe(false);
    }
  });
});
