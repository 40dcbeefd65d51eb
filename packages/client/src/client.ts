import { isCountryCode, isIdType, isStep, type UploadResponse } from '@berbix-capture/protocol';
import { BerbixAbortError, BerbixAPIError, BerbixAuthenticationError } from './errors.js';
import { idString } from './json.js';
import { APPLY, refreshTimeFor, Tokens, type TokensRecord } from './tokens.js';
import {
  type ApiAnswer,
  type ApiRequest,
  checkMaxRetries,
  checkRequestOptions,
  checkTimeout,
  type RequestOptions,
  send,
  type TransportConfig,
} from './transport.js';
import type {
  ApiOnlyTransactionOptions,
  HostedTransactionOptions,
  OverrideTransactionOptions,
  TransactionMetadata,
  TransactionOptions,
  UpdateTransactionOptions,
  UploadImage,
} from './types.js';
import { idScanUploadBody, imagesUploadBody, uploadResponseFrom } from './uploads.js';

export const SDK_NAME = 'BerbixCapture';
export const SDK_VERSION = '0.1.0';
export const DEFAULT_API_HOST = 'https://api.berbix.com';
export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_RETRIES = 2;

export interface BerbixClientOptions {
  /** Your Berbix API secret (`secret_live_…` / `secret_test_…`). */
  apiSecret: string;
  /** Base URL (a path prefix is kept); must be HTTPS unless it points at localhost, 127.0.0.1 or ::1. */
  apiHost?: string;
  /** Per-attempt timeout in ms (default 30 s). */
  timeoutMs?: number;
  /** Retries after the first attempt, 0 to 10 (default 2). */
  maxRetries?: number;
  /** A WHATWG `fetch`, e.g. undici's with an `Agent` that trusts a private CA. */
  fetch?: typeof fetch;
  /** Your application, appended to the `User-Agent`. */
  appInfo?: { name: string; version?: string };
}

const ALLOWED_OPTIONS = ['apiSecret', 'apiHost', 'timeoutMs', 'maxRetries', 'fetch', 'appInfo'] as const;
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);
/** RFC 7230 token characters, so appInfo cannot inject header syntax. */
const UA_TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}$/;

/** Refuses plain HTTP anywhere but the local machine: tokens and images travel on this link. */
function checkApiHost(apiHost: unknown): string {
  if (typeof apiHost !== 'string') throw new TypeError('apiHost must be a string');
  let url: URL;
  try {
    url = new URL(apiHost);
  } catch {
    throw new TypeError('apiHost is not a URL');
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname))) {
    throw new TypeError('apiHost must use https (plain http is allowed only for localhost)');
  }
  if (url.username || url.password) throw new TypeError('apiHost must not carry credentials');
  if (url.search || url.hash) throw new TypeError('apiHost must not have a query or fragment');
  // A path prefix (a gateway in front of Berbix) is kept; paths such as /v0/... are appended to it.
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

function userAgentFor(appInfo: BerbixClientOptions['appInfo']): string {
  const own = `${SDK_NAME}/${SDK_VERSION}`;
  if (appInfo === undefined) return own;
  if (!appInfo || typeof appInfo !== 'object' || !UA_TOKEN.test(appInfo.name ?? '')) {
    throw new TypeError('appInfo.name must be a short token (letters, digits, -._~ and the like)');
  }
  if (appInfo.version !== undefined && !UA_TOKEN.test(appInfo.version)) {
    throw new TypeError('appInfo.version must be a short token');
  }
  return `${own} ${appInfo.name}${appInfo.version ? `/${appInfo.version}` : ''}`;
}

/** The result of one refresh, shared by every call that waited for it. */
interface RefreshResult {
  record: TokensRecord;
  response: unknown;
}

/**
 * A Berbix v0 API client: transactions, token refresh, API-only uploads.
 *
 * Every call goes through one request path (transport.ts) with a per-attempt timeout and retries
 * that never replay a request that may have changed state (see README "Retries"). Token-authenticated
 * calls refresh the {@link Tokens} they are given IN PLACE when the access token is missing or about
 * to expire, and once more after a 401; concurrent calls on the same refresh token share a single
 * refresh. Every method takes per-call {@link RequestOptions} last.
 *
 * Errors are {@link BerbixError} subclasses; their messages never contain a token or the secret.
 */
export class BerbixClient {
  readonly apiHost: string;
  readonly timeoutMs: number;
  readonly maxRetries: number;
  readonly userAgent: string;
  readonly #basicAuthorization: string;
  readonly #secrets: readonly string[];
  readonly #transport: TransportConfig;
  /** In-flight refreshes keyed by refresh token: the single flight. */
  readonly #refreshing = new Map<string, Promise<RefreshResult>>();

