import { describe, expect, it } from 'vitest';
import {
  CreateTransactionRequestSchema,
  IdScansUploadRequestSchema,
  ImagesUploadRequestSchema,
  OverrideTransactionRequestSchema,
  RefreshTokensRequestSchema,
  readWire,
  TokensAnswerSchema,
  TransactionMetadataSchema,
  UpdateTransactionRequestSchema,
  UploadAnswerSchema,
  WebhookEventSchema,
} from './index.js';

const problem = (schema: Parameters<typeof readWire>[0], input: unknown) => {
  const reading = readWire(schema, input);
  return reading.ok ? null : `${reading.problem.path}: ${reading.problem.message}`;
};

describe('Berbix v0 request schemas', () => {
  it('read a creation, normalising nulls to absent', () => {
    const reading = readWire(CreateTransactionRequestSchema, {
      customer_uid: 'c',
      template_key: 't',
      email: null,
      api_only_options: { id_country: 'US', id_type: 'DL' },
    });
    expect(reading).toEqual({
      ok: true,
      value: {
        customer_uid: 'c',
        template_key: 't',
        email: undefined,
        api_only_options: { id_country: 'US', id_type: 'DL' },
      },
    });
  });

  it('name the first problem by its full path, with a message that carries no value', () => {
    const create = (body: object) =>
      problem(CreateTransactionRequestSchema, { customer_uid: 'c', template_key: 't', ...body });
    expect(problem(CreateTransactionRequestSchema, { template_key: 't' })).toBe('customer_uid: is required');
    expect(create({ customer_uid: '' })).toBe('customer_uid: is required');
    expect(create({ customer_uid: null })).toBe('customer_uid: is required');
    expect(create({ customer_uid: 7 })).toBe('customer_uid: must be a string');
    expect(create({ consents_to_automated_facial_recognition: 'yes' })).toBe(
      'consents_to_automated_facial_recognition: must be a boolean',
    );
    expect(create({ api_only_options: { id_type: 'XX' } })).toBe(
      'api_only_options.id_type: must be one of P, DL, PRC, PC, ID',
    );
    expect(create({ api_only_options: { id_country: 'usa' } })).toBe(
      'api_only_options.id_country: must be an ISO 3166-1 alpha-2 code',
    );
    expect(create({ api_only_options: 'x' })).toBe('api_only_options: must be an object');
    expect(create({ api_only_options: {}, hosted_options: {} })).toBe(
      'api_only_options: only one of hosted_options and api_only_options may be sent',
    );
    expect(create({ hosted_options: { redirect_url: 'not a url' } })).toBe(
      'hosted_options.redirect_url: must be a URL',
    );
    expect(create({ colour: 'red' })).toBe('colour: is not a known field');
    expect(create({ hosted_options: { colour: 'red' } })).toBe('hosted_options.colour: is not a known field');
  });

  it('never name a key that looks like data', () => {
    for (const key of ['Secret_Value', 'zq7HOSTILEx9', 'card_4111', 'a b', '']) {
      expect(problem(CreateTransactionRequestSchema, { customer_uid: 'c', template_key: 't', [key]: 1 })).toBe(
        ': has a field that is not part of the contract',
      );
    }
    const nested = problem(OverrideTransactionRequestSchema, { override_fields: { 'DOB 1990-01-31': 'x' } });
    expect(nested).toBe('override_fields: has a field that is not part of the contract');
  });

  it('read refreshes, updates and overrides', () => {
    expect(problem(RefreshTokensRequestSchema, { grant_type: 'password', refresh_token: 'r' })).toBe(
      'grant_type: must be "refresh_token"',
    );
    expect(problem(RefreshTokensRequestSchema, { grant_type: 'refresh_token' })).toBe('refresh_token: is required');
    expect(problem(UpdateTransactionRequestSchema, {})).toBe('action: send action, note or both');
    expect(problem(UpdateTransactionRequestSchema, { action: 'Not An Action!' })).toMatch(
      /^action: must be an action name/,
    );
    expect(problem(UpdateTransactionRequestSchema, { note: 'looked fine' })).toBeNull();
    expect(problem(OverrideTransactionRequestSchema, { response_payload: 'eu-dl' })).toBe(
      'response_payload: must be one of us-dl, us-id, passport',
    );
    expect(problem(OverrideTransactionRequestSchema, { flags: 'id_expired' })).toMatch(/^flags: /);
    expect(problem(OverrideTransactionRequestSchema, { flags: Array(65).fill('id_expired') })).toMatch(/^flags: /);
    expect(problem(OverrideTransactionRequestSchema, { flags: ['Not A Flag'] })).toBe('flags[0]: must be a flag name');
    expect(problem(OverrideTransactionRequestSchema, { override_fields: { shoe_size: '42' } })).toBe(
      'override_fields.shoe_size: is not a known field',
    );
    expect(problem(OverrideTransactionRequestSchema, { override_fields: { given_name: 7 } })).toBe(
      'override_fields.given_name: must be a string',
    );
  });

  it('read uploads: base64 data, known subjects and formats, pdf417 only', () => {
    const image = { image_subject: 'document_front', format: 'image/jpeg', data: '/9j/\n4AAQ' };
    expect(problem(ImagesUploadRequestSchema, { images: [image] })).toBeNull();
    expect(problem(ImagesUploadRequestSchema, {})).toBe('images: is required');
    expect(problem(ImagesUploadRequestSchema, { images: 'x' })).toBe('images: must be an array');
    expect(problem(ImagesUploadRequestSchema, { images: [] })).toBe('images: must hold at least one image');
    expect(problem(ImagesUploadRequestSchema, { images: [null] })).toBe('images[0]: must be an object');
    expect(problem(ImagesUploadRequestSchema, { images: [{ ...image, data: '***' }] })).toBe(
      'images[0].data: must be base64',
    );
    expect(problem(ImagesUploadRequestSchema, { images: [{ ...image, data: ' \n' }] })).toBe(
      'images[0].data: is empty',
    );
    expect(problem(ImagesUploadRequestSchema, { images: [{ ...image, format: 'image/gif' }] })).toBe(
      'images[0].format: must be image/jpeg or image/png',
    );
    const barcode = { extracted_barcode: { barcode_type: 'qr', extracted_data: 'AA==' } };
    expect(problem(ImagesUploadRequestSchema, { images: [{ ...image, supplementary_data: barcode }] })).toBe(
      'images[0].supplementary_data.extracted_barcode.barcode_type: must be "pdf417"',
    );
    expect(
      problem(IdScansUploadRequestSchema, { id_scans: [{ scan_type: 'pdf417', extracted_data: 'QUJD' }] }),
    ).toBeNull();
    expect(problem(IdScansUploadRequestSchema, { id_scans: [] })).toBe('id_scans: must hold exactly one scan');
  });
});

