import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { DEFAULT_SECRET, type RunningSandbox, startSandbox } from '@berbix-capture/sandbox';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BerbixClient } from './client.js';
import {
  BerbixAuthenticationError,
  BerbixConflictError,
  BerbixConnectionError,
  BerbixGoneError,
  BerbixInvalidRequestError,
  BerbixNotFoundError,
  BerbixPayloadTooLargeError,
} from './errors.js';
import { specimenJpeg, specimenPayload } from './testing/fixtures.js';
import { Tokens } from './tokens.js';

describe('BerbixClient construction', () => {
  it('rejects unknown options, naming the allowed ones', () => {
    expect(() => new BerbixClient({ apiSecret: 's', apiKey: 'x' } as never)).toThrow(
      /unknown BerbixClient option\(s\) apiKey; allowed: apiSecret, apiHost/,
    );
  });

  it('refuses plain http except on loopback', () => {
    expect(() => new BerbixClient({ apiSecret: 's', apiHost: 'http://berbix.example' })).toThrow(TypeError);
    expect(() => new BerbixClient({ apiSecret: 's', apiHost: 'http://127.0.0.2' })).toThrow(TypeError);
    expect(() => new BerbixClient({ apiSecret: 's', apiHost: 'ftp://localhost' })).toThrow(TypeError);
    expect(() => new BerbixClient({ apiSecret: 's', apiHost: 'not a url' })).toThrow(TypeError);
    expect(() => new BerbixClient({ apiSecret: 's', apiHost: 'https://u:p@api.berbix.com' })).toThrow(/credentials/);
    for (const host of ['http://localhost:1', 'http://127.0.0.1:1', 'http://[::1]:1', 'https://api.berbix.com']) {
      expect(new BerbixClient({ apiSecret: 's', apiHost: host }).apiHost).toBe(new URL(host).origin);
    }
    expect(new BerbixClient({ apiSecret: 's', apiHost: 'https://gw.example/berbix/' }).apiHost).toBe(
      'https://gw.example/berbix',
    );
    expect(() => new BerbixClient({ apiSecret: 's', apiHost: 'https://api.berbix.com/?x=1' })).toThrow(/query/);
  });

  it('validates the other options', () => {
    expect(() => new BerbixClient({ apiSecret: '' })).toThrow(/apiSecret/);
    expect(() => new BerbixClient(undefined as never)).toThrow(TypeError);
    expect(() => new BerbixClient({ apiSecret: 's', timeoutMs: 0 })).toThrow(/timeoutMs/);
    expect(() => new BerbixClient({ apiSecret: 's', maxRetries: -1 })).toThrow(/maxRetries/);
    expect(() => new BerbixClient({ apiSecret: 's', fetch: 'no' as never })).toThrow(/fetch/);
    expect(() => new BerbixClient({ apiSecret: 's', appInfo: { name: 'Shop\r\nX-Evil: 1' } })).toThrow(/appInfo/);
  });

  it('puts appInfo after its own name in the User-Agent', () => {
    const client = new BerbixClient({ apiSecret: 's', appInfo: { name: 'Shop', version: '2.1' } });
    expect(client.userAgent).toMatch(/^BerbixCapture\/\d+\.\d+\.\d+ Shop\/2\.1$/);
    expect(new BerbixClient({ apiSecret: 's' }).userAgent).toMatch(/^BerbixCapture\/\d+\.\d+\.\d+$/);
  });

  it('builds from the environment', () => {
    const client = BerbixClient.fromEnv({ BERBIX_API_SECRET: 'secret_test_x', BERBIX_API_HOST: 'http://localhost:9' });
    expect(client.apiHost).toBe('http://localhost:9');
    expect(BerbixClient.fromEnv({ BERBIX_API_SECRET: 'secret_test_x' }).apiHost).toBe('https://api.berbix.com');
    const tuned = BerbixClient.fromEnv({ BERBIX_API_SECRET: 'secret_test_x' }, { timeoutMs: 5, maxRetries: 0 });
    expect([tuned.timeoutMs, tuned.maxRetries]).toEqual([5, 0]);
    expect(() => BerbixClient.fromEnv({})).toThrow(/BERBIX_API_SECRET/);
    expect(() => BerbixClient.fromEnv({ BERBIX_API_SECRET: '  ' })).toThrow(/BERBIX_API_SECRET/);
    expect(() => BerbixClient.fromEnv({ BERBIX_API_SECRET: 's', BERBIX_API_HOST: 'http://evil.example' })).toThrow(
      /https/,
    );
  });
});

