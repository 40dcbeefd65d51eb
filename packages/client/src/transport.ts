import {
  BerbixAbortError,
  BerbixAPIError,
  BerbixConnectionError,
  type BerbixError,
  BerbixTimeoutError,
  errorFromResponse,
  parseRetryAfter,
} from './errors.js';
import { parseJsonExact } from './json.js';
import { StreamedJsonBody } from './json-stream.js';
import type { RequestOptions } from './request-options.js';
import {
  type AttemptOutcome,
  type BackoffOptions,
  causeMessages,
  classifyConnectionFailure,
  DEFAULT_BACKOFF,
  provablyNotApplied,
  type RetryPolicy,
  retryDelayMs,
  shouldRetry,
} from './retry.js';
import { scrubSecrets } from './scrub.js';

export { checkRequestOptions, MAX_RETRIES_LIMIT, type RequestOptions } from './request-options.js';

export const REQUEST_ID_HEADER = 'x-request-id';
/** Berbix answers are small JSON documents; anything bigger is hostile or broken. */
export const MAX_ANSWER_BYTES = 1024 * 1024;

export interface TransportConfig {
  apiHost: string;
  fetch: typeof fetch;
  timeoutMs: number;
  maxRetries: number;
  userAgent: string;
  backoff?: BackoffOptions;
  /** Test seam for the jitter. */
  random?: () => number;
}

export interface ApiRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  path: string;
  /** The whole `Authorization` header value. */
  authorization: string;
  /** A JSON value, serialised once; or a {@link StreamedJsonBody}, streamed afresh on each attempt. */
  body?: unknown;
  policy: RetryPolicy;
  /** Credentials to scrub from anything the server echoes back. */
  secrets: ReadonlyArray<string | null | undefined>;
}

export interface ApiAnswer {
  status: number;
  /** Parsed JSON body (64-bit ids kept exact), or null when the body was empty. */
  body: unknown;
  requestId: string | undefined;
}

/**
 * The single request path: one attempt per loop turn with its own timeout, a retry decision from
 * retry.ts, a wait that the caller's signal can cut short. Resolves with a 2xx answer or throws a
 * {@link BerbixError}.
 */
export async function send(
  config: TransportConfig,
  request: ApiRequest,
  options: RequestOptions = {},
): Promise<ApiAnswer> {
  const timeoutMs = options.timeoutMs ?? config.timeoutMs;
  const maxRetries = options.maxRetries ?? config.maxRetries;
  const { signal } = options;
  const sentRequestId = headerValue(options.headers, REQUEST_ID_HEADER);
  const headers: Record<string, string> = {
    ...options.headers,
    authorization: request.authorization,
    'user-agent': config.userAgent,
    accept: 'application/json',
    ...(request.body !== undefined && { 'content-type': 'application/json' }),
    // A streamed body declares its length up front: a fixed-length request, never chunked.
    ...(request.body instanceof StreamedJsonBody && { 'content-length': String(request.body.length) }),
  };
  // Serialised once (or streamed from the same bytes each time): a retry sends the same bytes.
  const body = bodyOf(request.body);
  // Whether any attempt so far may have been applied by the server; reported if the caller aborts.
  let mayHaveApplied = false;
  for (let attempt = 0; ; attempt++) {
    if (signal?.aborted) throw abortError(signal, sentRequestId, mayHaveApplied);
    const result = await attemptOnce(config, request, headers, body, { timeoutMs, signal, sentRequestId });
    if (result.ok) return result.answer;
    const { error, outcome, retryAfterSeconds } = result;
    mayHaveApplied ||= outcome === undefined || !provablyNotApplied(outcome);
    if (attempt >= maxRetries || !outcome || !shouldRetry(request.policy, outcome)) throw error;
    const delay = retryDelayMs(attempt, retryAfterSeconds, config.backoff ?? DEFAULT_BACKOFF, config.random);
    if (delay === null) throw error;
    await sleep(delay, signal, () => abortError(signal, sentRequestId, mayHaveApplied));
  }
}

/** What one attempt gave: a 2xx answer, or the error to throw and what happened (no outcome: never retry). */
type AttemptResult =
  | { ok: true; answer: ApiAnswer }
  | { ok: false; error: BerbixError; outcome?: AttemptOutcome; retryAfterSeconds?: number | undefined };

const failure = (error: BerbixError, outcome?: AttemptOutcome, retryAfterSeconds?: number): AttemptResult => ({
  ok: false,
  error,
  ...(outcome !== undefined && { outcome }),
  retryAfterSeconds,
});

