import * as v from 'valibot';
import { checkOptions, refuseUnknownKeys } from './options.js';
import { MaxRetriesSchema, TimeoutSchema } from './request-options.js';

export const SDK_NAME = 'BerbixCapture';
export const SDK_VERSION = '0.1.0';
export const DEFAULT_API_HOST = 'https://api.berbix.com';
export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_RETRIES = 2;

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);
/** RFC 7230 token characters, so appInfo cannot inject header syntax. */
const UA_TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}$/;

const urlOf = (text: string) => (URL.canParse(text) ? new URL(text) : undefined);

/**
 * The API's base URL. Plain HTTP is refused anywhere but the local machine: tokens and images travel
 * on this link. A path prefix (a gateway in front of Berbix) is kept; paths such as /v0/... are
 * appended to it.
 */
const ApiHostSchema = v.pipe(
  v.string('must be a string'),
  v.check((text) => urlOf(text) !== undefined, 'is not a URL'),
  v.check((text) => {
    const url = urlOf(text) as URL;
    return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname));
  }, 'must use https (plain http is allowed only for localhost)'),
  v.check((text) => {
    const url = urlOf(text) as URL;
    return !url.username && !url.password;
  }, 'must not carry credentials'),
  v.check((text) => {
    const url = urlOf(text) as URL;
    return !url.search && !url.hash;
  }, 'must not have a query or fragment'),
  v.transform((text) => {
    const url = new URL(text);
    return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
  }),
);

const uaToken = (message: string) => v.pipe(v.string(message), v.regex(UA_TOKEN, message));

const clientOptionEntries = {
  /** Your Berbix API secret (`secret_live_…` / `secret_test_…`). */
  apiSecret: v.pipe(v.string('is required'), v.nonEmpty('is required')),
  /** Base URL (a path prefix is kept); must be HTTPS unless it points at localhost, 127.0.0.1 or ::1. */
  apiHost: v.optional(ApiHostSchema, DEFAULT_API_HOST),
  /** Per-attempt timeout in ms (default 30 s). */
  timeoutMs: v.optional(TimeoutSchema, DEFAULT_TIMEOUT_MS),
  /** Retries after the first attempt, 0 to 10 (default 2). */
  maxRetries: v.optional(MaxRetriesSchema, DEFAULT_MAX_RETRIES),
  /** A WHATWG `fetch`, e.g. undici's with an `Agent` that trusts a private CA. */
  fetch: v.optional(v.custom<typeof fetch>((value) => typeof value === 'function', 'must be a function')),
  /** Your application, appended to the `User-Agent`. */
  appInfo: v.optional(
    v.object(
      {
        name: uaToken('must be a short token (letters, digits, -._~ and the like)'),
        version: v.optional(uaToken('must be a short token')),
      },
      'must be an object with a name',
    ),
  ),
};

const ClientOptionsSchema = v.object(clientOptionEntries);
export type BerbixClientOptions = v.InferInput<typeof ClientOptionsSchema>;
export type ClientSettings = v.InferOutput<typeof ClientOptionsSchema> & { userAgent: string };

/** Checks a client's options and settles its defaults; throws a `TypeError` naming the first bad option. */
export function clientSettings(options: BerbixClientOptions): ClientSettings {
  if (!options || typeof options !== 'object') throw new TypeError('BerbixClient needs an options object');
  refuseUnknownKeys(options, clientOptionEntries, 'BerbixClient option');
  const settings = checkOptions(ClientOptionsSchema, options, 'BerbixClient needs an options object');
  return { ...settings, userAgent: userAgentFor(settings.appInfo) };
}

function userAgentFor(appInfo: { name: string; version?: string | undefined } | undefined): string {
  const own = `${SDK_NAME}/${SDK_VERSION}`;
  if (appInfo === undefined) return own;
  return `${own} ${appInfo.name}${appInfo.version ? `/${appInfo.version}` : ''}`;
}
