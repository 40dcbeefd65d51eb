import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSandbox, startSandbox } from './server.js';
import { basic, bearer, call, createTransaction, type TestTokens } from './test-support/api.js';

/**
 * Hostile and malformed input: whatever the body, every route answers with a defined 4xx (or a
 * 2xx when the input happens to be valid), the envelope, and never a 5xx; nothing the caller sent
 * comes back in the answer.
 */
describe('sandbox under hostile input', () => {
  let sandbox: RunningSandbox;
  let tokens: TestTokens;
  beforeAll(async () => {
    sandbox = await startSandbox();
    tokens = await createTransaction(sandbox);
  });
  afterAll(() => sandbox.close());

  const MARK = 'zq7HOSTILEx9';
  /** JSON values salted with a marker string, to check it never comes back. */
  const salted = fc.letrec((tie) => ({
    value: fc.oneof(
      { depthSize: 'small' },
      fc.constant(MARK),
      fc.string(),
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
      fc.array(tie('value'), { maxLength: 4 }),
      fc.dictionary(fc.oneof(fc.constant(MARK), fc.string({ maxLength: 12 })), tie('value'), { maxKeys: 4 }),
    ),
  })).value;
  /** Bodies shaped like the real ones, with hostile values in the fields. */
  const shaped = fc.oneof(
    fc.record(
      { customer_uid: salted, template_key: salted, api_only_options: salted, hosted_options: salted },
      { requiredKeys: [] },
    ),
    fc.record({ grant_type: salted, refresh_token: salted }, { requiredKeys: [] }),
    fc.record(
      {
        images: fc.oneof(
          salted,
          fc.array(
            fc.record(
              { data: salted, image_subject: salted, format: salted, supplementary_data: salted },
              { requiredKeys: [] },
            ),
            { maxLength: 2 },
          ),
        ),
      },
      { requiredKeys: [] },
    ),
    fc.record(
      {
        id_scans: fc.oneof(
          salted,
          fc.array(fc.record({ scan_type: salted, extracted_data: salted }, { requiredKeys: [] }), { maxLength: 2 }),
        ),
      },
      { requiredKeys: [] },
    ),
    fc.record(
      { response_payload: salted, flags: salted, override_fields: salted, action: salted, note: salted },
      { requiredKeys: [] },
    ),
    salted,
  );
  const routes: Array<[string, string, () => string]> = [
    ['POST', '/v0/transactions', () => basic(sandbox.secret)],
    ['POST', '/v0/tokens', () => basic(sandbox.secret)],
    ['PATCH', '/v0/transactions', () => bearer(tokens.access)],
    ['PATCH', '/v0/transactions/override', () => bearer(tokens.access)],
    ['POST', '/v0/images/upload', () => bearer(tokens.client)],
    ['POST', '/v0/idscans/upload', () => bearer(tokens.client)],
    ['PUT', '/_sandbox/faults', () => basic(sandbox.secret)],
  ];

  it('answers any JSON body on any route with a defined status and the envelope, never a 5xx or an echo', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes), shaped, async ([method, path, auth], body) => {
        const answer = await call(sandbox, method, path, { auth: auth(), body });
        expect([200, 204, 400, 401, 409, 410, 413]).toContain(answer.status);
        if (answer.status >= 400) {
          expect(answer.body).toMatchObject({ status: answer.status });
          expect(typeof answer.body?.message).toBe('string');
        }
        expect(answer.text).not.toContain(MARK);
        sandbox.faults.clear();
      }),
      { numRuns: 300, seed: 20261121 },
    );
  });

  it('answers raw garbage bodies and odd headers with 4xx', async () => {
    const bodies = ['', 'null', '[]', '"x"', '{"a":', '\u0000\u0001', `{"images":[{"data":"${'A'.repeat(1000)}"}]}`];
    for (const rawBody of bodies) {
      for (const [method, path, auth] of routes) {
        const answer = await call(sandbox, method, path, { auth: auth(), rawBody });
        expect(answer.status, `${method} ${path} ${JSON.stringify(rawBody.slice(0, 20))}`).toBeGreaterThanOrEqual(400);
        expect(answer.status).toBeLessThan(500);
      }
    }
    for (const auth of ['Basic', 'Basic !!!', `Basic ${'A'.repeat(5000)}`, 'Bearer', 'Bearer a b', 'Digest x']) {
      expect((await call(sandbox, 'POST', '/v0/transactions', { auth, body: {} })).status).toBe(401);
    }
  });
});
