import { licencePayload, yearsAgo } from '@berbix-capture/testing/documents';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSandbox, startSandbox } from './server.js';
import { basic, bearer, call, createTransaction, finishByIdScan, type TestTokens } from './test-support/api.js';

type Fields = Record<string, { value: string; confidence: string; sources: Array<{ type: string }> }>;

/** Results of finished transactions: fields from the AAMVA payload, flags, action, override. */
describe('sandbox results', () => {
  let sandbox: RunningSandbox;
  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterAll(() => sandbox.close());

  const read = async (t: TestTokens) =>
    (await call(sandbox, 'GET', '/v0/transactions', { auth: bearer(t.access) })).body ?? {};

  it('returns the fields parsed from the AAMVA payload, timestamps and a dashboard URL', async () => {
    const t = await finishByIdScan(sandbox, licencePayload());
    const body = await read(t);
    const fields = body.fields as Fields;
    const values = Object.fromEntries(Object.entries(fields).map(([name, field]) => [name, field.value]));
    expect(values).toMatchObject({
      given_name: 'ALEX',
      middle_name: 'JORDAN',
      family_name: 'SAMPLE',
      date_of_birth: '1990-01-31',
      sex: 'F',
      id_expiry_date: '2099-01-31',
      id_issue_date: '2022-01-31',
      id_number: 'D1234567',
      id_type: 'DL',
      id_issuer: 'CA',
      address_street: '123 MAIN ST',
      address_city: 'SACRAMENTO',
      address_subdivision: 'CA',
      address_postal_code: '95814',
      address_country: 'USA',
    });
    expect(Number(values.age)).toBeGreaterThanOrEqual(35);
    expect(fields.address_city).toEqual({
      value: 'SACRAMENTO',
      confidence: 'high',
      sources: [{ value: 'SACRAMENTO', type: 'barcode', confidence: 'high' }],
    });
    expect(body.flags).toEqual([]);
    expect(body.action).toBe('accept');
    expect(Date.parse(String(body.completed_at))).toBeGreaterThanOrEqual(Date.parse(String(body.created_at)));
    expect(body.dashboard_url).toBe(`${sandbox.url}/_sandbox/dashboard/transaction?id=${t.transactionId}`);
    const dashboard = await call(sandbox, 'GET', String(body.dashboard_url).slice(sandbox.url.length), {
      auth: basic(sandbox.secret),
    });
    expect(dashboard.body).toMatchObject({ customer_uid: 'cust', action: 'accept' });
  });

  it('flags under 18, under 21 and expired documents, and derives the action from the flags', async () => {
    const cases: Array<[Parameters<typeof licencePayload>[0], string[], string]> = [
      [{ dateOfBirth: yearsAgo(17) }, ['id_under_18', 'id_under_21'], 'reject'],
      [{ dateOfBirth: yearsAgo(18, 1) }, ['id_under_18', 'id_under_21'], 'reject'], // 18 tomorrow
      [{ dateOfBirth: yearsAgo(18) }, ['id_under_21'], 'accept'], // 18 today
      [{ dateOfBirth: yearsAgo(21) }, [], 'accept'],
      [{ expiryDate: yearsAgo(0, -1), issueDate: '2020-01-01' }, ['id_expired'], 'reject'],
      [{ expiryDate: yearsAgo(0), issueDate: '2020-01-01' }, [], 'accept'], // expires today: still valid
    ];
    for (const [overrides, flags, action] of cases) {
      const body = await read(await finishByIdScan(sandbox, licencePayload(overrides)));
      expect(body.flags, JSON.stringify(overrides)).toEqual(flags);
      expect(body.action, JSON.stringify(overrides)).toBe(action);
    }
  });

  it('flags a document another customer already used, and lists the duplicate', async () => {
    const payload = licencePayload({ documentNumber: 'DUP00001' });
    const first = await finishByIdScan(sandbox, payload, 'first-customer');
    const second = await finishByIdScan(sandbox, payload, 'second-customer');
    const body = await read(second);
    expect(body.flags).toContain('id_duplicate_detected');
    expect(body.action).toBe('review');
    expect((await call(sandbox, 'GET', '/v0/transactions', { auth: bearer(second.access) })).text).toContain(
      `"duplicates":[{"customer_uid":"first-customer","transaction_id":${first.transactionId}}]`,
    );
    // The same customer again with their own document is a retry, not a duplicate.
    const own = licencePayload({ documentNumber: 'OWN00001' });
    await finishByIdScan(sandbox, own, 'third-customer');
    expect((await read(await finishByIdScan(sandbox, own, 'third-customer'))).flags).toEqual([]);
  });

  it('override replaces fields, flags and action (204), and validates its body', async () => {
    const t = await finishByIdScan(sandbox, licencePayload());
    const override = (body: unknown) =>
      call(sandbox, 'PATCH', '/v0/transactions/override', { auth: bearer(t.access), body });
    const answer = await override({
      response_payload: 'us-id',
      flags: ['id_under_21', 'id_expired'],
      override_fields: { given_name: 'MORGAN' },
    });
    expect(answer.status).toBe(204);
    expect(answer.text).toBe('');
    const body = await read(t);
    const fields = body.fields as Fields;
    expect(fields.given_name?.value).toBe('MORGAN');
    expect(fields.family_name?.value).toBe('ROE');
    expect(fields.id_type?.value).toBe('ID');
    expect(fields.given_name?.sources[0]?.type).toBe('override');
    expect(body.flags).toEqual(['id_under_21', 'id_expired']);
    expect(body.action).toBe('reject');

    for (const [bad, field] of [
      [{ response_payload: 'eu-dl' }, 'response_payload'],
      [{ flags: 'id_expired' }, 'flags'],
      [{ flags: ['Not A Flag'] }, 'flags[0]'],
      [{ override_fields: { shoe_size: '42' } }, 'override_fields.shoe_size'],
      [{ override_fields: { given_name: 7 } }, 'override_fields.given_name'],
      [{ note: 'x' }, 'note'],
    ] as const) {
      const refused = await override(bad);
      expect(refused.status, field).toBe(400);
      expect(refused.body?.message).toContain(field);
    }
  });

  it('override works before completion too (a test shortcut) and stamps completed_at', async () => {
    const t = await createTransaction(sandbox);
    const answer = await call(sandbox, 'PATCH', '/v0/transactions/override', {
      auth: bearer(t.access),
      body: { response_payload: 'passport' },
    });
    expect(answer.status).toBe(204);
    const body = await read(t);
    expect((body.fields as Fields).id_type?.value).toBe('P');
    expect(body.action).toBe('accept');
    expect(body.completed_at).toBeDefined();
  });

  it('never echoes what the caller sent in an error message', async () => {
    const secretish = 'PERSONAL-DATA-4111111111111111';
    const answers = await Promise.all([
      call(sandbox, 'POST', '/v0/transactions', {
        auth: basic(sandbox.secret),
        body: { customer_uid: 'c', template_key: 't', api_only_options: { id_country: secretish } },
      }),
      call(sandbox, 'POST', '/v0/transactions', {
        auth: basic(secretish),
        body: { customer_uid: 'c', template_key: 't' },
      }),
      call(sandbox, 'GET', '/v0/transactions', { auth: bearer(secretish) }),
      call(sandbox, 'POST', '/v0/transactions', {
        auth: basic(sandbox.secret),
        body: { customer_uid: 'c', template_key: 't', [secretish]: 1 },
      }),
    ]);
    for (const answer of answers) {
      expect(answer.status).toBeGreaterThanOrEqual(400);
      expect(answer.text).not.toContain('4111111111111111');
    }
  });
});
