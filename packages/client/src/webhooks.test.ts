import { createHmac } from 'node:crypto';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { BerbixSignatureVerificationError } from './errors.js';
import { parseWebhook, signWebhook, verifyWebhookSignature, webhookSignatureProblem } from './webhooks.js';

const SECRET = 'whsec_test_0123456789abcdef';
const BODY =
  '{"transaction_id":9007199254741993,"customer_uid":"u-1","action":"accept","dashboard_link":"https://dashboard.berbix.com/t/1","id":"evt_1"}';
const NOW_S = 1_760_000_000;
const NOW = { now: NOW_S * 1000 };

/** Berbix's Node SDK 2.0.0, unchanged: the oracle for "computed the way Berbix computes it". */
const BerbixSdk = createRequire(import.meta.url)('berbix') as {
  Client: new (options: {
    apiSecret: string;
  }) => { validateSignature(secret: string, body: string, header: string): boolean };
};

/** Written out by hand from the contract, not through signWebhook: "<ts>,<secret>,<body>", HMAC-SHA256, hex. */
function independentHeader(body: string, secret: string, ts: number): string {
  const hmac = createHmac('sha256', secret);
  hmac.update(String(ts));
  hmac.update(',');
  hmac.update(secret);
  hmac.update(',');
  hmac.update(body);
  return `v0,${ts},${hmac.digest('hex')}`;
}

describe('verifyWebhookSignature', () => {
  it('accepts a header computed independently, the way Berbix SDKs compute it', () => {
    const header = independentHeader(BODY, SECRET, NOW_S);
    expect(verifyWebhookSignature(BODY, header, SECRET, NOW)).toBe(true);
    expect(signWebhook(BODY, SECRET, NOW_S)).toBe(header);
  });

  it('signs what the official berbix@2.0.0 SDK accepts, and accepts what it accepts', () => {
    const now = Math.floor(Date.now() / 1000);
    const sdk = new BerbixSdk.Client({ apiSecret: 'secret_test_x' });
    const ours = signWebhook(BODY, SECRET, now);
    expect(sdk.validateSignature(SECRET, BODY, ours)).toBe(true);
    expect(verifyWebhookSignature(BODY, ours, SECRET)).toBe(true);
    const tampered = `${ours.slice(0, -1)}${ours.endsWith('0') ? '1' : '0'}`;
    expect(sdk.validateSignature(SECRET, BODY, tampered)).toBe(false);
    expect(verifyWebhookSignature(BODY, tampered, SECRET)).toBe(false);
  });

  it('verifies the raw bytes as well as a string', () => {
    const header = signWebhook(BODY, SECRET, NOW_S);
    expect(verifyWebhookSignature(Buffer.from(BODY), header, SECRET, NOW)).toBe(true);
    expect(verifyWebhookSignature(new TextEncoder().encode(BODY), header, SECRET, NOW)).toBe(true);
  });

  it('rejects a wrong secret', () => {
    const header = signWebhook(BODY, 'whsec_someone_else_entirely', NOW_S);
    expect(webhookSignatureProblem(BODY, header, SECRET, NOW)).toBe('mismatch');
  });

  it('rejects a tampered body, even by one byte or by re-serialising the same JSON', () => {
    const header = signWebhook(BODY, SECRET, NOW_S);
    expect(webhookSignatureProblem(BODY.replace('accept', 'reject'), header, SECRET, NOW)).toBe('mismatch');
    expect(webhookSignatureProblem(`${BODY} `, header, SECRET, NOW)).toBe('mismatch');
    const reserialised = JSON.stringify(JSON.parse(BODY));
    expect(webhookSignatureProblem(reserialised, header, SECRET, NOW)).toBe('mismatch');
  });

  it('rejects a timestamp too old and one too far in the future, with the edges inclusive', () => {
    const at = (offset: number) => signWebhook(BODY, SECRET, NOW_S + offset);
    expect(webhookSignatureProblem(BODY, at(-300), SECRET, NOW)).toBeNull();
    expect(webhookSignatureProblem(BODY, at(-301), SECRET, NOW)).toBe('too_old');
    expect(webhookSignatureProblem(BODY, at(300), SECRET, NOW)).toBeNull();
    expect(webhookSignatureProblem(BODY, at(301), SECRET, NOW)).toBe('too_new');
    expect(webhookSignatureProblem(BODY, at(-3600), SECRET, NOW)).toBe('too_old');
    expect(webhookSignatureProblem(BODY, at(86_400), SECRET, NOW)).toBe('too_new');
    expect(webhookSignatureProblem(BODY, at(-50), SECRET, { now: NOW.now, toleranceSeconds: 10 })).toBe('too_old');
    expect(webhookSignatureProblem(BODY, at(-50), SECRET, { now: new Date(NOW.now), toleranceSeconds: 60 })).toBeNull();
  });

  it('rejects malformed headers without throwing', () => {
    const hex = signWebhook(BODY, SECRET, NOW_S).split(',')[2] ?? '';
    const cases: Array<[unknown, string]> = [
      [undefined, 'missing_header'],
      [null, 'missing_header'],
      ['', 'missing_header'],
      ['   ', 'missing_header'],
      ['garbage', 'malformed_header'],
      [`v0,${NOW_S}`, 'malformed_header'],
      [`v0,${NOW_S},${hex},extra`, 'malformed_header'],
      [`v0,${NOW_S},${hex.slice(2)}`, 'malformed_header'],
      [`v0,${NOW_S},${'z'.repeat(64)}`, 'malformed_header'],
      [`v0,-${NOW_S},${hex}`, 'malformed_header'],
      [`v0,${NOW_S}.5,${hex}`, 'malformed_header'],
      [`v0,99999999999999999999,${hex}`, 'malformed_header'],
      [`v0, ${NOW_S},${hex}`, 'malformed_header'],
      [`v1,${NOW_S},${hex}`, 'unsupported_version'],
      [`t=${NOW_S},v1=${hex}`, 'malformed_header'],
      ['v0,,', 'malformed_header'],
      [`v0,${NOW_S},${hex}\u0000`, 'malformed_header'],
      [42, 'missing_header'],
      [{ toString: () => 'v0' }, 'missing_header'],
      ['x'.repeat(1_000_000), 'malformed_header'],
    ];
    for (const [header, problem] of cases) {
      expect(() => verifyWebhookSignature(BODY, header as string, SECRET, NOW)).not.toThrow();
      expect(verifyWebhookSignature(BODY, header as string, SECRET, NOW)).toBe(false);
      expect(webhookSignatureProblem(BODY, header as string, SECRET, NOW)).toBe(problem);
    }
  });

  it('accepts upper-case hex, as some servers print it', () => {
    const header = signWebhook(BODY, SECRET, NOW_S).toUpperCase().replace('V0', 'v0');
    expect(verifyWebhookSignature(BODY, header, SECRET, NOW)).toBe(true);
  });

  it('refuses to work without a secret, and refuses huge bodies before hashing them', () => {
    const header = signWebhook(BODY, SECRET, NOW_S);
    expect(webhookSignatureProblem(BODY, header, '', NOW)).toBe('missing_secret');
    expect(webhookSignatureProblem(BODY, header, undefined as never, NOW)).toBe('missing_secret');
    const huge = 'x'.repeat(300 * 1024);
    expect(webhookSignatureProblem(huge, signWebhook(huge, SECRET, NOW_S), SECRET, NOW)).toBe('body_too_large');
    expect(webhookSignatureProblem({ parsed: 'json' } as never, header, SECRET, NOW)).toBe('malformed_body');
  });
});

