/**
 * When to try a request again, and how long to wait first. Pure functions: the request path feeds
 * them what happened, so the policy can be read (and tested) in one place.
 */

/**
 * `idempotent`: reads, deletes, PATCHes that set a value, token refreshes. Replaying them is harmless.
 * `unsafe`: uploads and transaction creation. A replay after the server may have applied the first
 * try would upload twice (or create a second transaction), so they are retried only when the server
 * provably did not apply the request.
 */
export type RetryPolicy = 'idempotent' | 'unsafe';

/** What one attempt ended with, as far as retrying cares. */
export type AttemptOutcome =
  | { kind: 'status'; status: number }
  /**
   * No answer. `reachedServer` is false only when the request provably never left (connection
   * refused, name not resolved); `transient` is false for failures a retry cannot fix (bad TLS
   * certificate, unknown host).
   */
  | { kind: 'connection'; reachedServer: boolean; transient: boolean }
  | { kind: 'timeout' };

/** Statuses that say "try again later" for any request. */
const RETRYABLE_STATUSES = new Set([429, 502, 503, 504]);
/**
 * Statuses that say the server did not apply the request: 429 is refused up front, and 503 means the
 * service was unavailable. A 502 or 504 comes from a proxy that may have passed the request on.
 */
const NOT_APPLIED_STATUSES = new Set([429, 503]);

/** True when the server provably did not apply the request, so even an upload may be sent again. */
export function provablyNotApplied(outcome: AttemptOutcome): boolean {
  if (outcome.kind === 'status') return NOT_APPLIED_STATUSES.has(outcome.status);
  return outcome.kind === 'connection' && !outcome.reachedServer;
}

export function shouldRetry(policy: RetryPolicy, outcome: AttemptOutcome): boolean {
  if (outcome.kind === 'connection' && !outcome.transient) return false;
  if (policy === 'unsafe') return provablyNotApplied(outcome);
  return outcome.kind !== 'status' || RETRYABLE_STATUSES.has(outcome.status);
}

export interface BackoffOptions {
  /** First retry waits up to this long. */
  baseDelayMs: number;
  /** No computed wait exceeds this. */
  maxDelayMs: number;
  /** A `Retry-After` longer than this is not waited for: the error goes to the caller instead. */
  maxRetryAfterMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseDelayMs: 250, maxDelayMs: 4_000, maxRetryAfterMs: 60_000 };

/**
 * Capped exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff And
 * Jitter"): a uniform wait in [0, min(cap, base * 2^retry)], which spreads a crowd of clients that
 * failed together. `retry` counts from 0. A server's `Retry-After` is a floor, never shortened.
 * Returns null when the server asks for longer than `maxRetryAfterMs`.
 */
export function retryDelayMs(
  retry: number,
  retryAfterSeconds: number | undefined,
  options: BackoffOptions = DEFAULT_BACKOFF,
  random: () => number = Math.random,
): number | null {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** Math.min(retry, 30));
  const jittered = Math.floor(random() * ceiling);
  if (retryAfterSeconds === undefined) return jittered;
  const floor = Math.ceil(retryAfterSeconds * 1000);
  if (floor > options.maxRetryAfterMs) return null;
  return Math.max(floor, jittered);
}

/** Error codes (Node and undici) that mean the request never left this machine. */
const NEVER_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EAI_NONAME',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
]);
/** Failures that a retry will not fix. */
const PERMANENT_CODES = new Set(['ENOTFOUND', 'EAI_NONAME']);
const TLS_CODE = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|HOSTNAME_MISMATCH/;

/** The error codes along an error's `cause` chain (undici wraps the socket error in `TypeError: fetch failed`). */
export function errorCodes(error: unknown): string[] {
  const codes: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current && typeof current === 'object' && depth < 8; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') codes.push(code);
    current = (current as { cause?: unknown }).cause;
  }
  return codes;
}

/** The messages along an error's `cause` chain. */
export function causeMessages(error: unknown): string[] {
  const messages: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current instanceof Error && depth < 8; depth++) {
    messages.push(current.message);
    current = current.cause;
  }
  return messages;
}

/** Classifies a failed `fetch` (no answer) for the retry policy and for `mayHaveReachedServer`. */
export function classifyConnectionFailure(error: unknown): Extract<AttemptOutcome, { kind: 'connection' }> {
  const codes = errorCodes(error);
  // fetch refuses ports on the WHATWG "bad ports" list before connecting (no error code).
  if (causeMessages(error).includes('bad port')) return { kind: 'connection', reachedServer: false, transient: false };
  const tls = codes.some((code) => TLS_CODE.test(code));
  const neverSent = tls || codes.some((code) => NEVER_SENT_CODES.has(code));
  const permanent = tls || codes.some((code) => PERMANENT_CODES.has(code));
  return { kind: 'connection', reachedServer: !neverSent, transient: !permanent };
}
