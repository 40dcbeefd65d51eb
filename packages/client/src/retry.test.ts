import { describe, expect, it } from 'vitest';
import {
  type AttemptOutcome,
  classifyConnectionFailure,
  DEFAULT_BACKOFF,
  provablyNotApplied,
  retryDelayMs,
  shouldRetry,
} from './retry.js';

const status = (s: number): AttemptOutcome => ({ kind: 'status', status: s });
const refused: AttemptOutcome = { kind: 'connection', reachedServer: false, transient: true };
const reset: AttemptOutcome = { kind: 'connection', reachedServer: true, transient: true };
const badCert: AttemptOutcome = { kind: 'connection', reachedServer: false, transient: false };
const timeout: AttemptOutcome = { kind: 'timeout' };

describe('shouldRetry', () => {
  it('retries idempotent calls on no answer, 429, 502, 503 and 504 only', () => {
    for (const outcome of [refused, reset, timeout, status(429), status(502), status(503), status(504)]) {
      expect(shouldRetry('idempotent', outcome)).toBe(true);
    }
    for (const s of [400, 401, 403, 404, 409, 410, 413, 500, 501])
      expect(shouldRetry('idempotent', status(s))).toBe(false);
    expect(shouldRetry('idempotent', badCert)).toBe(false);
  });

  it('retries an upload only when it provably was not applied', () => {
    for (const outcome of [refused, status(429), status(503)]) expect(shouldRetry('unsafe', outcome)).toBe(true);
    for (const outcome of [reset, timeout, status(500), status(502), status(504), status(409), badCert]) {
      expect(shouldRetry('unsafe', outcome)).toBe(false);
    }
    expect(provablyNotApplied(reset)).toBe(false);
    expect(provablyNotApplied(refused)).toBe(true);
  });
});

describe('retryDelayMs', () => {
  it('is full jitter under a capped exponential ceiling', () => {
    const top = () => 0.999_999;
    expect(retryDelayMs(0, undefined, DEFAULT_BACKOFF, top)).toBe(249);
    expect(retryDelayMs(1, undefined, DEFAULT_BACKOFF, top)).toBe(499);
    expect(retryDelayMs(3, undefined, DEFAULT_BACKOFF, top)).toBe(1_999);
    expect(retryDelayMs(10, undefined, DEFAULT_BACKOFF, top)).toBe(3_999);
    expect(retryDelayMs(1_000, undefined, DEFAULT_BACKOFF, top)).toBe(3_999);
    expect(retryDelayMs(5, undefined, DEFAULT_BACKOFF, () => 0)).toBe(0);
  });

  it('spreads waits over the whole range', () => {
    const waits = Array.from({ length: 2_000 }, () => retryDelayMs(2, undefined) ?? -1);
    expect(Math.min(...waits)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...waits)).toBeLessThan(1_000);
    const mean = waits.reduce((a, b) => a + b, 0) / waits.length;
    expect(mean).toBeGreaterThan(400);
    expect(mean).toBeLessThan(600);
  });

  it("never waits less than the server's Retry-After, and refuses to wait absurdly long", () => {
    expect(retryDelayMs(0, 2, DEFAULT_BACKOFF, () => 0.5)).toBe(2_000);
    expect(retryDelayMs(0, 0.2, DEFAULT_BACKOFF, () => 0)).toBe(200);
    expect(retryDelayMs(6, 0, DEFAULT_BACKOFF, () => 0.9)).toBe(3_600);
    expect(retryDelayMs(0, 61, DEFAULT_BACKOFF)).toBeNull();
  });
});

describe('classifyConnectionFailure', () => {
  const wrapped = (code: string) =>
    Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error(code), { code }) });

  it('knows a refused connection never reached the server', () => {
    expect(classifyConnectionFailure(wrapped('ECONNREFUSED'))).toEqual(refused);
  });
  it('treats a reset or closed socket as possibly applied', () => {
    expect(classifyConnectionFailure(wrapped('ECONNRESET'))).toEqual(reset);
    expect(classifyConnectionFailure(wrapped('UND_ERR_SOCKET'))).toEqual(reset);
    expect(classifyConnectionFailure(new Error('no code at all'))).toEqual(reset);
  });
  it('does not retry certificate failures or unknown hosts', () => {
    expect(classifyConnectionFailure(wrapped('DEPTH_ZERO_SELF_SIGNED_CERT'))).toEqual(badCert);
    expect(classifyConnectionFailure(wrapped('ERR_TLS_CERT_ALTNAME_INVALID'))).toEqual(badCert);
    expect(classifyConnectionFailure(wrapped('ENOTFOUND'))).toEqual(badCert);
  });
});
