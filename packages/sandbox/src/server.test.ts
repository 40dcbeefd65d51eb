import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSandbox, startSandbox } from './server.js';

const basic = (secret: string) => `Basic ${Buffer.from(`${secret}:`).toString('base64')}`;

describe('sandbox: POST /v0/transactions', () => {
  let sandbox: RunningSandbox;
  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterAll(() => sandbox.close());

  const create = (body: unknown, auth = basic(sandbox.secret)) =>
    fetch(`${sandbox.url}/v0/transactions`, {
      method: 'POST',
      headers: { authorization: auth, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('creates an API-only transaction with tokens, an exact 64-bit id and a first step', async () => {
    const response = await create({ customer_uid: 'c-1', template_key: 'tpk', api_only_options: { id_type: 'DL' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-request-id')).toMatch(/^req_/);
    const text = await response.text();
    const id = /"transaction_id":(\d+)/.exec(text)?.[1];
    expect(BigInt(id ?? '0')).toBeGreaterThan(2n ** 53n);
    const body = JSON.parse(text);
    expect(body.first_step).toBe('upload_document_front');
    expect(body.access_token).toMatch(/^sbx_at_/);
    expect(body.client_token).toMatch(/^sbx_ct_/);
    expect(body.refresh_token).toMatch(/^sbx_rt_/);
    expect(body.expires_in).toBe(900);
  });

  it('answers 401 with the error envelope for a wrong or missing secret', async () => {
    for (const auth of [basic('secret_test_wrong'), '', 'Bearer x']) {
      const response = await create({ customer_uid: 'c', template_key: 't' }, auth);
      expect(response.status).toBe(401);
      const body = await response.json();
      expect(body).toMatchObject({ status: 401, code: 'unauthorized', reason: 'Unauthorized' });
      expect(typeof body.message).toBe('string');
      expect(typeof body.readable).toBe('string');
    }
  });

  it('answers 400 naming the field for a malformed body', async () => {
    const cases: Array<[unknown, string]> = [
      [{ template_key: 't' }, 'customer_uid'],
      [{ customer_uid: 'c' }, 'template_key'],
      [{ customer_uid: 'c', template_key: 't', api_only_options: { id_type: 'XX' } }, 'api_only_options.id_type'],
      [{ customer_uid: 'c', template_key: 't', api_only_options: {}, hosted_options: {} }, 'api_only_options'],
      [[1, 2], 'body'],
    ];
    for (const [body, field] of cases) {
      const response = await create(body);
      expect(response.status).toBe(400);
      expect((await response.json()).message).toContain(field);
    }
  });

  it('answers 404 for unknown routes, with a request id', async () => {
    const response = await fetch(`${sandbox.url}/v0/nothing-here`);
    expect(response.status).toBe(404);
    expect(response.headers.get('x-request-id')).toMatch(/^req_/);
    expect((await response.json()).status).toBe(404);
  });
});