  constructor(options: BerbixClientOptions) {
    if (!options || typeof options !== 'object') throw new TypeError('BerbixClient needs an options object');
    const unknown = Object.keys(options).filter((key) => !(ALLOWED_OPTIONS as readonly string[]).includes(key));
    if (unknown.length > 0) {
      throw new TypeError(
        `unknown BerbixClient option(s) ${unknown.join(', ')}; allowed: ${ALLOWED_OPTIONS.join(', ')}`,
      );
    }
    if (typeof options.apiSecret !== 'string' || options.apiSecret === '') {
      throw new TypeError('apiSecret is required');
    }
    if (options.fetch !== undefined && typeof options.fetch !== 'function')
      throw new TypeError('fetch must be a function');
    this.apiHost = checkApiHost(options.apiHost ?? DEFAULT_API_HOST);
    this.timeoutMs =
      options.timeoutMs === undefined ? DEFAULT_TIMEOUT_MS : checkTimeout(options.timeoutMs, 'timeoutMs');
    this.maxRetries =
      options.maxRetries === undefined ? DEFAULT_MAX_RETRIES : checkMaxRetries(options.maxRetries, 'maxRetries');
    this.userAgent = userAgentFor(options.appInfo);
    const basic = Buffer.from(`${options.apiSecret}:`).toString('base64');
    this.#basicAuthorization = `Basic ${basic}`;
    this.#secrets = [options.apiSecret, basic];
    this.#transport = {
      apiHost: this.apiHost,
      fetch: options.fetch ?? globalThis.fetch,
      timeoutMs: this.timeoutMs,
      maxRetries: this.maxRetries,
      userAgent: this.userAgent,
    };
  }

  /**
   * Builds a client from `BERBIX_API_SECRET` and, when set, `BERBIX_API_HOST`. Other options (timeouts,
   * `fetch`, `appInfo`) come from `options`.
   */
  static fromEnv(
    env: Record<string, string | undefined> = process.env,
    options: Omit<BerbixClientOptions, 'apiSecret' | 'apiHost'> = {},
  ): BerbixClient {
    const apiSecret = env.BERBIX_API_SECRET?.trim();
    if (!apiSecret) throw new TypeError('BERBIX_API_SECRET is not set');
    const apiHost = env.BERBIX_API_HOST?.trim();
    return new BerbixClient({ ...options, apiSecret, ...(apiHost && { apiHost }) });
  }

  /** Creates a plain transaction. */
  async createTransaction(options: TransactionOptions, requestOptions?: RequestOptions): Promise<Tokens> {
    return this.#createTransaction(options, {}, requestOptions);
  }

  /** Creates a transaction for the API-only flow; the tokens carry `firstStep`. */
  async createApiOnlyTransaction(options: ApiOnlyTransactionOptions, requestOptions?: RequestOptions): Promise<Tokens> {
    const { idCountry, idType, ...rest } = options ?? ({} as ApiOnlyTransactionOptions);
    if (idType !== undefined && !isIdType(idType)) throw new TypeError('idType must be one of P, DL, PRC, PC, ID');
    if (idCountry !== undefined && !isCountryCode(idCountry)) {
      throw new TypeError('idCountry must be an ISO 3166-1 alpha-2 code such as US');
    }
    return this.#createTransaction(
      rest,
      {
        api_only_options: {
          ...(idCountry !== undefined && { id_country: idCountry }),
          ...(idType !== undefined && { id_type: idType }),
        },
      },
      requestOptions,
    );
  }

  /** Creates a transaction for Berbix's hosted flow; the tokens carry `hostedUrl`. */
  async createHostedTransaction(options: HostedTransactionOptions, requestOptions?: RequestOptions): Promise<Tokens> {
    const { completionEmail, redirectUrl, ...rest } = options ?? ({} as HostedTransactionOptions);
    optionalString(completionEmail, 'completionEmail');
    optionalString(redirectUrl, 'redirectUrl');
    return this.#createTransaction(
      rest,
      {
        hosted_options: {
          ...(completionEmail !== undefined && { completion_email: completionEmail }),
          ...(redirectUrl !== undefined && { redirect_url: redirectUrl }),
        },
      },
      requestOptions,
    );
  }

  /**
   * Refreshes `tokens` in place and returns the same object. Joins a refresh already in flight for
   * the same refresh token instead of starting another.
   */
  async refreshTokens(tokens: Tokens, requestOptions?: RequestOptions): Promise<Tokens> {
    checkTokens(tokens);
    await this.#refresh(tokens, checkRequestOptions(requestOptions));
    return tokens;
  }

  /** `GET /v0/transactions`: the transaction's metadata, fields and flags. */
  async fetchTransaction(tokens: Tokens, requestOptions?: RequestOptions): Promise<TransactionMetadata> {
    const answer = await this.#withTokens(tokens, 'access', requestOptions, (authorization, secrets) => ({
      method: 'GET',
      path: '/v0/transactions',
      authorization,
      policy: 'idempotent',
      secrets,
    }));
    return metadataFrom(answer);
  }

  /** `PATCH /v0/transactions`: records your decision (`action`) and a note. */
  async updateTransaction(
    tokens: Tokens,
    update: UpdateTransactionOptions,
    requestOptions?: RequestOptions,
  ): Promise<TransactionMetadata> {
    if (!update || typeof update !== 'object') throw new TypeError('updateTransaction needs {action?, note?}');
    optionalString(update.action, 'action');
    optionalString(update.note, 'note');
    const body = {
      ...(update.action !== undefined && { action: update.action }),
      ...(update.note !== undefined && { note: update.note }),
    };
    const answer = await this.#withTokens(tokens, 'access', requestOptions, (authorization, secrets) => ({
      method: 'PATCH',
      path: '/v0/transactions',
      authorization,
      body,
      // Setting the same action and note twice leaves the same state.
      policy: 'idempotent',
      secrets,
    }));
    return metadataFrom(answer);
  }

  /** `PATCH /v0/transactions/override` (test mode): makes the transaction complete with the given outcome. */
  async overrideTransaction(
    tokens: Tokens,
    override: OverrideTransactionOptions,
    requestOptions?: RequestOptions,
  ): Promise<void> {
    if (!override || typeof override !== 'object') throw new TypeError('overrideTransaction needs an options object');
    optionalString(override.responsePayload, 'responsePayload');
    if (
      override.flags !== undefined &&
      !(Array.isArray(override.flags) && override.flags.every((f) => typeof f === 'string'))
    ) {
      throw new TypeError('flags must be an array of strings');
    }
    if (
      override.overrideFields !== undefined &&
      (override.overrideFields === null ||
        typeof override.overrideFields !== 'object' ||
        !Object.values(override.overrideFields).every((v) => typeof v === 'string'))
    ) {
      throw new TypeError('overrideFields must map field names to strings');
    }
    const body = {
      ...(override.responsePayload !== undefined && { response_payload: override.responsePayload }),
      ...(override.flags !== undefined && { flags: override.flags }),
      ...(override.overrideFields !== undefined && { override_fields: override.overrideFields }),
    };
    await this.#withTokens(tokens, 'access', requestOptions, (authorization, secrets) => ({
      method: 'PATCH',
      path: '/v0/transactions/override',
      authorization,
      body,
      policy: 'idempotent',
      secrets,
    }));
  }

  /** `DELETE /v0/transactions`. */
  async deleteTransaction(tokens: Tokens, requestOptions?: RequestOptions): Promise<void> {
    await this.#withTokens(tokens, 'access', requestOptions, (authorization, secrets) => ({
      method: 'DELETE',
      path: '/v0/transactions',
      authorization,
      policy: 'idempotent',
      secrets,
    }));
  }

  /**
   * `POST /v0/images/upload` with the client token. Validates the images first (format by magic
   * bytes, subject, size). Retried only when Berbix provably did not apply it; otherwise a failure
   * is a {@link BerbixConnectionError} whose `mayHaveReachedServer` tells whether to resync.
   * A 409 throws {@link BerbixConflictError} carrying `nextStep`; a 410 {@link BerbixGoneError}.
   */
  async uploadImages(
    tokens: Tokens,
    images: readonly UploadImage[],
    requestOptions?: RequestOptions,
  ): Promise<UploadResponse> {
    const body = imagesUploadBody(images);
    return this.#upload(tokens, '/v0/images/upload', body, requestOptions);
  }

  /** `POST /v0/idscans/upload`: a PDF417 payload read by scanner hardware. Same answers as uploadImages. */
  async uploadIdScan(
    tokens: Tokens,
    pdf417: Uint8Array | string,
    requestOptions?: RequestOptions,
  ): Promise<UploadResponse> {
    return this.#upload(tokens, '/v0/idscans/upload', idScanUploadBody(pdf417), requestOptions);
  }

  async #upload(
    tokens: Tokens,
    path: string,
    body: unknown,
    requestOptions: RequestOptions | undefined,
  ): Promise<UploadResponse> {
    const answer = await this.#withTokens(tokens, 'client', requestOptions, (authorization, secrets) => ({
      method: 'POST',
      path,
      authorization,
      body,
      policy: 'unsafe',
      secrets,
    }));
    return uploadResponseFrom(answer.body, answer.requestId, answer.status);
  }

  async #createTransaction(
    options: TransactionOptions,
    extra: Record<string, unknown>,
    requestOptions: RequestOptions | undefined,
  ): Promise<Tokens> {
    if (!options || typeof options !== 'object') throw new TypeError('transaction options must be an object');
    requiredString(options.customerUid, 'customerUid');
    requiredString(options.templateKey, 'templateKey');
    optionalString(options.email, 'email');
    optionalString(options.phone, 'phone');
    const consents = options.consentsToAutomatedFacialRecognition;
    if (consents !== undefined && typeof consents !== 'boolean') {
      throw new TypeError('consentsToAutomatedFacialRecognition must be a boolean');
    }
    const body = {
      customer_uid: options.customerUid,
      template_key: options.templateKey,
      ...(options.email !== undefined && { email: options.email }),
      ...(options.phone !== undefined && { phone: options.phone }),
      ...(consents !== undefined && { consents_to_automated_facial_recognition: consents }),
      ...extra,
    };
    const answer = await send(
      this.#transport,
      {
        method: 'POST',
        path: '/v0/transactions',
        authorization: this.#basicAuthorization,
        body,
        // A replay after a lost answer would create a second transaction for the same person.
        policy: 'unsafe',
        secrets: this.#secrets,
      },
      checkRequestOptions(requestOptions),
    );
    const { record, response } = tokensFrom(answer);
    return new Tokens(record, response);
  }

  /**
   * Runs a token-authenticated request: refresh first when needed, then once more after a 401 (a
   * 401 means the request was refused, so even an upload may be sent again).
   */
  async #withTokens(
    tokens: Tokens,
    which: 'access' | 'client',
    requestOptions: RequestOptions | undefined,
    build: (authorization: string, secrets: ReadonlyArray<string | null>) => ApiRequest,
  ): Promise<ApiAnswer> {
    checkTokens(tokens);
    const options = checkRequestOptions(requestOptions);
    if (tokens.needsRefresh()) await this.#refresh(tokens, options);
    const attempt = () => {
      const token = which === 'access' ? tokens.accessToken : tokens.clientToken;
      const secrets = [tokens.accessToken, tokens.clientToken, tokens.refreshToken, ...this.#secrets];
      return { token, run: send(this.#transport, build(`Bearer ${token ?? ''}`, secrets), options) };
    };
    const first = attempt();
    try {
      return await first.run;
    } catch (error) {
      if (!(error instanceof BerbixAuthenticationError)) throw error;
      // Another call may have refreshed meanwhile; refresh only if we still hold the refused token.
      const current = which === 'access' ? tokens.accessToken : tokens.clientToken;
      if (current === first.token) await this.#refresh(tokens, options);
      return await attempt().run;
    }
  }

  /** Refreshes `tokens` in place through the single flight. */
  async #refresh(tokens: Tokens, options: RequestOptions): Promise<void> {
    const refreshToken = tokens.refreshToken;
    let flight = this.#refreshing.get(refreshToken);
    if (!flight) {
      // The shared refresh must not die with one caller's signal: it runs on the client's timeout
      // and retries, and each caller stops waiting on its own signal below.
      flight = this.#requestRefresh(tokens, refreshToken, options.timeoutMs).finally(() => {
        this.#refreshing.delete(refreshToken);
      });
      this.#refreshing.set(refreshToken, flight);
    }
    const { record, response } = await abandonOnAbort(flight, options.signal);
    // Keep what only the creation knew (first step, hosted URL) and what the refresh left out.
    const previous = tokens.toRecord();
    tokens[APPLY](
      {
        ...record,
        transactionId: record.transactionId ?? previous.transactionId,
        firstStep: previous.firstStep,
        ...(previous.hostedUrl != null && { hostedUrl: previous.hostedUrl }),
      },
      response,
    );
  }

  async #requestRefresh(tokens: Tokens, refreshToken: string, timeoutMs: number | undefined): Promise<RefreshResult> {
    const answer = await send(
      this.#transport,
      {
        method: 'POST',
        path: '/v0/tokens',
        authorization: this.#basicAuthorization,
        body: { grant_type: 'refresh_token', refresh_token: refreshToken },
        // A refresh changes nothing that a second refresh would break.
        policy: 'idempotent',
        secrets: [refreshToken, tokens.accessToken, tokens.clientToken, ...this.#secrets],
      },
      timeoutMs === undefined ? {} : { timeoutMs },
    );
    return tokensFrom(answer, refreshToken);
  }
}

