import { BerbixClient, type TransactionMetadata } from '@berbix-capture/client';
import type { Request } from 'express';
import * as v from 'valibot';
import { DEFAULT_BODY_TIMEOUT_MS, DEFAULT_JSON_BODY_TIMEOUT_MS } from './body.js';
import { callback, optionsObject, positiveInteger, readOptions } from './option-schemas.js';
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

const LIMIT_MAXIMA: Partial<Required<Limits>> = {
  maxImageBytes: BERBIX_MAX_IMAGE_BYTES,
  maxImageDimension: BERBIX_MAX_IMAGE_DIMENSION,
  maxBarcodeBytes: 64 * 1024,
  bodyTimeoutMs: 10 * 60 * 1000,
  jsonBodyTimeoutMs: 10 * 60 * 1000,
};

/** Every key of `defaults`, optional, a positive integer up to its maximum. */
function numbersOf<T extends Record<string, number>>(defaults: T, maxima: Partial<T> = {}) {
  return optionsObject(
    Object.fromEntries(Object.keys(defaults).map((key) => [key, v.optional(positiveInteger(maxima[key]))])) as Record<
      keyof T,
      v.OptionalSchema<ReturnType<typeof positiveInteger>, undefined>
    >,
  );
}

const isOrigin = (value: unknown): boolean => {
  if (typeof value !== 'string') return false;
  try {
    return new URL(value).origin === value;
  } catch {
    return false;
  }
};

const SECRETS_MESSAGE = 'must be a string of at least 32 characters (or a non-empty list of them, newest first)';
const isSecret = (value: unknown): value is string => typeof value === 'string' && value.length >= 32;

/** `berbixCapture(options)` as data: what each option must be. Defaults are filled in by {@link resolveOptions}. */
const OptionsSchema = optionsObject({
  client: v.optional(v.instance(BerbixClient, 'must be a BerbixClient')),
  store: v.optional(
    v.custom<SessionStore | TokenStore>(isStore, 'must implement get, set, delete and transition (see SessionStore)'),
  ),
  secret: v.custom<string | readonly string[]>(
    (value) => isSecret(value) || (Array.isArray(value) && value.length > 0 && value.every(isSecret)),
    SECRETS_MESSAGE,
  ),
  transaction: callback<BerbixCaptureOptions['transaction']>('(req) => ({ customerUid, templateKey })'),
  onComplete: v.optional(callback<NonNullable<BerbixCaptureOptions['onComplete']>>('(result, req) => Promise<void>')),
  allowedOrigins: v.optional(
    v.custom<readonly string[]>(
      (value) => Array.isArray(value) && value.every(isOrigin),
      'must be an array of origins such as "https://shop.example"',
    ),
  ),
  limits: v.optional(numbersOf(DEFAULT_LIMITS, LIMIT_MAXIMA)),
  // `false` (budgets off) is taken out before reading, so a bad budget is named precisely.
  rateLimit: v.optional(numbersOf(DEFAULT_RATE_LIMITS)),
  cookie: v.optional(
    optionsObject({
      name: v.optional(
        v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1-64 letters, digits, "_" or "-"')),
      ),
    }),
  ),
  sessionTtlMs: v.optional(positiveInteger()),
  uploadLeaseMs: v.optional(positiveInteger()),
  handoff: v.optional(v.boolean('must be true or false')),
  handoffUrl: v.optional(
    v.custom<string | ((req: Request) => string)>(
      (value) => typeof value === 'function' || isHttpUrl(value),
      'must be an http(s) URL or a function (req) => URL',
    ),
  ),
  handoffTtlMs: v.optional(positiveInteger(60 * 60 * 1000)),
});

/** The keys allowed at each level, for the message about an unknown one. */
function allowedAt(path: string): readonly string[] {
  if (path === 'limits') return Object.keys(DEFAULT_LIMITS);
  if (path === 'rateLimit') return Object.keys(DEFAULT_RATE_LIMITS);
  if (path === 'cookie') return ['name'];
  return Object.keys(OptionsSchema.pipe[1].entries);
}

/** Bad configuration throws a TypeError at start-up, never at request time. */
export function resolveOptions(options: BerbixCaptureOptions): ResolvedOptions {
  const budgetsOff = typeof options === 'object' && options !== null && options.rateLimit === false;
  const given = readOptions(
    OptionsSchema,
    budgetsOff ? { ...options, rateLimit: undefined } : options,
    'berbixCapture',
    allowedAt,
  );
  const rateLimit = budgetsOff ? null : { ...DEFAULT_RATE_LIMITS, ...definedOf(given.rateLimit) };
  return {
    client: given.client ?? BerbixClient.fromEnv(),
    store: given.store ?? memoryStore(),
    secrets: Object.freeze(typeof given.secret === 'string' ? [given.secret] : [...given.secret]),
    transaction: given.transaction,
    onComplete: given.onComplete ?? null,
    allowedOrigins: given.allowedOrigins ? Object.freeze([...given.allowedOrigins]) : null,
    limits: { ...DEFAULT_LIMITS, ...definedOf(given.limits) },
    rateLimit,
    cookieName: given.cookie?.name ?? 'berbix_session',
    sessionTtlMs: given.sessionTtlMs ?? 60 * 60 * 1000,
    uploadLeaseMs: given.uploadLeaseMs ?? 2 * 60 * 1000,
    handoff: {
      enabled: given.handoff ?? true,
      url: given.handoffUrl ?? null,
      ttlMs: given.handoffTtlMs ?? 10 * 60 * 1000,
      // The claim budget, always on: see `RateLimits.handoffClaimsPerIp`.
      claimsPerIp: (rateLimit ?? DEFAULT_RATE_LIMITS).handoffClaimsPerIp,
      claimWindowMs: (rateLimit ?? DEFAULT_RATE_LIMITS).windowMs,
    },
  };
}

/** The entries that were given (an explicit `undefined` keeps the default). */
function definedOf<T extends object>(value: T | undefined): Partial<T> {
  if (!value) return {};
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as Partial<T>;
}

/** A {@link SessionStore}, or a store of the deprecated update-only shape. */
function isStore(store: unknown): store is SessionStore | TokenStore {
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