async function attemptOnce(
  config: TransportConfig,
  request: ApiRequest,
  headers: Record<string, string>,
  body: (() => RequestBody) | undefined,
  context: { timeoutMs: number; signal: AbortSignal | undefined; sentRequestId: string | undefined },
): Promise<AttemptResult> {
  const { timeoutMs, signal: callerSignal, sentRequestId } = context;
  const where = `${request.method} ${request.path}`;
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(new DOMException('the request timed out', 'TimeoutError')), timeoutMs);
  const signal = callerSignal ? AbortSignal.any([callerSignal, timeout.signal]) : timeout.signal;
  const withId = (id: string | undefined) => (id !== undefined ? { requestId: id } : {});
  /** No answer at all, or the answer was lost half-way (`answerStarted`). */
  const noAnswer = (cause: unknown, answerStarted: boolean, requestId: string | undefined): AttemptResult => {
    if (callerSignal?.aborted) return failure(abortError(callerSignal, requestId, true));
    if (timeout.signal.aborted) {
      return failure(
        new BerbixTimeoutError(`Berbix did not answer ${where} within ${timeoutMs} ms`, {
          mayHaveReachedServer: true,
          ...withId(requestId),
        }),
        { kind: 'timeout' },
      );
    }
    // Once the status line arrived the server saw the request, whatever the socket error says.
    const outcome = answerStarted
      ? { kind: 'connection' as const, reachedServer: true, transient: true }
      : classifyConnectionFailure(cause);
    const message = answerStarted ? `the answer to ${where} was cut off` : `could not reach Berbix for ${where}`;
    return failure(
      new BerbixConnectionError(message, { mayHaveReachedServer: outcome.reachedServer, cause, ...withId(requestId) }),
      outcome,
    );
  };
  try {
    let response: Response;
    try {
      response = await config.fetch(`${config.apiHost}${request.path}`, {
        method: request.method,
        headers,
        signal,
        redirect: 'manual',
        ...body?.(),
      });
    } catch (cause) {
      if (causeMessages(cause).includes(UNEXPECTED_REDIRECT)) {
        return failure(
          new BerbixAPIError(`Berbix answered ${where} with a redirect, which the client does not follow`, {
            code: 'unexpected_redirect',
            ...withId(sentRequestId),
          }),
        );
      }
      return noAnswer(cause, false, sentRequestId);
    }
    const requestId = response.headers.get(REQUEST_ID_HEADER) ?? sentRequestId;
    let text: string;
    try {
      text = await readBounded(response, MAX_ANSWER_BYTES);
    } catch (cause) {
      if (!(cause instanceof AnswerTooLargeError)) return noAnswer(cause, true, requestId);
      return failure(
        new BerbixAPIError(`Berbix answered with more than ${MAX_ANSWER_BYTES} bytes`, {
          statusCode: response.status,
          ...withId(requestId),
        }),
      );
    }
    const parsed = parseBody(text);
    if (response.status >= 200 && response.status < 300) {
      if (parsed === INVALID_JSON) {
        return failure(
          new BerbixAPIError('Berbix answered with a body that is not JSON', {
            statusCode: response.status,
            ...withId(requestId),
          }),
        );
      }
      return { ok: true, answer: { status: response.status, body: parsed, requestId } };
    }
    const retryAfter = response.headers.get('retry-after');
    const error = errorFromResponse({
      status: response.status,
      body: scrubSecrets(parsed === INVALID_JSON ? null : parsed, request.secrets),
      requestId,
      retryAfter,
    });
    return failure(error, { kind: 'status', status: response.status }, parseRetryAfter(retryAfter));
  } finally {
    clearTimeout(timer);
  }
}

/**
 * What `fetch` is given for a body. A stream needs `duplex: 'half'` (Node's `fetch`), and
 * `redirect: 'error'` with `window: null`: with any other pair the Fetch standard has `fetch` clone
 * the request, which tees the body stream and keeps every chunk sent in the branch nobody reads
 * until the answer arrives (undici does so: one more copy of the whole base64 body per upload).
 * A redirect then fails the attempt instead of coming back as a 3xx answer; see
 * {@link UNEXPECTED_REDIRECT}.
 */
type RequestBody =
  | { body: string }
  | { body: ReadableStream<Uint8Array>; duplex: 'half'; redirect: 'error'; window: null };

/** The network error `fetch` gives for a redirect under `redirect: 'error'` (undici's wording). */
const UNEXPECTED_REDIRECT = 'unexpected redirect';

/** Makes one attempt's body: the same string each time, or a new stream over the same bytes. */
function bodyOf(body: unknown): (() => RequestBody) | undefined {
  if (body === undefined) return undefined;
  if (body instanceof StreamedJsonBody) {
    return () => ({ body: body.open(), duplex: 'half', redirect: 'error', window: null });
  }
  const text = JSON.stringify(body);
  return () => ({ body: text });
}

const INVALID_JSON = Symbol('invalid JSON');

function parseBody(text: string): unknown {
  if (text.trim() === '') return null;
  try {
    return parseJsonExact(text);
  } catch {
    return INVALID_JSON;
  }
}

class AnswerTooLargeError extends Error {}

/** Reads the body as text, giving up (and cancelling the stream) past `limit` bytes. */
async function readBounded(response: Response, limit: number): Promise<string> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limit) {
    await response.body?.cancel().catch(() => {});
    throw new AnswerTooLargeError();
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw new AnswerTooLargeError();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, size).toString('utf8');
}

function abortError(signal: AbortSignal | undefined, requestId: string | undefined, mayHaveReachedServer: boolean) {
  return new BerbixAbortError('the call was aborted by its caller', {
    mayHaveReachedServer,
    cause: signal?.reason,
    ...(requestId !== undefined && { requestId }),
  });
}

function headerValue(headers: Record<string, string> | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === name) return value;
  return undefined;
}

/** Waits `ms`, or rejects with `onAbort()` as soon as `signal` aborts. */
function sleep(ms: number, signal: AbortSignal | undefined, onAbort: () => Error): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(onAbort());
      return;
    }
    const abort = () => {
      clearTimeout(timer);
      reject(onAbort());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', abort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', abort, { once: true });
  });
}
