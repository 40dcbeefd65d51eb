import { createHmac, timingSafeEqual } from 'node:crypto';
import {
  readWire,
  WEBHOOK_SIGNATURE_HEADER,
  type WebhookEvent,
  WebhookEventSchema,
} from '@berbix-capture/protocol/berbix';
import { BerbixSignatureVerificationError } from './errors.js';
import { parseJsonExact } from './json.js';

export { WEBHOOK_SIGNATURE_HEADER };
export const DEFAULT_WEBHOOK_TOLERANCE_SECONDS = 300;
/** Webhook bodies are small; refuse to hash or parse megabytes from a stranger. */
export const MAX_WEBHOOK_BODY_BYTES = 256 * 1024;

export interface VerifyWebhookOptions {
  /** Accepted distance between the signature's timestamp and now, both ways (default 300 s). */
  toleranceSeconds?: number;
  /** The current time, as epoch milliseconds or a Date (default: the clock). */
  now?: number | Date;
}

/** Why a signature did not verify; also the `code` of the {@link BerbixSignatureVerificationError}. */
export type WebhookSignatureProblem =
  | 'missing_header'
  | 'malformed_header'
  | 'unsupported_version'
  | 'missing_secret'
  | 'malformed_body'
  | 'body_too_large'
  | 'too_old'
  | 'too_new'
  | 'mismatch';

/**
 * A transaction event as Berbix posts it (the contract's schema). Unknown fields are kept;
 * `transaction_id` is exact.
 */
export type BerbixWebhookEvent = WebhookEvent;

const HEADER_FORMAT = /^(v\d+),(\d{1,12}),([0-9a-fA-F]{64})$/;

/**
 * Computes a Berbix webhook signature header for `body` at `timestampSeconds`: `v0,<ts>,<hex>` with
 * hex = HMAC-SHA256(secret, "<ts>,<secret>,<body>"). For tests and for the sandbox's deliveries.
 */
export function signWebhook(body: string | Uint8Array, secret: string, timestampSeconds: number): string {
  const ts = String(Math.floor(timestampSeconds));
  return `v0,${ts},${signatureHex(body, secret, ts)}`;
}

function signatureHex(body: string | Uint8Array, secret: string, ts: string): string {
  return createHmac('sha256', secret).update(`${ts},${secret},`).update(body).digest('hex');
}

/**
 * Says why `header` is not a valid signature of `rawBody`, or null when it is. Never throws on any
 * input: a hostile header is just a problem. The HMAC is compared in constant time, and a timestamp
 * more than `toleranceSeconds` away from now in EITHER direction is refused, so a captured delivery
 * cannot be replayed later nor a forged far-future one stockpiled.
 */
export function webhookSignatureProblem(
  rawBody: string | Uint8Array,
  header: string | null | undefined,
  secret: string,
  options: VerifyWebhookOptions = {},
): WebhookSignatureProblem | null {
  if (typeof secret !== 'string' || secret === '') return 'missing_secret';
  if (typeof header !== 'string' || header.trim() === '') return 'missing_header';
  if (typeof rawBody !== 'string' && !(rawBody instanceof Uint8Array)) return 'malformed_body';
  const size = typeof rawBody === 'string' ? Buffer.byteLength(rawBody) : rawBody.byteLength;
  if (size > MAX_WEBHOOK_BODY_BYTES) return 'body_too_large';
  const match = HEADER_FORMAT.exec(header.trim());
  if (!match) return 'malformed_header';
  const [, version, ts = '', hex = ''] = match;
  if (version !== 'v0') return 'unsupported_version';
  const tolerance = options.toleranceSeconds ?? DEFAULT_WEBHOOK_TOLERANCE_SECONDS;
  const nowMs = options.now instanceof Date ? options.now.getTime() : (options.now ?? Date.now());
  const age = nowMs / 1000 - Number(ts);
  if (!Number.isFinite(age) || !Number.isFinite(tolerance) || tolerance < 0) return 'malformed_header';
  if (age > tolerance) return 'too_old';
  if (age < -tolerance) return 'too_new';
  const expected = Buffer.from(signatureHex(rawBody, secret, ts), 'hex');
  const received = Buffer.from(hex.toLowerCase(), 'hex');
  return received.length === expected.length && timingSafeEqual(received, expected) ? null : 'mismatch';
}

/**
 * True when `header` (the `X-Berbix-Signature` value) signs `rawBody` (the exact bytes received,
 * before any JSON parsing) with `secret`, within `toleranceSeconds` of now. Never throws.
 */
export function verifyWebhookSignature(
  rawBody: string | Uint8Array,
  header: string | null | undefined,
  secret: string,
  options: VerifyWebhookOptions = {},
): boolean {
  return webhookSignatureProblem(rawBody, header, secret, options) === null;
}

/**
 * Verifies a delivery and returns its event. When it is not Berbix's, throws
 * {@link BerbixSignatureVerificationError} whose `code` is the {@link WebhookSignatureProblem}
 * (`malformed_body` also when a correctly signed body is not a transaction event). The message
 * never echoes the body or the secret.
 */
export function parseWebhook(
  rawBody: string | Uint8Array,
  header: string | null | undefined,
  secret: string,
  options: VerifyWebhookOptions = {},
): BerbixWebhookEvent {
  const problem = webhookSignatureProblem(rawBody, header, secret, options);
  if (problem !== null) {
    throw new BerbixSignatureVerificationError(`webhook signature rejected: ${problem.replaceAll('_', ' ')}`, {
      code: problem,
    });
  }
  let event: unknown;
  try {
    event = parseJsonExact(typeof rawBody === 'string' ? rawBody : Buffer.from(rawBody).toString('utf8'));
  } catch {
    event = null;
  }
  const reading = readWire(WebhookEventSchema, event);
  if (!reading.ok) {
    throw new BerbixSignatureVerificationError('webhook body is not a Berbix transaction event', {
      code: 'malformed_body',
    });
  }
  return reading.value;
}
