import { CreateSessionRequestSchema, HandoffClaimRequestSchema, IdScanRequestSchema } from '@berbix-capture/protocol';
import { describe, expect, it } from 'vitest';
import type { AdapterError } from './errors.js';
import { readRequest } from './requests.js';

/** The 400 a body gets, as status, code and message. */
function refusal(run: () => unknown): { status: number; code: string; message: string } {
  try {
    run();
  } catch (error) {
    const { status, code, message } = error as AdapterError;
    return { status, code, message };
  }
  throw new Error('expected a refusal');
}

describe('request bodies read against the protocol schemas', () => {
  it('answers the typed body when it fits', () => {
    expect(readRequest(CreateSessionRequestSchema, { idType: 'DL' }, ['idType', 'idCountry'])).toEqual({
      idType: 'DL',
    });
    expect(readRequest(IdScanRequestSchema, { pdf417: 'QUJD' }, ['pdf417'])).toEqual({ pdf417: 'QUJD' });
  });

  it('400 naming the contract field and what it must be', () => {
    const create = (body: unknown) =>
      refusal(() => readRequest(CreateSessionRequestSchema, body, ['idType', 'idCountry']));
    expect(create({ idType: 'XX' })).toEqual({
      status: 400,
      code: 'invalid_request',
      message: 'idType must be one of P, DL, PRC, PC, ID',
    });
    expect(create({ idCountry: 'usa' }).message).toBe('idCountry must be an ISO 3166-1 alpha-2 code');
    expect(create([]).message).toBe('body must be a JSON object');
    expect(refusal(() => readRequest(IdScanRequestSchema, {}, ['pdf417'])).message).toBe('pdf417 is required');
  });

  it('never repeats what the sender wrote: neither a value nor a key outside the contract', () => {
    const secretish = 'A'.repeat(47);
    const claim = refusal(() => readRequest(HandoffClaimRequestSchema, { code: secretish }, ['code']));
    expect(claim.message).toBe('code is not a hand-off code');
    const planted = refusal(() =>
      readRequest(HandoffClaimRequestSchema, { code: 'A'.repeat(48), sbx_at_token: 1 }, ['code']),
    );
    expect(planted.message).toBe('body has a field that is not part of the contract');
    expect(planted.message).not.toContain('sbx_at');
  });
});
