import { BerbixClient, type TransactionMetadata } from '@berbix-capture/client';
import type { Request } from 'express';
import { DEFAULT_BODY_TIMEOUT_MS, DEFAULT_JSON_BODY_TIMEOUT_MS } from './body.js';
import { memoryStore, type SessionStore, type TokenStore } from './store.js';

export interface TransactionParams {
  customerUid: string;
  templateKey: string;
  email?: string;
  phone?: string;
}

/** What `onComplete` and `getResult` hand over once a transaction is `done`. */
export interface CaptureResult {
  /** The adapter's session id (not a credential on its own: the cookie also carries a signature). */
  sessionId: string;
  /** Berbix's transaction id, as a decimal string (64-bit). */
  transactionId: string | null;
  /** Epoch ms when the adapter saw `done`. */
  completedAt: number;
  /**
   * The transaction as `GET /v0/transactions` answered it: `action`, `flags`, `fields` (names,
   * dates, address...), `images` (short-lived URLs, already stale when read later), `duplicates`.
   */
  transaction: TransactionMetadata;
  /**
   * Set on a second call for the same transaction: the instance that made the first call stopped
   * (crashed, was killed) inside `onComplete`, so whether that call's work happened is unknown.
   * Delivery is at least once; key your handler on `transactionId`.
   */
  redelivered?: true;
}

export interface Limits {
  /** Largest image body accepted, in bytes (default and maximum 20 MB, Berbix's cap). */
  maxImageBytes?: number;
  /** Largest width or height accepted, in pixels (default and maximum 10,000, Berbix's cap). */
  maxImageDimension?: number;
  /** Largest decoded PDF417 payload accepted with an image or an id scan, in bytes (default 4096). */
  maxBarcodeBytes?: number;
  /**
   * Image uploads this instance reads and forwards at once (default 16). Each holds up to
   * `maxImageBytes` in memory, plus its base64 copy on the way to Berbix; past it, 429.
   */
  maxConcurrentUploads?: number;
  /**
   * Of those, the uploads one client may hold at once (default 4): per session, and per client
   * address when Express sees one (not loopback, as for the rate limits). Past it, 429, so a few
   * slow senders cannot take every slot from everybody else.
   */
  maxConcurrentUploadsPerClient?: number;
  /**
   * Time an image body may take to arrive, in ms (default 60,000, at most 600,000). A slower
   * sender (a client trickling bytes to hold an upload slot) is cut off and its bytes dropped.
   */
  bodyTimeoutMs?: number;
  /**
   * Time a JSON body (and any body the adapter does not read) may take to arrive, in ms (default
   * 10,000, at most 600,000); later, 408 and the connection is closed.
   */
  jsonBodyTimeoutMs?: number;
}

export interface RateLimits {
  /** Length of a counting window in ms (default 60,000). */
  windowMs?: number;
  /** Sessions one IP may create per window (default 10). */
  sessionsPerIp?: number;
  /** Uploads one IP may make per window (default 60). */
  uploadsPerIp?: number;
  /** Uploads one session may make per window (default 20). */
  uploadsPerSession?: number;
  /** Hand-off links one session may ask for per window (default 10). */
  handoffOffersPerSession?: number;
  /**
   * Hand-off claims one IP may attempt per window (default 10). This budget guards one-time codes
   * against guessing, so it stays on (at its default) even with `rateLimit: false`. Loopback
   * addresses (a reverse proxy without `trust proxy`, local development) share one budget.
   */
  handoffClaimsPerIp?: number;
}

export interface BerbixCaptureOptions {
  /** The Berbix client; built from the environment (`BERBIX_API_SECRET`, `BERBIX_API_HOST`) when absent. */
  client?: BerbixClient;
  /**
   * Where sessions and their (encrypted) tokens live; memory by default. A store written for the
   * deprecated `TokenStore` interface (`update` instead of `transition`) is still accepted.
   */
  store?: SessionStore | TokenStore;
  /**
   * Signs the session cookie and encrypts tokens at rest; at least 32 characters. To rotate, pass
   * `[newSecret, oldSecret]`: the first signs and seals, all of them still verify and open.
   */
  secret: string | readonly string[];
  /** Decides who the transaction is for: the browser never chooses these. */
  transaction: (req: Request) => Promise<TransactionParams> | TransactionParams;
  /** Called once per finished transaction, even with several adapter instances. */
  onComplete?: (result: CaptureResult, req: Request) => Promise<void> | void;
  /** Other origins allowed to use the endpoint (with credentialed CORS); the same origin always is. */
  allowedOrigins?: readonly string[];
  limits?: Limits;
  /** Per-IP and per-session request budgets (429 past them); `false` turns them off. */
  rateLimit?: RateLimits | false;
  /** Cookie settings: `name` is the base name (`__Host-` is prefixed over HTTPS). */
  cookie?: { name?: string };
  /** How long a browser session lives, in ms (default 1 hour). */
  sessionTtlMs?: number;
  /** How long an upload may hold its session before another request may take over, in ms (default 2 minutes). */
  uploadLeaseMs?: number;
  /** Whether a desktop may hand its session to a phone by QR code (default true). */
  handoff?: boolean;
  /**
   * The page a hand-off link opens on the phone: it must load the same element on the same
   * endpoint. Default: the page that asked for the link (its `Referer`, when it is this origin or an
   * allowed one), else this origin's `/`. The one-time code goes in the URL's fragment
   * (`#berbix-handoff=...`), which browsers never send to a server, so it stays out of access logs;
   * it replaces any fragment the URL had.
   */
  handoffUrl?: string | ((req: Request) => string);
  /** How long a hand-off link works unclaimed, in ms (default 10 minutes, at most 1 hour). */
  handoffTtlMs?: number;
}