/** Reads a creation or refresh answer. Without access and client tokens the answer is unusable. */
function tokensFrom(answer: ApiAnswer, knownRefreshToken?: string): RefreshResult {
  const body = answer.body && typeof answer.body === 'object' ? (answer.body as Record<string, unknown>) : {};
  const str = (key: string) => (typeof body[key] === 'string' && body[key] !== '' ? (body[key] as string) : null);
  const accessToken = str('access_token');
  const clientToken = str('client_token');
  // Berbix may leave the refresh token out of a refresh answer: the one we hold stays valid.
  const refreshToken = str('refresh_token') ?? knownRefreshToken;
  if (!accessToken || !clientToken || !refreshToken) {
    throw new BerbixAPIError('Berbix answered without the expected tokens', {
      statusCode: answer.status,
      ...(answer.requestId !== undefined && { requestId: answer.requestId }),
    });
  }
  const expiresIn = body.expires_in;
  const now = Date.now();
  const lifetimeMs =
    typeof expiresIn === 'number' && Number.isFinite(expiresIn) && expiresIn >= 0 ? expiresIn * 1000 : null;
  return {
    record: {
      accessToken,
      clientToken,
      refreshToken,
      transactionId: idString(body.transaction_id),
      // Unknown lifetime: no expiry, so the next call refreshes first (safe, if slower).
      expiresAt: lifetimeMs === null ? null : now + lifetimeMs,
      refreshAt: lifetimeMs === null ? null : refreshTimeFor(now, lifetimeMs),
      firstStep: isStep(body.first_step) ? body.first_step : null,
      ...(typeof body.hosted_url === 'string' && { hostedUrl: body.hosted_url }),
    },
    response: answer.body,
  };
}

