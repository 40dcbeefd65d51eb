import { cardImage } from '@berbix-capture/testing/card-images';
import { licencePayload } from '@berbix-capture/testing/documents';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSandbox, startSandbox } from './server.js';
import { basic, bearer, call, createTransaction, imageBody, upload } from './test-support/api.js';

/** Route surface, auth, token expiry and refresh, the step machine and the limits, over real HTTP. */
describe('sandbox routes', () => {
  let sandbox: RunningSandbox;
  let clock = Date.now();
  let front: Buffer;
  let back: Buffer;
  const payload = licencePayload();

  beforeAll(async () => {
    sandbox = await startSandbox({ tokenTtlSeconds: 60, now: () => clock });
    [front, back] = await Promise.all([
      cardImage({ width: 960, height: 600 }),
      cardImage({ width: 960, height: 600, barcode: payload, moduleSize: 2 }),
    ]);
  });
  afterAll(() => sandbox.close());

  it('refuses every v0 route without credentials, with the envelope and a request id', async () => {
    const routes: Array<[string, string]> = [
      ['POST', '/v0/transactions'],
      ['POST', '/v0/tokens'],
      ['GET', '/v0/transactions'],
      ['PATCH', '/v0/transactions'],
      ['DELETE', '/v0/transactions'],
      ['PATCH', '/v0/transactions/override'],
      ['POST', '/v0/images/upload'],
      ['POST', '/v0/idscans/upload'],
    ];
    for (const [method, path] of routes) {
      const answer = await call(sandbox, method, path, method === 'GET' ? {} : { body: {} });
      expect(answer.status, `${method} ${path}`).toBe(401);
      expect(answer.headers.get('x-request-id')).toMatch(/^req_[0-9a-f]{32}$/);
      expect(answer.body).toMatchObject({ code: 'unauthorized', status: 401, reason: 'Unauthorized' });
      expect(answer.body?.readable).toBe(answer.body?.message);
    }
  });

  it('accepts a token only where its kind belongs, in Bearer (any case) or Token scheme', async () => {
    const t = await createTransaction(sandbox);
    expect((await call(sandbox, 'GET', '/v0/transactions', { auth: bearer(t.client) })).status).toBe(401);
    expect((await call(sandbox, 'GET', '/v0/transactions', { auth: basic(sandbox.secret) })).status).toBe(401);
    expect((await upload(sandbox, t.access, front, 'document_front')).status).toBe(401);
    for (const scheme of ['Bearer', 'bearer', 'BEARER', 'Token']) {
      const answer = await call(sandbox, 'GET', '/v0/transactions', { auth: `${scheme} ${t.access}` });
      expect(answer.status, scheme).toBe(200);
    }
  });

  it('expires access and client tokens after the TTL; refresh issues new ones and keeps the refresh token', async () => {
    const t = await createTransaction(sandbox);
    expect(t.answer.body?.expires_in).toBe(60);
    clock += 61_000;
    const expired = await call(sandbox, 'GET', '/v0/transactions', { auth: bearer(t.access) });
    expect(expired.status).toBe(401);
    expect(expired.body?.message).toContain('expired');
    expect((await upload(sandbox, t.client, front, 'document_front')).status).toBe(401);
    const refreshesBefore = sandbox.counters.snapshot().refreshes;
    const refreshed = await call(sandbox, 'POST', '/v0/tokens', {
      auth: basic(sandbox.secret),
      body: { grant_type: 'refresh_token', refresh_token: t.refresh },
    });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body).toMatchObject({ refresh_token: t.refresh, expires_in: 60 });
    expect(refreshed.body?.access_token).not.toBe(t.access);
    expect(/"transaction_id":(\d+)/.exec(refreshed.text)?.[1]).toBe(t.transactionId);
    const again = await call(sandbox, 'GET', '/v0/transactions', {
      auth: bearer(String(refreshed.body?.access_token)),
    });
    expect(again.status).toBe(200);
    expect(sandbox.counters.snapshot().refreshes).toBe(refreshesBefore + 1);
  });

  it('answers a bad refresh with 400 naming the field, an unknown one with 401', async () => {
    const t = await createTransaction(sandbox);
    const auth = basic(sandbox.secret);
    const wrongGrant = await call(sandbox, 'POST', '/v0/tokens', {
      auth,
      body: { grant_type: 'password', refresh_token: t.refresh },
    });
    expect(wrongGrant.status).toBe(400);
    expect(wrongGrant.body?.message).toContain('grant_type');
    const missing = await call(sandbox, 'POST', '/v0/tokens', { auth, body: { grant_type: 'refresh_token' } });
    expect(missing.body?.message).toContain('refresh_token');
    const access = await call(sandbox, 'POST', '/v0/tokens', {
      auth,
      body: { grant_type: 'refresh_token', refresh_token: t.access },
    });
    expect(access.status).toBe(401);
    const noSecret = await call(sandbox, 'POST', '/v0/tokens', {
      body: { grant_type: 'refresh_token', refresh_token: t.refresh },
    });
    expect(noSecret.status).toBe(401);
  });

  it('creates hosted and plain transactions: hosted_url only for hosted, first_step only for API-only', async () => {
    const hosted = await createTransaction(sandbox, {
      customer_uid: 'h',
      template_key: 't',
      hosted_options: { completion_email: 'a@example.com', redirect_url: 'https://example.com/done' },
    });
    expect(hosted.answer.body?.hosted_url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
    expect(hosted.answer.body?.first_step).toBeUndefined();
    const plain = await createTransaction(sandbox, { customer_uid: 'p', template_key: 't' });
    expect(plain.answer.body?.hosted_url).toBeUndefined();
    expect(plain.answer.body?.first_step).toBeUndefined();
    const bad = await call(sandbox, 'POST', '/v0/transactions', {
      auth: basic(sandbox.secret),
      body: { customer_uid: 'c', template_key: 't', hosted_options: { redirect_url: 'not a url' } },
    });
    expect(bad.status).toBe(400);
    expect(bad.body?.message).toContain('hosted_options.redirect_url');
    const unknown = await call(sandbox, 'POST', '/v0/transactions', {
      auth: basic(sandbox.secret),
      body: { customer_uid: 'c', template_key: 't', colour: 'red' },
    });
    expect(unknown.body?.message).toContain('colour');
  });

  it('walks front then back to done, refusing uploads out of order with 409 and next_step', async () => {
    const t = await createTransaction(sandbox);
    const early = await upload(sandbox, t.client, back, 'document_back', { barcode: payload });
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ status: 409, next_step: 'upload_document_front' });
    expect(typeof early.body?.message).toBe('string');
    const selfie = await upload(sandbox, t.client, front, 'selfie_front');
    expect(selfie.body?.next_step).toBe('upload_document_front');

    const first = await upload(sandbox, t.client, front, 'document_front');
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ issues: [], issue_details: {}, next_step: 'upload_document_back' });
    const again = await upload(sandbox, t.client, front, 'document_front');
    expect(again.status).toBe(409);
    expect(again.body?.next_step).toBe('upload_document_back');

    const second = await upload(sandbox, t.client, back, 'document_back', { barcode: payload });
    expect(second.body).toEqual({ issues: [], issue_details: {}, next_step: 'done' });
    for (const subject of ['document_front', 'document_back']) {
      const after = await upload(sandbox, t.client, back, subject);
      expect(after.status).toBe(409);
      expect(after.body?.next_step).toBe('done');
    }
    const scan = await call(sandbox, 'POST', '/v0/idscans/upload', {
      auth: bearer(t.client),
      body: { id_scans: [{ scan_type: 'pdf417', extracted_data: Buffer.from(payload).toString('base64') }] },
    });
    expect(scan.status).toBe(409);
  });

  it('skips the back for a passport; an unknown type asks for it, and the passport page again proceeds', async () => {
    const passport = await createTransaction(sandbox, {
      customer_uid: 'p',
      template_key: 't',
      api_only_options: { id_type: 'P' },
    });
    expect((await upload(sandbox, passport.client, front, 'document_front')).body?.next_step).toBe('done');
    const passportResult = await call(sandbox, 'GET', '/v0/transactions', { auth: bearer(passport.access) });
    expect(passportResult.body?.flags).not.toContain('id_no_barcode_detected');

    const unknown = await createTransaction(sandbox, { customer_uid: 'u', template_key: 't', api_only_options: {} });
    expect(unknown.answer.body?.first_step).toBe('upload_document_front');
    expect((await upload(sandbox, unknown.client, front, 'document_front')).body?.next_step).toBe(
      'upload_document_back',
    );
    const samePage = await upload(sandbox, unknown.client, front, 'document_back');
    expect(samePage.body).toEqual({ issues: [], issue_details: {}, next_step: 'done' });
  });

  it('answers 410 for every call on a deleted transaction', async () => {
    const t = await createTransaction(sandbox);
    const deleted = await call(sandbox, 'DELETE', '/v0/transactions', { auth: bearer(t.access) });
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe('');
    expect(deleted.headers.get('x-request-id')).toMatch(/^req_/);
    expect((await call(sandbox, 'GET', '/v0/transactions', { auth: bearer(t.access) })).status).toBe(410);
    expect((await call(sandbox, 'DELETE', '/v0/transactions', { auth: bearer(t.access) })).status).toBe(410);
    expect((await upload(sandbox, t.client, front, 'document_front')).status).toBe(410);
    const refresh = await call(sandbox, 'POST', '/v0/tokens', {
      auth: basic(sandbox.secret),
      body: { grant_type: 'refresh_token', refresh_token: t.refresh },
    });
    expect(refresh.status).toBe(410);
    expect(refresh.body).toMatchObject({ code: 'gone', status: 410 });
  });

  it('refuses more than 10,000 px a side with 400, from the header, whatever the byte size', async () => {
    const t = await createTransaction(sandbox);
    const wide = new PNG({ width: 10_001, height: 4 });
    wide.data.fill(255);
    const answer = await upload(sandbox, t.client, PNG.sync.write(wide), 'document_front', { format: 'image/png' });
    expect(answer.status).toBe(400);
    expect(answer.body?.message).toContain('10000 px');
    // Not an attempt: the step still takes a good image.
    expect((await upload(sandbox, t.client, front, 'document_front')).body?.next_step).toBe('upload_document_back');
  });

  it('refuses a body over 20 MB with 413', async () => {
    const t = await createTransaction(sandbox);
    const big = Buffer.alloc(16 * 1024 * 1024, 7); // ~21.3 MB once base64-encoded
    const answer = await call(sandbox, 'POST', '/v0/images/upload', {
      auth: bearer(t.client),
      body: imageBody(big, 'document_front'),
    });
    expect(answer.status).toBe(413);
    expect(answer.body).toMatchObject({ code: 'payload_too_large', status: 413 });
  });

  it('answers malformed upload bodies with 400 naming the field', async () => {
    const t = await createTransaction(sandbox);
    const image = imageBody(front, 'document_front').images as Array<Record<string, unknown>>;
    const cases: Array<[unknown, string]> = [
      [{}, 'images'],
      [{ images: 'x' }, 'images'],
      [{ images: [] }, 'images'],
      [{ images: [image[0], image[0]] }, 'images'],
      [{ images: [{ ...image[0], image_subject: 'document_side' }] }, 'images[0].image_subject'],
      [{ images: [{ ...image[0], format: 'image/gif' }] }, 'images[0].format'],
      [{ images: [{ ...image[0], data: '***' }] }, 'images[0].data'],
      [{ images: [{ ...image[0], data: 42 }] }, 'images[0].data'],
      [
        {
          images: [
            { ...image[0], supplementary_data: { extracted_barcode: { barcode_type: 'qr', extracted_data: 'AA==' } } },
          ],
        },
        'barcode_type',
      ],
      [{ images: [image[0]], extra: 1 }, 'extra'],
    ];
    for (const [body, field] of cases) {
      const answer = await call(sandbox, 'POST', '/v0/images/upload', { auth: bearer(t.client), body });
      expect(answer.status, field).toBe(400);
      expect(answer.body?.message).toContain(field);
    }
    const notJson = await call(sandbox, 'POST', '/v0/images/upload', { auth: bearer(t.client), rawBody: '{"images":' });
    expect(notJson.status).toBe(400);
    const wrongType = await call(sandbox, 'POST', '/v0/images/upload', {
      auth: bearer(t.client),
      rawBody: '{}',
      contentType: 'text/plain',
    });
    expect(wrongType.status).toBe(400);
    // None of these was an attempt.
    expect(sandbox.state.transactions.get(BigInt(t.transactionId))?.attempts).toBe(0);
  });

  it('reads metadata before completion and records PATCH action and note', async () => {
    const t = await createTransaction(sandbox, { customer_uid: 'meta', template_key: 't', email: 'a@example.com' });
    const before = await call(sandbox, 'GET', '/v0/transactions', { auth: bearer(t.access) });
    expect(before.body).toMatchObject({
      entity: 'transaction_metadata',
      customer_uid: 'meta',
      flags: [],
      fields: {},
      duplicates: [],
    });
    expect(before.body?.action).toBeUndefined();
    expect(before.body?.completed_at).toBeUndefined();
    expect(before.body?.created_at).toBe(new Date(clock).toISOString());
    expect(/"id":(\d+)/.exec(before.text)?.[1]).toBe(t.transactionId);
    const patched = await call(sandbox, 'PATCH', '/v0/transactions', {
      auth: bearer(t.access),
      body: { action: 'review', note: 'second look' },
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ action: 'review', note: 'second look' });
    const empty = await call(sandbox, 'PATCH', '/v0/transactions', { auth: bearer(t.access), body: {} });
    expect(empty.status).toBe(400);
    const bad = await call(sandbox, 'PATCH', '/v0/transactions', {
      auth: bearer(t.access),
      body: { action: 'ACCEPT NOW' },
    });
    expect(bad.body?.message).toContain('action');
  });

  it('answers 404 for unknown routes and 405 for a wrong method on a known one', async () => {
    expect((await call(sandbox, 'GET', '/v0/nothing')).status).toBe(404);
    const wrong = await call(sandbox, 'PUT', '/v0/transactions');
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('x-request-id')).toMatch(/^req_/);
  });
});