export interface ResolvedHandoff {
  enabled: boolean;
  url: BerbixCaptureOptions['handoffUrl'] | null;
  ttlMs: number;
  /** The claim budget, always on: see `RateLimits.handoffClaimsPerIp`. */
  claimsPerIp: number;
  claimWindowMs: number;
}

export interface ResolvedOptions {
  client: BerbixClient;
  store: SessionStore | TokenStore;
  secrets: readonly string[];
  transaction: BerbixCaptureOptions['transaction'];
  onComplete: NonNullable<BerbixCaptureOptions['onComplete']> | null;
  allowedOrigins: readonly string[] | null;
  limits: Required<Limits>;
  rateLimit: Required<RateLimits> | null;
  cookieName: string;
  sessionTtlMs: number;
  uploadLeaseMs: number;
  handoff: ResolvedHandoff;
}

/** Berbix's own caps: the adapter may be stricter, never looser. */
export const BERBIX_MAX_IMAGE_BYTES = 20 * 1024 * 1024;
export const BERBIX_MAX_IMAGE_DIMENSION = 10_000;

const DEFAULT_LIMITS: Required<Limits> = {
  maxImageBytes: BERBIX_MAX_IMAGE_BYTES,
  maxImageDimension: BERBIX_MAX_IMAGE_DIMENSION,
  maxBarcodeBytes: 4096,
  maxConcurrentUploads: 16,
  maxConcurrentUploadsPerClient: 4,
  bodyTimeoutMs: DEFAULT_BODY_TIMEOUT_MS,
  jsonBodyTimeoutMs: DEFAULT_JSON_BODY_TIMEOUT_MS,
};

const DEFAULT_RATE_LIMITS: Required<RateLimits> = {
  windowMs: 60_000,
  sessionsPerIp: 10,
  uploadsPerIp: 60,
  uploadsPerSession: 20,
  handoffOffersPerSession: 10,
  handoffClaimsPerIp: 10,
};

const ALLOWED = [
  'client',
  'store',
  'secret',
  'transaction',
  'onComplete',
  'allowedOrigins',
  'limits',
  'rateLimit',
  'cookie',
  'sessionTtlMs',
  'uploadLeaseMs',
  'handoff',
  'handoffUrl',
  'handoffTtlMs',
];

function rejectUnknownKeys(value: object, allowed: readonly string[], what: string): void {
  const unknown = Object.keys(value).filter((key) => !allowed.includes(key));
  if (unknown.length > 0) {
    throw new TypeError(`unknown ${what} option(s) ${unknown.join(', ')}; allowed: ${allowed.join(', ')}`);
  }
}

function positiveInteger(value: unknown, name: string, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0 || value > max) {
    throw new TypeError(`${name} must be a positive integer${max < Number.MAX_SAFE_INTEGER ? ` up to ${max}` : ''}`);
  }
  return value;
}

/** Fills `defaults` from `given`, checking each value; unknown keys are refused. */
function resolveNumbers<T extends Record<string, number>>(
  given: unknown,
  defaults: T,
  what: string,
  maxima: Partial<T> = {},
): T {
  if (given === undefined) return { ...defaults };
  if (given === null || typeof given !== 'object' || Array.isArray(given)) {
    throw new TypeError(`${what} must be an object`);
  }
  rejectUnknownKeys(given, Object.keys(defaults), what);
  const out = { ...defaults };
  for (const [key, value] of Object.entries(given)) {
    if (value !== undefined)
      (out as Record<string, number>)[key] = positiveInteger(value, `${what}.${key}`, maxima[key]);
  }
  return out;
}

function resolveSecrets(secret: unknown): readonly string[] {
  const list = typeof secret === 'string' ? [secret] : Array.isArray(secret) ? secret : null;
  if (!list || list.length === 0 || !list.every((s) => typeof s === 'string' && s.length >= 32)) {
    throw new TypeError(
      'secret must be a string of at least 32 characters (or a non-empty list of them, newest first)',
    );
  }
  return Object.freeze([...list]);
}

