import { DEFAULT_SECRET, type RunningSandbox, startSandbox } from '@berbix-capture/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BerbixClient } from './client.js';
import { BerbixAuthenticationError, BerbixConnectionError } from './errors.js';
import { Tokens } from './tokens.js';

describe('BerbixClient construction', () => {
  it('rejects unknown options, naming the allowed ones', () => {
    expect(() => new BerbixClient({ apiSecret: 's', apiKey: 'x' } as never)).toThrow(
      /unknown BerbixClient option\(s\) apiKey; allowed: apiSecret, apiHost/,
    );
  });

  it('refuses plain http except on loopback', () => {
    expect(() => new BerbixClient({ apiSecret: 's', apiHost: 'http://berbix.example' })).toThrow(TypeError);
    for (const host of ['http://localhost:1', 'http://127.0.0.1:1', 'http://[::1]:1', 'https://api.berbix.com']) {
      expect(new BerbixClient({ apiSecret: 's', apiHost: host }).apiHost).toBe(new URL(host).origin);
    }
  });

  it('puts appInfo after its own name in the User-Agent', () => {
    const client = new BerbixClient({ apiSecret: 's', appInfo: { name: 'Shop', version: '2.1' } });
    expect(client.userAgent).toMatch(/^BerbixCapture\/\d+\.\d+\.\d+ Shop\/2\.1$/);
  });

  it('builds from the environment', () => {
    const client = BerbixClient.fromEnv({ BERBIX_API_SECRET: 'secret_test_x', BERBIX_API_HOST: 'http://localhost:9' });
    expect(client.apiHost).toBe('http://localhost:9');
    expect(() => BerbixClient.fromEnv({})).toThrow(/BERBIX_API_SECRET/);
  });
});

describe('BerbixClient against the sandbox over HTTP', () => {
  let sandbox: RunningSandbox;
  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterAll(() => sandbox.close());

  it('creates an API-only transaction and keeps the 64-bit id exact', async () => {
    const client = new BerbixClient({ apiSecret: DEFAULT_SECRET, apiHost: sandbox.url });
    const tokens = await client.createApiOnlyTransaction({ customerUid: 'u-1', templateKey: 'tpk', idType: 'DL' });
    expect(tokens).toBeInstanceOf(Tokens);
    expect(tokens.firstStep).toBe('upload_document_front');
    expect(BigInt(tokens.transactionId ?? '0')).toBe([...sandbox.state.transactions.keys()].at(-1));
    expect(tokens.needsRefresh()).toBe(false);
    const record = sandbox.state.transactions.get(BigInt(tokens.transactionId ?? '0'));
    expect(record).toMatchObject({ customerUid: 'u-1', templateKey: 'tpk', idType: 'DL', kind: 'api_only' });
    // Tokens survive a trip through a store as plain JSON.
    const copy = Tokens.fromRecord(JSON.parse(JSON.stringify(tokens.toRecord())));
    expect(copy.toRecord()).toEqual(tokens.toRecord());
    expect(String(tokens)).not.toContain(tokens.accessToken ?? 'missing');
  });

  it('maps a wrong secret to an authentication error that carries no secret', async () => {
    const client = new BerbixClient({ apiSecret: 'secret_test_wrong', apiHost: sandbox.url });
    const error = await client.createApiOnlyTransaction({ customerUid: 'u', templateKey: 't' }).catch((e) => e);
    expect(error).toBeInstanceOf(BerbixAuthenticationError);
    expect(error.statusCode).toBe(401);
    expect(error.requestId).toMatch(/^req_/);
    expect(error.message).not.toContain('secret_test_wrong');
  });

  it('reports a connection error when nothing listens', async () => {
    const client = new BerbixClient({ apiSecret: 's', apiHost: 'http://127.0.0.1:1' });
    await expect(client.createApiOnlyTransaction({ customerUid: 'u', templateKey: 't' })).rejects.toBeInstanceOf(
      BerbixConnectionError,
    );
  });
});