function metadataFrom(answer: ApiAnswer): TransactionMetadata {
  const body = answer.body;
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw new BerbixAPIError('Berbix answered the transaction lookup without a JSON object', {
      statusCode: answer.status,
      ...(answer.requestId !== undefined && { requestId: answer.requestId }),
    });
  }
  const record = body as Record<string, unknown>;
  const id = idString(record.id);
  if (id === null) {
    throw new BerbixAPIError('Berbix answered the transaction lookup without a transaction id', {
      statusCode: answer.status,
      ...(answer.requestId !== undefined && { requestId: answer.requestId }),
    });
  }
  const duplicates = Array.isArray(record.duplicates)
    ? record.duplicates.map((d) =>
        d && typeof d === 'object'
          ? { ...d, transaction_id: idString((d as Record<string, unknown>).transaction_id) }
          : d,
      )
    : record.duplicates;
  return {
    ...record,
    id,
    flags: Array.isArray(record.flags) ? record.flags : [],
    fields: record.fields && typeof record.fields === 'object' ? record.fields : {},
    ...(duplicates !== undefined && { duplicates }),
  } as TransactionMetadata;
}

function checkTokens(tokens: unknown): asserts tokens is Tokens {
  if (!(tokens instanceof Tokens)) throw new TypeError('tokens must be a Tokens instance (see Tokens.fromRecord)');
}

/**
 * Berbix documents no length limits; these keep a caller's bug (or a hostile value passed through)
 * from turning into a megabyte request. Ids, keys, emails, notes are all far shorter.
 */
const MAX_TEXT_LENGTH = 4096;

function optionalString(value: unknown, name: string): void {
  if (value === undefined) return;
  if (typeof value !== 'string') throw new TypeError(`${name} must be a string`);
  if (value.length > MAX_TEXT_LENGTH) throw new TypeError(`${name} must be at most ${MAX_TEXT_LENGTH} characters`);
}

function requiredString(value: unknown, name: string): void {
  if (typeof value !== 'string' || value === '') throw new TypeError(`${name} is required`);
  optionalString(value, name);
}

/** Waits for `promise`, but rejects as soon as `signal` aborts (the promise itself runs on). */
function abandonOnAbort<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  return new Promise<T>((resolve, reject) => {
    // The call itself was not sent yet: only the shared refresh was under way.
    const onAbort = () =>
      reject(
        new BerbixAbortError('the call was aborted by its caller', {
          mayHaveReachedServer: false,
          cause: signal.reason,
        }),
      );
    if (signal.aborted) {
      onAbort();
      return;
    }
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
