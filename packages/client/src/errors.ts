import { isStep, type Step } from '@berbix-capture/protocol';

export interface BerbixErrorInit {
  statusCode?: number;
  code?: string;
  requestId?: string;
  /** The parsed error body, when there was one (already scrubbed of credentials). */
  raw?: unknown;
  cause?: unknown;
}

/**
 * Base of every error this client throws, after stripe-node: the fields every handler needs, and a
 * subclass per cause so callers branch with `instanceof` rather than on status codes.
 *
 * - `type`: the class name (`'BerbixRateLimitError'`, ...), stable for logs and switch statements.
 * - `statusCode`: the HTTP status, or undefined when no answer arrived.
 * - `code`: Berbix's machine-readable code from the error body, when it sent one.
 * - `requestId`: the `x-request-id` of the answer (or the one the caller sent), for support.
 * - `raw`: the parsed error body.
 *
 * Messages never carry a token or the API secret: the request path scrubs both from anything the
 * server echoes back before building the error.
 */
export class BerbixError extends Error {
  readonly type: string;
  readonly statusCode: number | undefined;
  readonly code: string | undefined;
  readonly requestId: string | undefined;
  readonly raw: unknown;

  constructor(message: string, init: BerbixErrorInit = {}) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = new.target.name;
    this.type = new.target.name;
    this.statusCode = init.statusCode;
    this.code = init.code;
    this.requestId = init.requestId;
    this.raw = init.raw;
  }
}

/** 400 (and other 4xx without a class of their own): the request was malformed; fix it, do not retry. */
export class BerbixInvalidRequestError extends BerbixError {}

/** 401: wrong API secret, or a token the server no longer accepts even after a refresh. */
export class BerbixAuthenticationError extends BerbixError {}

/** 403: the credentials are valid but not allowed to do this. */
export class BerbixPermissionError extends BerbixError {}

/** 404: no such transaction (or route). */
export class BerbixNotFoundError extends BerbixError {}

/** 410: the transaction existed and is gone (deleted or expired). A subclass of NotFound. */
export class BerbixGoneError extends BerbixNotFoundError {}

/**
 * 409: the call is not valid in the transaction's current state, e.g. an upload for the wrong step or
 * after `done`. `nextStep` says where the transaction really is, when the server said so.
 */
export class BerbixConflictError extends BerbixError {
  readonly nextStep: Step | null;

  constructor(message: string, init: BerbixErrorInit & { nextStep?: Step | null } = {}) {
    super(message, init);
    this.nextStep = init.nextStep ?? null;
  }
}

/** 413: the request body or an image is too large (Berbix caps bodies at 20 MB). */
export class BerbixPayloadTooLargeError extends BerbixError {}

/** 429: too many requests. `retryAfter` is the server's `Retry-After` in seconds, when it sent one. */
export class BerbixRateLimitError extends BerbixError {
  readonly retryAfter: number | undefined;

  constructor(message: string, init: BerbixErrorInit & { retryAfter?: number } = {}) {
    super(message, init);
    this.retryAfter = init.retryAfter;
  }
}

/** 5xx, or an answer this client cannot make sense of. */
export class BerbixAPIError extends BerbixError {}

/**
 * No (complete) answer: the connection failed, was reset, or the answer could not be read.
 *
 * `mayHaveReachedServer` is false only when the request provably never left this machine (connection
 * refused, host not found, TLS handshake refused). When it is true, a state-changing call such as an
 * upload may have been applied: resynchronise with `fetchTransaction` (or retry and expect a 409 that
 * carries `nextStep`) instead of replaying blindly.
 */
export class BerbixConnectionError extends BerbixError {
  readonly mayHaveReachedServer: boolean;

  constructor(message: string, init: BerbixErrorInit & { mayHaveReachedServer?: boolean } = {}) {
    super(message, init);
    this.mayHaveReachedServer = init.mayHaveReachedServer ?? true;
  }
}

/** The per-request timeout elapsed; the request was aborted. It may have reached the server. */
export class BerbixTimeoutError extends BerbixConnectionError {}

/** The caller's own `signal` aborted the call. `cause` is the signal's reason. */
export class BerbixAbortError extends BerbixConnectionError {}

/** A webhook's `X-Berbix-Signature` did not verify; `code` says why (`malformed`, `too_old`, ...). */
export class BerbixSignatureVerificationError extends BerbixError {}

/** Reads whichever message field an error body carries (the SDKs disagree on the shape). */
export function messageFromBody(body: unknown, fallback: string): string {
  if (body && typeof body === 'object') {
    const record = body as Record<string, unknown>;
    for (const key of ['message', 'readable', 'error', 'reason']) {
      const value = record[key];
      if (typeof value === 'string' && value !== '') return value.length > 500 ? `${value.slice(0, 500)}…` : value;
    }
  }
  return fallback;
}

/** Parses `Retry-After` (delta seconds or an HTTP date) into seconds from `now`; undefined when absent or bad. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text);
  // Only real HTTP dates (which name a weekday or month): `Date.parse` accepts far too much.
  if (!/[a-z]{3}/i.test(text)) return undefined;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, (at - now) / 1000);
}

export interface AnswerFacts {
  status: number;
  /** The parsed body, or null when it was empty or not JSON. */
  body: unknown;
  requestId?: string | undefined;
  /** The raw `Retry-After` header. */
  retryAfter?: string | null | undefined;
}

/**
 * The one place that maps a non-2xx answer to its error class. The full table is pinned by
 * errors.test.ts; change both together.
 */
export function errorFromResponse(answer: AnswerFacts): BerbixError {
  const { status, body } = answer;
  const record = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const code = typeof record.code === 'string' ? record.code : undefined;
  const init: BerbixErrorInit = {
    statusCode: status,
    ...(code !== undefined && { code }),
    ...(answer.requestId !== undefined && { requestId: answer.requestId }),
    raw: body,
  };
  const message = messageFromBody(body, `Berbix answered ${status}`);
  switch (status) {
    case 400:
      return new BerbixInvalidRequestError(message, init);
    case 401:
      return new BerbixAuthenticationError(message, init);
    case 403:
      return new BerbixPermissionError(message, init);
    case 404:
      return new BerbixNotFoundError(message, init);
    case 409: {
      const nextStep = record.next_step ?? record.nextStep;
      return new BerbixConflictError(message, { ...init, nextStep: isStep(nextStep) ? nextStep : null });
    }
    case 410:
      return new BerbixGoneError(message, init);
    case 413:
      return new BerbixPayloadTooLargeError(message, init);
    case 429: {
      const retryAfter = parseRetryAfter(answer.retryAfter);
      return new BerbixRateLimitError(message, { ...init, ...(retryAfter !== undefined && { retryAfter }) });
    }
  }
  if (status >= 400 && status < 500) return new BerbixInvalidRequestError(message, init);
  return new BerbixAPIError(message, init);
}
