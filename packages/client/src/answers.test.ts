import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { metadataFrom, tokensFrom } from './answers.js';
import { BerbixClient } from './client.js';
import { BerbixAPIError } from './errors.js';

const answer = (body: unknown) => ({ status: 200, body, requestId: 'req_answers' });
const caught = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return error as BerbixAPIError;
  }
  throw new Error('expected a throw');
};

describe("reading Berbix's answers against the contract", () => {
  const tokens = { access_token: 'at_secret', client_token: 'ct_secret', refresh_token: 'rt_secret', expires_in: 900 };

  it('reads a creation, keeping a 64-bit transaction id exact', () => {
    const { record } = tokensFrom(
      answer({ ...tokens, transaction_id: '18014398509481985', first_step: 'upload_document_front', hosted_url: null }),
    );
    expect(record).toMatchObject({
      accessToken: 'at_secret',
      refreshToken: 'rt_secret',
      transactionId: '18014398509481985',
      firstStep: 'upload_document_front',
    });
    expect(record.hostedUrl).toBeUndefined();
    // A refresh may leave the refresh token out: the one held stays.
    expect(tokensFrom(answer({ ...tokens, refresh_token: undefined }), 'rt_held').record.refreshToken).toBe('rt_held');
  });

  it('refuses token answers that would leave wrong values behind, naming the field and no token', () => {
    const cases: Array<[unknown, RegExp]> = [
      [null, /not|object/],
      [{ ...tokens, access_token: '' }, /access_token is required/],
      [{ ...tokens, client_token: 7 }, /client_token/],
      [{ ...tokens, expires_in: '900' }, /expires_in/],
      [{ ...tokens, expires_in: -5 }, /expires_in/],
      [{ ...tokens, transaction_id: 2 ** 60 }, /transaction_id/],
      [{ ...tokens, first_step: 'teleport' }, /first_step/],
      [{ ...tokens, refresh_token: undefined }, /refresh_token/],
    ];
    for (const [body, message] of cases) {
      const error = caught(() => tokensFrom(answer(body)));
      expect(error, JSON.stringify(body)).toBeInstanceOf(BerbixAPIError);
      expect(error.message).toMatch(message);
      expect(error.requestId).toBe('req_answers');
      expect(inspect(error)).not.toMatch(/at_secret|ct_secret|rt_secret/);
    }
  });

  it('reads metadata, with empty flags and fields until completion, and refuses a malformed one', () => {
    const metadata = metadataFrom(answer({ entity: 'transaction_metadata', id: 12, customer_uid: 'c', flags: null }));
    expect(metadata).toMatchObject({ id: '12', flags: [], fields: {} });
    const cases: Array<[unknown, RegExp]> = [
      [{ entity: 'transaction_metadata', customer_uid: 'c' }, /id is required/],
      [{ entity: 'transaction_metadata', id: 1, customer_uid: 'c', flags: 'id_expired' }, /flags/],
      [
        { entity: 'transaction_metadata', id: 1, customer_uid: 'c', fields: { given_name: 'ALEX' } },
        /fields.given_name/,
      ],
      [{ entity: 'transaction_metadata', id: 1, customer_uid: 'c', duplicates: [{ customer_uid: 'd' }] }, /duplicates/],
    ];
    for (const [body, message] of cases) {
      const error = caught(() => metadataFrom(answer(body)));
      expect(error).toBeInstanceOf(BerbixAPIError);
      expect(error.message).toMatch(message);
      // The value itself never appears.
      expect(error.message).not.toContain('ALEX');
    }
  });

  it('turns a surprising answer into a BerbixAPIError through the public client, not a crash', async () => {
    const client = new BerbixClient({
      apiSecret: 'secret_test_x',
      apiHost: 'http://localhost:9',
      maxRetries: 0,
      fetch: async () =>
        new Response(JSON.stringify({ access_token: 'a', client_token: 'c', refresh_token: 'r', expires_in: 'soon' }), {
          status: 200,
          headers: { 'content-type': 'application/json' },
        }),
    });
    const error = await client.createTransaction({ customerUid: 'u', templateKey: 't' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BerbixAPIError);
    expect((error as BerbixAPIError).statusCode).toBe(200);
    expect((error as Error).message).toMatch(/expires_in/);
  });
});
