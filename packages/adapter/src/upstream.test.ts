import {
  BerbixAPIError,
  BerbixConflictError,
  BerbixConnectionError,
  BerbixRateLimitError,
  BerbixTimeoutError,
} from '@berbix-capture/client';
import { describe, expect, it } from 'vitest';
import { classifyUpstreamError } from './upstream.js';

describe('what a failed call to Berbix means for the browser', () => {
  it('no answer, 429 and 5xx are worth another try (a 503 with Retry-After)', () => {
    expect(classifyUpstreamError(new BerbixConnectionError('reset', { mayHaveReachedServer: true }))).toMatchObject({
      kind: 'unavailable',
      mayHaveBeenApplied: true,
    });
    expect(classifyUpstreamError(new BerbixTimeoutError('slow', { mayHaveReachedServer: true })).kind).toBe(
      'unavailable',
    );
    expect(classifyUpstreamError(new BerbixRateLimitError('busy', { statusCode: 429 })).kind).toBe('unavailable');
    expect(classifyUpstreamError(new BerbixAPIError('down', { statusCode: 503 })).kind).toBe('unavailable');
  });

  it('an answer the client refuses without a status (a redirect) is broken, not retried forever', () => {
    const redirect = new BerbixAPIError('Berbix answered with a redirect', { code: 'unexpected_redirect' });
    expect(classifyUpstreamError(redirect)).toEqual({ kind: 'broken' });
  });

  it('409 carries the real step; anything that is not a Berbix error is broken', () => {
    const conflict = Object.assign(new BerbixConflictError('moved on', { statusCode: 409 }), {
      nextStep: 'upload_document_back',
    });
    expect(classifyUpstreamError(conflict)).toEqual({ kind: 'conflict', step: 'upload_document_back' });
    expect(classifyUpstreamError(new TypeError('bug'))).toEqual({ kind: 'broken' });
  });
});