describe('parseWebhook', () => {
  it('returns the typed event with the 64-bit transaction id exact', () => {
    const event = parseWebhook(BODY, signWebhook(BODY, SECRET, NOW_S), SECRET, NOW);
    expect(event).toEqual({
      transaction_id: '9007199254741993',
      customer_uid: 'u-1',
      action: 'accept',
      dashboard_link: 'https://dashboard.berbix.com/t/1',
      id: 'evt_1',
    });
  });

  it('throws a signature error with the reason as code, echoing neither body nor secret', () => {
    const error = (() => {
      try {
        parseWebhook(BODY, signWebhook(BODY, SECRET, NOW_S - 1000), SECRET, NOW);
      } catch (e) {
        return e;
      }
    })() as BerbixSignatureVerificationError;
    expect(error).toBeInstanceOf(BerbixSignatureVerificationError);
    expect(error.code).toBe('too_old');
    expect(error.message).not.toContain(SECRET);
    expect(error.message).not.toContain('u-1');
  });

  it('rejects a correctly signed body that is not a transaction event', () => {
    for (const body of [
      'not json',
      '[]',
      '{"customer_uid":"u"}',
      '{"transaction_id":"12x"}',
      'null',
      // Read against the contract's event schema: a field of the wrong type is not Berbix's event either.
      '{"transaction_id":12,"customer_uid":7}',
      '{"transaction_id":-12}',
      '{"transaction_id":12,"action":["accept"]}',
    ]) {
      expect(() => parseWebhook(body, signWebhook(body, SECRET, NOW_S), SECRET, NOW)).toThrow(
        expect.objectContaining({ code: 'malformed_body' }),
      );
    }
  });
});