describe('Berbix v0 answer schemas', () => {
  it('read tokens, keeping 64-bit ids exact and refusing ids that already lost digits', () => {
    const answer = { access_token: 'a', client_token: 'c', expires_in: 900, transaction_id: '18014398509481985' };
    expect(readWire(TokensAnswerSchema, answer)).toMatchObject({
      ok: true,
      value: { transaction_id: '18014398509481985' },
    });
    expect(readWire(TokensAnswerSchema, { ...answer, transaction_id: 42 })).toMatchObject({
      value: { transaction_id: '42' },
    });
    expect(readWire(TokensAnswerSchema, { ...answer, transaction_id: 2n ** 60n })).toMatchObject({
      value: { transaction_id: String(2n ** 60n) },
    });
    expect(problem(TokensAnswerSchema, { ...answer, transaction_id: 2 ** 60 })).toBe(
      'transaction_id: must be a whole number',
    );
    expect(problem(TokensAnswerSchema, { ...answer, transaction_id: '-1' })).toBe(
      'transaction_id: must be a whole number',
    );
    expect(problem(TokensAnswerSchema, { ...answer, client_token: '' })).toBe('client_token: is required');
    expect(problem(TokensAnswerSchema, { ...answer, expires_in: -1 })).toBe('expires_in: must be a number of seconds');
    expect(problem(TokensAnswerSchema, { ...answer, first_step: 'teleport' })).toMatch(/^first_step: must be one of/);
  });

  it('read metadata with defaults for what is absent until completion, keeping unknown fields', () => {
    const reading = readWire(TransactionMetadataSchema, {
      entity: 'transaction_metadata',
      id: 7,
      customer_uid: 'c',
      flags: null,
      images: { front: { full_image: null } },
      duplicates: [{ customer_uid: 'd', transaction_id: '123456789012345678' }],
      something_new: { x: 1 },
    });
    expect(reading).toMatchObject({
      ok: true,
      value: {
        id: '7',
        flags: [],
        fields: {},
        duplicates: [{ transaction_id: '123456789012345678' }],
        something_new: { x: 1 },
      },
    });
    expect(reading.ok && reading.value.images?.front?.full_image).toBeUndefined();
    expect(problem(TransactionMetadataSchema, { entity: 'transaction_metadata', customer_uid: 'c' })).toBe(
      'id: is required',
    );
    expect(
      problem(TransactionMetadataSchema, {
        entity: 'e',
        id: 1,
        customer_uid: 'c',
        fields: { given_name: { value: 1 } },
      }),
    ).toBe('fields.given_name.value: must be a string');
  });

  it('read upload answers: unknown issue codes kept, unknown steps refused', () => {
    expect(readWire(UploadAnswerSchema, { next_step: 'done' })).toEqual({
      ok: true,
      value: { next_step: 'done', issues: [], issue_details: {} },
    });
    expect(readWire(UploadAnswerSchema, { next_step: 'done', issues: ['brand_new_issue'] })).toMatchObject({
      value: { issues: ['brand_new_issue'] },
    });
    expect(problem(UploadAnswerSchema, { issues: [] })).toBe('next_step: is required');
    expect(problem(UploadAnswerSchema, { next_step: 'teleport' })).toMatch(/^next_step: must be one of/);
    expect(problem(UploadAnswerSchema, { next_step: 'done', issues: [1] })).toBe('issues[0]: must be an issue code');
    expect(problem(UploadAnswerSchema, { next_step: 'done', issue_details: { bad_upload: true } })).toBe(
      'issue_details.bad_upload: must be an object',
    );
  });

  it('read webhook events with an exact transaction id', () => {
    expect(readWire(WebhookEventSchema, { transaction_id: 5n, action: null, extra: 1 })).toMatchObject({
      ok: true,
      value: { transaction_id: '5', action: null, extra: 1 },
    });
    expect(problem(WebhookEventSchema, { customer_uid: 'c' })).toBe('transaction_id: is required');
  });
});

describe('objects of the contract', () => {
  it('are never arrays, although valibot lets an array pass for an object', () => {
    expect(problem(ImagesUploadRequestSchema, [])).toBe(': must be an object');
    expect(problem(ImagesUploadRequestSchema, { images: [[]] })).toBe('images[0]: must be an object');
    expect(
      problem(CreateTransactionRequestSchema, { customer_uid: 'c', template_key: 't', api_only_options: [] }),
    ).toBe('api_only_options: must be an object');
    expect(problem(UploadAnswerSchema, Object.assign(['x'], { next_step: 'done' }))).toBe(': must be an object');
  });
});

describe('records of the contract', () => {
  it('are never arrays either', () => {
    expect(problem(UploadAnswerSchema, { next_step: 'done', issue_details: [] })).toBe(
      'issue_details: must be an object',
    );
    expect(problem(UploadAnswerSchema, { next_step: 'done', issue_details: { bad_upload: [] } })).toBe(
      'issue_details.bad_upload: must be an object',
    );
    expect(problem(TransactionMetadataSchema, { entity: 'e', id: 1, customer_uid: 'c', fields: [] })).toBe(
      'fields: must be an object',
    );
  });
});
