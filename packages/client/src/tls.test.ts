import { readFileSync } from 'node:fs';
import { DEFAULT_SECRET, type RunningSandbox, startSandbox } from '@berbix-capture/sandbox';
import { Agent, fetch as undiciFetch } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BerbixClient } from './client.js';
import { BerbixConnectionError } from './errors.js';
import { countingFetch } from './testing/fetches.js';
import { specimenJpeg } from './testing/fixtures.js';

/**
 * The HTTPS path against the sandbox's own self-signed certificate. The client is given a `fetch`
 * whose undici Agent trusts exactly that certificate; verification stays on.
 */
describe('BerbixClient over HTTPS with the sandbox certificate', () => {
  let sandbox: RunningSandbox;
  let agent: Agent;
  let trusting: typeof fetch;

  beforeAll(async () => {
    sandbox = await startSandbox({ tls: true });
    if (!sandbox.ca) throw new Error('the TLS sandbox did not report its certificate');
    agent = new Agent({ connect: { ca: readFileSync(sandbox.ca) } });
    trusting = ((input: string | URL, init?: RequestInit) =>
      undiciFetch(input, { ...(init as object), dispatcher: agent })) as unknown as typeof fetch;
  });
  afterAll(async () => {
    await agent.close();
    await sandbox.close();
  });

  it('serves https on localhost', () => {
    expect(sandbox.url).toMatch(/^https:\/\/localhost:\d+$/);
  });

  it('creates, refreshes, uploads, reads and deletes over TLS', async () => {
    const client = new BerbixClient({ apiSecret: DEFAULT_SECRET, apiHost: sandbox.url, fetch: trusting });
    const tokens = await client.createApiOnlyTransaction({ customerUid: 'u-tls', templateKey: 'tpk', idType: 'DL' });
    expect(tokens.firstStep).toBe('upload_document_front');
    await client.refreshTokens(tokens);
    const answer = await client.uploadImages(tokens, [
      { data: specimenJpeg(), subject: 'document_front', format: 'image/jpeg' },
    ]);
    expect(answer.nextStep).toBe('upload_document_back');
    expect((await client.fetchTransaction(tokens)).id).toBe(tokens.transactionId);
    await client.deleteTransaction(tokens);
  });

  it('refuses the certificate when it is not trusted, at once and without retrying', async () => {
    const counting = countingFetch();
    const client = new BerbixClient({ apiSecret: DEFAULT_SECRET, apiHost: sandbox.url, fetch: counting.fetch });
    const error = await client.createApiOnlyTransaction({ customerUid: 'u', templateKey: 't' }).catch((e) => e);
    expect(error).toBeInstanceOf(BerbixConnectionError);
    // The TLS handshake failed, so the request itself never left.
    expect(error.mayHaveReachedServer).toBe(false);
    expect(counting.attempts()).toBe(1);
  });
});