describe('BerbixClient against the sandbox over HTTP', () => {
  let sandbox: RunningSandbox;
  let client: BerbixClient;
  const errors: unknown[] = [];
  /** Collects an expected error, so the last test can scan every one of them for tokens. */
  const failure = async (promise: Promise<unknown>) => {
    const error = await promise.then(
      () => new Error('expected a failure'),
      (e: unknown) => e,
    );
    errors.push(error);
    return error as Error & Record<string, unknown>;
  };

  beforeAll(async () => {
    sandbox = await startSandbox();
    client = new BerbixClient({ apiSecret: DEFAULT_SECRET, apiHost: sandbox.url });
  });
  afterAll(() => sandbox.close());
  beforeEach(() => sandbox.faults.clear());

  const newApiOnly = (customerUid = 'u-1') =>
    client.createApiOnlyTransaction({ customerUid, templateKey: 'tpk', idType: 'DL', idCountry: 'US' });

  it('creates an API-only transaction and keeps the 64-bit id exact', async () => {
    const tokens = await newApiOnly();
    expect(tokens).toBeInstanceOf(Tokens);
    expect(tokens.firstStep).toBe('upload_document_front');
    const id = BigInt(tokens.transactionId ?? '0');
    expect(id > 2n ** 53n).toBe(true);
    expect(id).toBe([...sandbox.state.transactions.keys()].at(-1));
    expect(tokens.needsRefresh()).toBe(false);
    expect(tokens.accessToken).toMatch(/^sbx_at_/);
    expect(tokens.clientToken).toMatch(/^sbx_ct_/);
    expect(tokens.refreshToken).toMatch(/^sbx_rt_/);
    expect(tokens.expiresAt?.getTime()).toBeGreaterThan(Date.now() + 800_000);
    expect(tokens.response).toMatchObject({ first_step: 'upload_document_front' });
    const record = sandbox.state.transactions.get(id);
    expect(record).toMatchObject({
      customerUid: 'u-1',
      templateKey: 'tpk',
      idType: 'DL',
      idCountry: 'US',
      kind: 'api_only',
    });
    // Tokens survive a trip through a store as plain JSON.
    const copy = Tokens.fromRecord(JSON.parse(JSON.stringify(tokens.toRecord())));
    expect(copy.toRecord()).toEqual(tokens.toRecord());
    // ...and never show themselves by accident.
    for (const shown of [String(tokens), inspect(tokens), JSON.stringify(tokens), `${tokens}`]) {
      expect(shown).not.toContain(tokens.accessToken ?? 'missing');
      expect(shown).not.toContain(tokens.refreshToken);
    }
  });

  it('creates plain and hosted transactions', async () => {
    const plain = await client.createTransaction({
      customerUid: 'u-2',
      templateKey: 'tpk',
      email: 'a@example.com',
      phone: '+15555550100',
      consentsToAutomatedFacialRecognition: true,
    });
    expect(plain.firstStep).toBeNull();
    expect(plain.hostedUrl).toBeNull();
    expect(sandbox.state.transactions.get(BigInt(plain.transactionId ?? '0'))).toMatchObject({
      kind: 'plain',
      email: 'a@example.com',
      phone: '+15555550100',
    });
    const hosted = await client.createHostedTransaction({
      customerUid: 'u-3',
      templateKey: 'tpk',
      completionEmail: 'done@example.com',
      redirectUrl: 'https://shop.example/after',
    });
    expect(hosted.hostedUrl).toMatch(/^http/);
    expect(sandbox.state.transactions.get(BigInt(hosted.transactionId ?? '0'))?.kind).toBe('hosted');
    // The hosted URL survives a refresh and a store.
    await client.refreshTokens(hosted);
    expect(Tokens.fromRecord(hosted.toRecord()).hostedUrl).toBe(hosted.hostedUrl);
  });

  it('streams an upload: the sandbox gets byte for byte the JSON of the contract, with a fixed Content-Length', async () => {
    // What went over the wire, copied off the request stream as fetch sent it.
    const wire: Array<{ headers: Headers; body: Promise<Buffer> }> = [];
    const teeing = new BerbixClient({
      apiSecret: DEFAULT_SECRET,
      apiHost: sandbox.url,
      fetch: (input, init) => {
        if (!(init?.body instanceof ReadableStream)) return fetch(input, init);
        const [sent, copy] = init.body.tee();
        wire.push({ headers: new Headers(init.headers), body: new Response(copy).arrayBuffer().then(Buffer.from) });
        return fetch(input, { ...init, body: sent });
      },
    });
    const tokens = await teeing.createApiOnlyTransaction({ customerUid: 'u-stream', templateKey: 'tpk' });
    const jpeg = specimenJpeg();
    const payload = specimenPayload();
    const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
    await teeing.uploadImages(tokens, [{ data: jpeg, subject: 'document_front', format: 'image/jpeg' }]);
    await teeing.uploadImages(tokens, [
      { data: jpeg, subject: 'document_back', format: 'image/jpeg', barcode: payload },
    ]);
    const expected = [
      { images: [{ data: jpeg.toString('base64'), image_subject: 'document_front', format: 'image/jpeg' }] },
      {
        images: [
          {
            data: jpeg.toString('base64'),
            image_subject: 'document_back',
            format: 'image/jpeg',
            supplementary_data: {
              extracted_barcode: { barcode_type: 'pdf417', extracted_data: payload.toString('base64') },
            },
          },
        ],
      },
    ].map((body) => JSON.stringify(body));
    expect(wire).toHaveLength(2);
    for (const [i, sent] of wire.entries()) {
      const body = await sent.body;
      expect(body.toString('utf8')).toBe(expected[i]);
      expect(sent.headers.get('content-length')).toBe(String(body.byteLength));
      expect(sent.headers.get('transfer-encoding')).toBeNull();
    }
    // The sandbox parsed both bodies and decoded the very bytes the caller passed.
    const record = sandbox.state.transactions.get(BigInt(tokens.transactionId ?? '0'));
    expect(record?.frontDigest).toBe(sha256(jpeg));
    expect(record?.supplementaryBarcodeDigests).toEqual([sha256(payload)]);
    expect(record?.step).toBe('done');
  });

  it('walks the upload loop to done with real bytes and the decoded barcode, then reads the result', async () => {
    const tokens = await newApiOnly('u-loop');
    const front = await client.uploadImages(tokens, [
      { data: specimenJpeg(), subject: 'document_front', format: 'image/jpeg' },
    ]);
    expect(front).toEqual({ issues: [], issueDetails: {}, nextStep: 'upload_document_back' });
    const back = await client.uploadImages(tokens, [
      { data: specimenJpeg(), subject: 'document_back', format: 'image/jpeg', barcode: specimenPayload() },
    ]);
    expect(back).toEqual({ issues: [], issueDetails: {}, nextStep: 'done' });
    const id = BigInt(tokens.transactionId ?? '0');
    // The barcode arrived as supplementary_data.extracted_barcode, byte for byte.
    expect(sandbox.state.transactions.get(id)?.barcode?.equals(specimenPayload())).toBe(true);

    const metadata = await client.fetchTransaction(tokens);
    expect(metadata.entity).toBe('transaction_metadata');
    expect(metadata.id).toBe(tokens.transactionId);
    expect(metadata.customer_uid).toBe('u-loop');
    expect(metadata.fields.date_of_birth?.value).toBe('1977-10-31');
    expect(metadata.fields.address_subdivision?.value).toBe('CA');
    expect(metadata.completed_at).toMatch(/^\d{4}-\d\d-\d\dT/);

    const updated = await client.updateTransaction(tokens, { action: 'review', note: 'checked by hand' });
    expect(updated.action).toBe('review');
    expect(updated.note).toBe('checked by hand');

    const conflict = await failure(
      client.uploadImages(tokens, [{ data: specimenJpeg(), subject: 'document_front', format: 'image/jpeg' }]),
    );
    expect(conflict).toBeInstanceOf(BerbixConflictError);
    expect(conflict.nextStep).toBe('done');
  });

  it('answers a wrong-step upload with a conflict that says where the transaction is', async () => {
    const tokens = await newApiOnly();
    const error = await failure(
      client.uploadImages(tokens, [{ data: specimenJpeg(), subject: 'document_back', format: 'image/jpeg' }]),
    );
    expect(error).toBeInstanceOf(BerbixConflictError);
    expect(error.statusCode).toBe(409);
    expect(error.nextStep).toBe('upload_document_front');
  });

  it('passes issues and issue details through, unknown-safe', async () => {
    const tokens = await client.createApiOnlyTransaction({
      customerUid: 'scenario:visa_page_of_passport@front;u-9',
      templateKey: 'tpk',
    });
    const answer = await client.uploadImages(tokens, [
      { data: specimenJpeg(), subject: 'document_front', format: 'image/jpeg' },
    ]);
    expect(answer).toEqual({
      issues: ['unsupported_id_type'],
      issueDetails: { unsupported_id_type: { visa_page_of_passport: true } },
      nextStep: 'upload_document_front',
    });
  });

  it('uploads an id scan', async () => {
    const tokens = await newApiOnly('u-scan');
    const answer = await client.uploadIdScan(tokens, specimenPayload());
    expect(answer.nextStep).toBe('done');
    const bad = await newApiOnly('u-scan-2');
    const retry = await client.uploadIdScan(bad, 'not an AAMVA file at all');
    // The sandbox decides which barcode issue; the client's job is to carry it and the fallback step.
    expect(retry.issues).toHaveLength(1);
    expect(['bad_upload', 'incomplete_barcode_detected']).toContain(retry.issues[0]);
    expect(retry.nextStep).toBe('upload_document_front');
  });

  it('overrides a transaction (204) and the override shows in the metadata', async () => {
    const tokens = await newApiOnly('u-override');
    await expect(
      client.overrideTransaction(tokens, {
        responsePayload: 'us-dl',
        flags: ['id_under_21'],
        overrideFields: { given_name: 'ALEX' },
      }),
    ).resolves.toBeUndefined();
    const metadata = await client.fetchTransaction(tokens);
    expect(metadata.flags).toContain('id_under_21');
    expect(metadata.fields.given_name?.value).toBe('ALEX');
  });

  it('deletes a transaction (204); its tokens then answer gone', async () => {
    const tokens = await newApiOnly('u-delete');
    await expect(client.deleteTransaction(tokens)).resolves.toBeUndefined();
    expect(sandbox.state.transactions.get(BigInt(tokens.transactionId ?? '0'))?.deleted).toBe(true);
    const error = await failure(client.fetchTransaction(tokens));
    expect(error).toBeInstanceOf(BerbixGoneError);
    expect(error).toBeInstanceOf(BerbixNotFoundError);
    expect(error.statusCode).toBe(410);
  });

  it('checks images before sending anything', async () => {
    const tokens = await newApiOnly();
    sandbox.counters.reset();
    const jpeg = specimenJpeg();
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
    const bad: Array<[unknown, RegExp]> = [
      [[], /non-empty/],
      ['not an array', /non-empty/],
      [[{ data: jpeg, subject: 'document_front', format: 'image/png' }], /not a PNG/],
      [[{ data: png, subject: 'document_front', format: 'image/jpeg' }], /not a JPEG/],
      [[{ data: jpeg, subject: 'document_front', format: 'image/gif' }], /format/],
      [[{ data: jpeg, subject: 'passport', format: 'image/jpeg' }], /subject/],
      [[{ data: new Uint8Array(), subject: 'document_front', format: 'image/jpeg' }], /data/],
      [[{ data: 'base64?', subject: 'document_front', format: 'image/jpeg' }], /data/],
      [[{ data: jpeg, subject: 'document_back', format: 'image/jpeg', barcode: 42 }], /barcode/],
      [[{ data: jpeg, subject: 'document_back', format: 'image/jpeg', barcode: Buffer.alloc(70_000, 65) }], /barcode/],
      [[null], /object/],
    ];
    for (const [images, message] of bad) {
      await expect(client.uploadImages(tokens, images as never)).rejects.toThrow(message);
    }
    await expect(client.uploadIdScan(tokens, new Uint8Array())).rejects.toThrow(TypeError);
    await expect(client.fetchTransaction({ accessToken: 'x' } as never)).rejects.toThrow(/Tokens instance/);
    await expect(client.fetchTransaction(tokens, { retries: 1 } as never)).rejects.toThrow(/unknown request option/);
    // Over Berbix's 20 MB: refused locally as a 413, nothing sent.
    const huge = Buffer.alloc(16 * 1024 * 1024, 0);
    huge.set([0xff, 0xd8, 0xff]);
    const tooLarge = await failure(
      client.uploadImages(tokens, [{ data: huge, subject: 'document_front', format: 'image/jpeg' }]),
    );
    expect(tooLarge).toBeInstanceOf(BerbixPayloadTooLargeError);
    expect(tooLarge.statusCode).toBe(413);
    expect(sandbox.counters.snapshot().requests).toEqual({});
  });

  it('validates transaction options before sending', async () => {
    await expect(client.createApiOnlyTransaction({ customerUid: '', templateKey: 't' })).rejects.toThrow(/customerUid/);
    await expect(client.createApiOnlyTransaction({ customerUid: 'u' } as never)).rejects.toThrow(/templateKey/);
    await expect(
      client.createApiOnlyTransaction({ customerUid: 'u', templateKey: 't', idType: 'XX' as never }),
    ).rejects.toThrow(/idType/);
    await expect(
      client.createApiOnlyTransaction({ customerUid: 'u', templateKey: 't', idCountry: 'usa' }),
    ).rejects.toThrow(/idCountry/);
    await expect(client.createTransaction({ customerUid: 'u', templateKey: 't', email: 5 as never })).rejects.toThrow(
      /email/,
    );
    await expect(client.createTransaction({ customerUid: 'u'.repeat(5000), templateKey: 't' })).rejects.toThrow(
      /customerUid must be at most/,
    );
    await expect(
      client.createHostedTransaction({ customerUid: 'u', templateKey: 't', redirectUrl: 'x'.repeat(5000) }),
    ).rejects.toThrow(/redirectUrl/);
    const tokens = await newApiOnly();
    await expect(client.updateTransaction(tokens, null as never)).rejects.toThrow(TypeError);
    await expect(client.overrideTransaction(tokens, { flags: 'x' as never })).rejects.toThrow(/flags/);
    await expect(client.overrideTransaction(tokens, { overrideFields: { a: 1 } as never })).rejects.toThrow(
      /overrideFields/,
    );
  });

  it("relays the sandbox's own 400 as an invalid request error naming the field", async () => {
    const tokens = await newApiOnly();
    const error = await failure(client.updateTransaction(tokens, { action: 'Not An Action!' }));
    expect(error).toBeInstanceOf(BerbixInvalidRequestError);
    expect(error.statusCode).toBe(400);
    expect(error.message).toMatch(/action/);
    expect(error.requestId).toMatch(/^req_/);
  });

  it('maps a wrong secret to an authentication error that carries no secret', async () => {
    const wrong = new BerbixClient({ apiSecret: 'secret_test_wrong', apiHost: sandbox.url });
    const error = await failure(wrong.createApiOnlyTransaction({ customerUid: 'u', templateKey: 't' }));
    expect(error).toBeInstanceOf(BerbixAuthenticationError);
    expect(error.statusCode).toBe(401);
    expect(error.requestId).toMatch(/^req_/);
    expect(inspect(error)).not.toContain('secret_test_wrong');
  });

  it('passes x-request-id through to Berbix', async () => {
    const seen: string[] = [];
    const spying = new BerbixClient({
      apiSecret: DEFAULT_SECRET,
      apiHost: sandbox.url,
      fetch: (input, init) => {
        seen.push(new Headers(init?.headers).get('x-request-id') ?? '');
        return fetch(input, init);
      },
    });
    await spying.createApiOnlyTransaction(
      { customerUid: 'u', templateKey: 't' },
      { headers: { 'x-request-id': 'req_shop_42' } },
    );
    expect(seen).toEqual(['req_shop_42']);
  });

  it('reports a connection error that provably never reached the server when nothing listens', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const nowhere = new BerbixClient({ apiSecret: 's', apiHost: `http://127.0.0.1:${port}`, maxRetries: 0 });
    const error = await failure(nowhere.createApiOnlyTransaction({ customerUid: 'u', templateKey: 't' }));
    expect(error).toBeInstanceOf(BerbixConnectionError);
    expect(error.mayHaveReachedServer).toBe(false);
  });

  it('never puts a token or the secret into an error it threw in these tests', async () => {
    const issued = sandbox.state.issuedTokenStrings();
    expect(issued.length).toBeGreaterThan(10);
    expect(errors.length).toBeGreaterThanOrEqual(7);
    for (const error of errors) {
      const shown = `${inspect(error, { depth: 10 })} ${JSON.stringify(error)} ${(error as Error).message}`;
      for (const token of [...issued, DEFAULT_SECRET]) expect(shown).not.toContain(token);
    }
  });
});
