import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import {
  CreateSessionRequestSchema,
  CreateSessionResponseSchema,
  ErrorBodySchema,
  HandoffClaimRequestSchema,
  HandoffOfferSchema,
  HandoffStatusSchema,
  IdScanRequestSchema,
  readAnswer,
  SessionStatusResponseSchema,
  UploadResponseSchema,
} from './index.js';

const ok = (schema: v.GenericSchema, value: unknown) => v.safeParse(schema, value).success;

describe('element <-> adapter requests (read strictly by the adapter)', () => {
  it('POST /session takes an optional id type and country, nothing else, never an array', () => {
    expect(v.parse(CreateSessionRequestSchema, {})).toEqual({});
    expect(v.parse(CreateSessionRequestSchema, { idType: 'DL', idCountry: 'US' })).toEqual({
      idType: 'DL',
      idCountry: 'US',
    });
    for (const bad of [[], null, 'DL', { idType: 'XX' }, { idCountry: 'usa' }, { idType: 'P', templateKey: 't' }]) {
      expect(ok(CreateSessionRequestSchema, bad), JSON.stringify(bad)).toBe(false);
    }
  });

  it('a claim takes exactly one 48-character base64url code; an id scan one base64 string', () => {
    const code = 'A'.repeat(48);
    expect(v.parse(HandoffClaimRequestSchema, { code })).toEqual({ code });
    for (const bad of [{}, [], { code: 'short' }, { code: '!'.repeat(48) }, { code: 1 }, { code, more: 1 }]) {
      expect(ok(HandoffClaimRequestSchema, bad), JSON.stringify(bad)).toBe(false);
    }
    expect(ok(IdScanRequestSchema, { pdf417: 'QUJD' })).toBe(true);
    expect(ok(IdScanRequestSchema, { pdf417: 12 })).toBe(false);
    expect(ok(IdScanRequestSchema, { pdf417: 'QUJD', templateKey: 'x' })).toBe(false);
  });
});

describe('element <-> adapter answers (read by the element)', () => {
  it('needs the step; reads what it can do without as "no" (older or leaner adapters)', () => {
    expect(readAnswer(SessionStatusResponseSchema, { step: 'upload_selfie_basic', attempts: 0, idType: 'DL' })).toEqual(
      {
        step: 'upload_selfie_basic',
        attempts: 0,
        done: false,
        idType: 'DL',
        handoffAvailable: false,
        watching: false,
      },
    );
    expect(readAnswer(SessionStatusResponseSchema, { attempts: 1 })).toBeUndefined();
    expect(readAnswer(SessionStatusResponseSchema, { step: 'upload_document_side' })).toBeUndefined();
    expect(readAnswer(CreateSessionResponseSchema, { step: 'done', idType: 'XX', extra: 1 })).toEqual({
      step: 'done',
      idType: null,
      expiresAt: '',
      handoffAvailable: false,
    });
  });

  it('an upload answer: issue codes as sent (unknown ones too), details or {}, and a known next step', () => {
    expect(readAnswer(UploadResponseSchema, { issues: ['new_issue'], nextStep: 'done' })).toEqual({
      issues: ['new_issue'],
      issueDetails: {},
      nextStep: 'done',
    });
    const details = { unsupported_id_type: { visa_page_of_passport: true } };
    expect(
      readAnswer(UploadResponseSchema, { issues: [], issueDetails: details, nextStep: 'done' })?.issueDetails,
    ).toEqual(details);
    for (const bad of [
      { issues: 'text_unreadable', nextStep: 'done' },
      { issues: [1], nextStep: 'done' },
      { issues: [] },
    ]) {
      expect(readAnswer(UploadResponseSchema, bad), JSON.stringify(bad)).toBeUndefined();
    }
  });

  it('a hand-off link must be a web address; a status needs its state, step and done', () => {
    expect(readAnswer(HandoffOfferSchema, { url: 'https://shop.example/#c', expiresAt: 'x' })).toBeDefined();
    expect(readAnswer(HandoffOfferSchema, { url: 'javascript:alert(1)', expiresAt: 'x' })).toBeUndefined();
    expect(readAnswer(HandoffStatusSchema, { state: 'claimed', step: 'done', done: true })).toEqual({
      state: 'claimed',
      step: 'done',
      done: true,
      expiresAt: null,
    });
    expect(readAnswer(HandoffStatusSchema, { state: 'lost', step: 'done', done: true })).toBeUndefined();
    expect(readAnswer(HandoffStatusSchema, [])).toBeUndefined();
  });

  it('an error body keeps codes it does not know and needs a code and a message', () => {
    expect(
      readAnswer(ErrorBodySchema, { error: { code: 'brand_new', message: 'm', requestId: 'r' } })?.error.code,
    ).toBe('brand_new');
    expect(readAnswer(ErrorBodySchema, { error: { code: 'wrong_step', message: 'm' } })?.error.requestId).toBe('');
    expect(readAnswer(ErrorBodySchema, { error: { message: 'm' } })).toBeUndefined();
    expect(readAnswer(ErrorBodySchema, '<html>')).toBeUndefined();
  });
});
