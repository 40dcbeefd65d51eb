import { describe, expect, it } from 'vitest';
import {
  BerbixAPIError,
  BerbixAuthenticationError,
  BerbixConflictError,
  BerbixError,
  BerbixGoneError,
  BerbixInvalidRequestError,
  BerbixNotFoundError,
  BerbixPayloadTooLargeError,
  BerbixPermissionError,
  BerbixRateLimitError,
  errorFromResponse,
  messageFromBody,
  parseRetryAfter,
} from './errors.js';

/** The whole status -> class table. A change here is an API change: say so in the README. */
const MAPPING: Array<[number, string]> = [
  [400, 'BerbixInvalidRequestError'],
  [401, 'BerbixAuthenticationError'],
  [403, 'BerbixPermissionError'],
  [404, 'BerbixNotFoundError'],
  [405, 'BerbixInvalidRequestError'],
  [409, 'BerbixConflictError'],
  [410, 'BerbixGoneError'],
  [413, 'BerbixPayloadTooLargeError'],
  [415, 'BerbixInvalidRequestError'],
  [422, 'BerbixInvalidRequestError'],
  [429, 'BerbixRateLimitError'],
  [499, 'BerbixInvalidRequestError'],
  [500, 'BerbixAPIError'],
  [502, 'BerbixAPIError'],
  [503, 'BerbixAPIError'],
  [504, 'BerbixAPIError'],
  [599, 'BerbixAPIError'],
  // A non-2xx answer outside 4xx/5xx (a stray redirect, 1xx) is the API misbehaving.
  [302, 'BerbixAPIError'],
];

describe('errorFromResponse', () => {
  it.each(MAPPING)('maps %i to %s', (status, type) => {
    const error = errorFromResponse({ status, body: { code: 'c', message: 'm' }, requestId: 'req_1' });
    expect(error.type).toBe(type);
    expect(error.name).toBe(type);
    expect(error.constructor.name).toBe(type);
    expect(error).toBeInstanceOf(BerbixError);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ statusCode: status, code: 'c', message: 'm', requestId: 'req_1' });
    expect(error.raw).toEqual({ code: 'c', message: 'm' });
  });

  it('keeps the class hierarchy callers branch on', () => {
    expect(errorFromResponse({ status: 410, body: null })).toBeInstanceOf(BerbixNotFoundError);
    expect(errorFromResponse({ status: 404, body: null })).not.toBeInstanceOf(BerbixGoneError);
    for (const [status, type] of [
      [400, BerbixInvalidRequestError],
      [401, BerbixAuthenticationError],
      [403, BerbixPermissionError],
      [413, BerbixPayloadTooLargeError],
      [500, BerbixAPIError],
    ] as const) {
      expect(errorFromResponse({ status, body: null })).toBeInstanceOf(type);
    }
  });

  it('carries next_step on a conflict, and null when the server sent none or nonsense', () => {
    const withStep = errorFromResponse({
      status: 409,
      body: { message: 'wrong step', next_step: 'upload_document_back' },
    });
    expect(withStep).toBeInstanceOf(BerbixConflictError);
    expect((withStep as BerbixConflictError).nextStep).toBe('upload_document_back');
    const without = errorFromResponse({ status: 409, body: { next_step: 'teleport' } }) as BerbixConflictError;
    expect(without.nextStep).toBeNull();
  });

  it('carries Retry-After on a rate limit', () => {
    const error = errorFromResponse({ status: 429, body: null, retryAfter: '7' }) as BerbixRateLimitError;
    expect(error).toBeInstanceOf(BerbixRateLimitError);
    expect(error.retryAfter).toBe(7);
    expect((errorFromResponse({ status: 429, body: null }) as BerbixRateLimitError).retryAfter).toBeUndefined();
  });

  it('falls back to a plain message when the body is empty, not JSON or has no message', () => {
    expect(errorFromResponse({ status: 502, body: null }).message).toBe('Berbix answered 502');
    expect(errorFromResponse({ status: 500, body: ['x'] }).message).toBe('Berbix answered 500');
    expect(errorFromResponse({ status: 500, body: { message: 42 } }).message).toBe('Berbix answered 500');
  });
});

describe('messageFromBody', () => {
  it('reads any of the error shapes the SDKs know', () => {
    expect(messageFromBody({ message: 'a' }, 'f')).toBe('a');
    expect(messageFromBody({ readable: 'b' }, 'f')).toBe('b');
    expect(messageFromBody({ error: 'c' }, 'f')).toBe('c');
    expect(messageFromBody({ reason: 'd' }, 'f')).toBe('d');
    expect(messageFromBody('text', 'f')).toBe('f');
  });

  it('bounds a hostile, huge message', () => {
    expect(messageFromBody({ message: 'x'.repeat(100_000) }, 'f').length).toBeLessThanOrEqual(501);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  it('reads delta seconds and HTTP dates', () => {
    expect(parseRetryAfter('3', now)).toBe(3);
    expect(parseRetryAfter('0.5', now)).toBe(0.5);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:10 GMT', now)).toBe(10);
    expect(parseRetryAfter('Wed, 31 Dec 2025 23:00:00 GMT', now)).toBe(0);
  });
  it('ignores absent and malformed values', () => {
    for (const bad of [null, undefined, '', '-1', 'soon', '1e9', '12abc']) {
      expect(parseRetryAfter(bad, now)).toBeUndefined();
    }
  });
});
