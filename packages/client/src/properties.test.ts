import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from './errors.js';
import { DEFAULT_BACKOFF, retryDelayMs } from './retry.js';
import { scrubSecrets } from './scrub.js';
import { Tokens } from './tokens.js';
import { signWebhook, verifyWebhookSignature, webhookSignatureProblem } from './webhooks.js';

/** Hostile and random input for the pure parts: no throw where none is promised, invariants hold. */
const NOW_S = 1_760_000_000;
const at = { now: NOW_S * 1000 };

describe('webhook signatures, for any body and secret', () => {
  it('verify what was signed within the tolerance', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 2048 }),
        fc.string({ minLength: 1 }),
        fc.integer({ min: -300, max: 300 }),
        (body, secret, skew) => {
          expect(verifyWebhookSignature(body, signWebhook(body, secret, NOW_S + skew), secret, at)).toBe(true);
        },
      ),
    );
  });

  it('reject any change of one byte of the body', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 512 }),
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        (body, where, delta) => {
          const header = signWebhook(body, 'whsec_property', NOW_S);
          const tampered = Uint8Array.from(body);
          const i = where % tampered.length;
          tampered[i] = ((tampered[i] ?? 0) + delta) % 256;
          expect(webhookSignatureProblem(tampered, header, 'whsec_property', at)).toBe('mismatch');
        },
      ),
    );
  });

  it('never throw on any header, and never accept a random one', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.constant(undefined)), (header) => {
        expect(() => verifyWebhookSignature('{}', header, 'whsec_property', at)).not.toThrow();
        expect(verifyWebhookSignature('{}', header, 'whsec_property', at)).toBe(false);
      }),
    );
  });
});

describe('backoff', () => {
  it('stays within [0, cap] and never under Retry-After', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: 100 }),
        fc.option(fc.double({ min: 0, max: 60, noNaN: true }), { nil: undefined }),
        fc.double({ min: 0, max: 0.999_999, noNaN: true }),
        (retry, retryAfter, random) => {
          const delay = retryDelayMs(retry, retryAfter, DEFAULT_BACKOFF, () => random);
          expect(delay).not.toBeNull();
          expect(delay ?? -1).toBeGreaterThanOrEqual(retryAfter === undefined ? 0 : Math.ceil(retryAfter * 1000));
          expect(delay ?? Number.POSITIVE_INFINITY).toBeLessThanOrEqual(Math.max(DEFAULT_BACKOFF.maxDelayMs, 60_000));
        },
      ),
    );
  });

  it('parses any Retry-After without throwing, to a finite non-negative number or nothing', () => {
    fc.assert(
      fc.property(fc.string(), (value) => {
        const seconds = parseRetryAfter(value);
        if (seconds !== undefined) {
          expect(Number.isFinite(seconds)).toBe(true);
          expect(seconds).toBeGreaterThanOrEqual(0);
        }
      }),
    );
  });
});

describe('scrubSecrets', () => {
  it('leaves no credential anywhere in an echoed body', () => {
    const secret = fc.string({ minLength: 8, maxLength: 40 }).filter((s) => !s.includes('[redacted]'));
    fc.assert(
      fc.property(secret, fc.json(), fc.string(), (credential, json, around) => {
        const body = {
          message: `${around}${credential}${around}`,
          nested: [JSON.parse(json), { [credential]: credential }],
        };
        expect(JSON.stringify(scrubSecrets(body, [credential]))).not.toContain(JSON.stringify(credential).slice(1, -1));
      }),
    );
  });
});

describe('Tokens.fromRecord', () => {
  it('either rebuilds a record that round-trips, or throws a TypeError, for any input', () => {
    const maybe = <T>(arb: fc.Arbitrary<T>) => fc.oneof(arb, fc.constant(null), fc.constant(undefined), fc.anything());
    const record = fc.record({
      accessToken: maybe(fc.string()),
      clientToken: maybe(fc.string()),
      refreshToken: maybe(fc.string()),
      transactionId: maybe(fc.bigInt({ min: 0n, max: 2n ** 64n }).map(String)),
      expiresAt: maybe(fc.integer()),
      refreshAt: maybe(fc.integer()),
      firstStep: maybe(fc.constantFrom('upload_document_front', 'done', 'nope')),
      hostedUrl: maybe(fc.webUrl()),
    });
    fc.assert(
      fc.property(fc.oneof(record, fc.anything()), (input) => {
        let tokens: Tokens;
        try {
          tokens = Tokens.fromRecord(input as never);
        } catch (error) {
          expect(error).toBeInstanceOf(TypeError);
          return;
        }
        const again = Tokens.fromRecord(JSON.parse(JSON.stringify(tokens.toRecord())));
        expect(again.toRecord()).toEqual(tokens.toRecord());
      }),
    );
  });
});