/** Bad configuration throws a TypeError at start-up, never at request time. */
export function resolveOptions(options: BerbixCaptureOptions): ResolvedOptions {
  if (!options || typeof options !== 'object') throw new TypeError('berbixCapture needs an options object');
  rejectUnknownKeys(options, ALLOWED, 'berbixCapture');
  const secrets = resolveSecrets(options.secret);
  if (typeof options.transaction !== 'function') {
    throw new TypeError('transaction must be a function (req) => ({ customerUid, templateKey })');
  }
  if (options.onComplete !== undefined && typeof options.onComplete !== 'function') {
    throw new TypeError('onComplete must be a function (result, req) => Promise<void>');
  }
  if (options.client !== undefined && !(options.client instanceof BerbixClient)) {
    throw new TypeError('client must be a BerbixClient');
  }
  const store = options.store;
  if (store !== undefined && !isStore(store)) {
    throw new TypeError('store must implement get, set, delete and transition (see SessionStore)');
  }
  if (
    options.allowedOrigins !== undefined &&
    !(Array.isArray(options.allowedOrigins) && options.allowedOrigins.every(isOrigin))
  ) {
    throw new TypeError('allowedOrigins must be an array of origins such as "https://shop.example"');
  }
  const cookie = options.cookie ?? {};
  if (typeof cookie !== 'object' || cookie === null) throw new TypeError('cookie must be an object');
  rejectUnknownKeys(cookie, ['name'], 'cookie');
  if (cookie.name !== undefined && !/^[A-Za-z0-9_-]{1,64}$/.test(cookie.name)) {
    throw new TypeError('cookie.name must be 1-64 letters, digits, "_" or "-"');
  }
  const rateLimit =
    options.rateLimit === false ? null : resolveNumbers(options.rateLimit, DEFAULT_RATE_LIMITS, 'rateLimit');
  return {
    client: options.client ?? BerbixClient.fromEnv(),
    store: store ?? memoryStore(),
    secrets,
    transaction: options.transaction,
    onComplete: options.onComplete ?? null,
    allowedOrigins: options.allowedOrigins ? Object.freeze([...options.allowedOrigins]) : null,
    limits: resolveNumbers(options.limits, DEFAULT_LIMITS, 'limits', {
      maxImageBytes: BERBIX_MAX_IMAGE_BYTES,
      maxImageDimension: BERBIX_MAX_IMAGE_DIMENSION,
      maxBarcodeBytes: 64 * 1024,
      bodyTimeoutMs: 10 * 60 * 1000,
      jsonBodyTimeoutMs: 10 * 60 * 1000,
    }),
    rateLimit,
    cookieName: cookie.name ?? 'berbix_session',
    sessionTtlMs:
      options.sessionTtlMs === undefined ? 60 * 60 * 1000 : positiveInteger(options.sessionTtlMs, 'sessionTtlMs'),
    uploadLeaseMs:
      options.uploadLeaseMs === undefined ? 2 * 60 * 1000 : positiveInteger(options.uploadLeaseMs, 'uploadLeaseMs'),
    handoff: resolveHandoff(options, rateLimit),
  };
}

function resolveHandoff(options: BerbixCaptureOptions, rateLimit: Required<RateLimits> | null): ResolvedHandoff {
  if (options.handoff !== undefined && typeof options.handoff !== 'boolean') {
    throw new TypeError('handoff must be true or false');
  }
  const url = options.handoffUrl;
  if (url !== undefined && typeof url !== 'function' && !isHttpUrl(url)) {
    throw new TypeError('handoffUrl must be an http(s) URL or a function (req) => URL');
  }
  return {
    enabled: options.handoff ?? true,
    url: url ?? null,
    ttlMs:
      options.handoffTtlMs === undefined
        ? 10 * 60 * 1000
        : positiveInteger(options.handoffTtlMs, 'handoffTtlMs', 60 * 60 * 1000),
    claimsPerIp: (rateLimit ?? DEFAULT_RATE_LIMITS).handoffClaimsPerIp,
    claimWindowMs: (rateLimit ?? DEFAULT_RATE_LIMITS).windowMs,
  };
}

/** A {@link SessionStore}, or a store of the deprecated update-only shape. */
function isStore(store: unknown): boolean {
  if (!store || typeof store !== 'object') return false;
  const methods = store as Record<string, unknown>;
  const has = (name: string) => typeof methods[name] === 'function';
  return has('get') && has('set') && has('delete') && (has('transition') || has('update'));
}

export function isHttpUrl(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

function isOrigin(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  try {
    return new URL(value).origin === value;
  } catch {
    return false;
  }
}
