import * as v from 'valibot';
import { checkOptions, refuseUnknownKeys } from './options.js';

/** Upper bound for `maxRetries`, so a typo cannot turn a client into a load generator. */
export const MAX_RETRIES_LIMIT = 10;
const TIMEOUT = 'must be a positive number of milliseconds';
const RETRIES = `must be an integer from 0 to ${MAX_RETRIES_LIMIT}`;

/** A per-attempt timeout in ms: positive, and within what `setTimeout` can wait. */
export const TimeoutSchema = v.pipe(
  v.number(TIMEOUT),
  v.check((ms) => Number.isFinite(ms) && ms > 0 && ms <= 2 ** 31 - 1, TIMEOUT),
);
/** Retries after the first attempt. */
export const MaxRetriesSchema = v.pipe(
  v.number(RETRIES),
  v.integer(RETRIES),
  v.minValue(0, RETRIES),
  v.maxValue(MAX_RETRIES_LIMIT, RETRIES),
);

const RESERVED_HEADERS = new Set(['authorization', 'content-type', 'content-length', 'accept', 'user-agent', 'host']);
/** RFC 9110 field names and values (no CR, LF or NUL: no header injection), checked before fetch would throw. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,256}$/;
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]{0,8192}$/;

const requestOptionEntries = {
  /** Per-attempt timeout; the attempt is aborted when it elapses. Defaults to the client's. */
  timeoutMs: v.optional(TimeoutSchema),
  /** Retries after the first attempt (0 disables them). Defaults to the client's. */
  maxRetries: v.optional(MaxRetriesSchema),
  /** Aborts the call, including any wait between retries. */
  signal: v.optional(v.instance(AbortSignal, 'must be an AbortSignal')),
  /**
   * Extra headers, e.g. `x-request-id` to correlate with your own logs. The client's own headers
   * (authorization, content-type, accept, user-agent) cannot be overridden.
   */
  headers: v.optional(
    v.pipe(
      v.custom<Record<string, string>>(
        (value) => value !== null && typeof value === 'object' && !Array.isArray(value),
        'must be an object',
      ),
      // Each header is named in its own message, so these checks are written out below.
      v.rawCheck(({ dataset, addIssue }) => {
        if (!dataset.typed) return;
        const problem = headerProblem(dataset.value);
        if (problem) addIssue({ message: problem });
      }),
    ),
  ),
};

/** Options every call accepts as its last argument. Unknown keys throw a `TypeError`. */
export const RequestOptionsSchema = v.object(requestOptionEntries);
export type RequestOptions = v.InferInput<typeof RequestOptionsSchema>;

function headerProblem(headers: Record<string, unknown>): string | undefined {
  for (const [name, value] of Object.entries(headers)) {
    if (!HEADER_NAME.test(name)) return 'must have names that are HTTP tokens';
    if (typeof value !== 'string' || !HEADER_VALUE.test(value)) {
      return `must hold strings of visible characters, at most 8 KiB each (${name} does not)`;
    }
    if (RESERVED_HEADERS.has(name.toLowerCase())) return `must not hold ${name}, which is set by the client`;
  }
  return undefined;
}

/** Validates per-call options; throws a `TypeError` that names what is wrong. */
export function checkRequestOptions(options: RequestOptions | undefined): RequestOptions {
  if (options === undefined) return {};
  if (options === null || typeof options !== 'object') throw new TypeError('request options must be an object');
  refuseUnknownKeys(options, requestOptionEntries, 'request option');
  checkOptions(RequestOptionsSchema, options, 'request options must be an object');
  return options;
}
