import type { UploadResponse } from '@berbix-capture/protocol';
import type {
  CreateTransactionRequest,
  OverrideTransactionRequest,
  TransactionMetadata,
  UpdateTransactionRequest,
} from '@berbix-capture/protocol/berbix';
import { abandonOnAbort } from './abandon.js';
import { metadataFrom, type TokensResult, tokensFrom, uploadResponseFrom } from './answers.js';
import { type BerbixClientOptions, clientSettings } from './client-options.js';
import { BerbixAuthenticationError } from './errors.js';
import {
  ApiOnlyTransactionOptionsSchema,
  checkOptions,
  HostedTransactionOptionsSchema,
  OverrideTransactionOptionsSchema,
  TransactionOptionsSchema,
  UpdateTransactionOptionsSchema,
} from './options.js';
import { APPLY, Tokens } from './tokens.js';
import {
  type ApiAnswer,
  type ApiRequest,
  checkRequestOptions,
  type RequestOptions,
  send,
  type TransportConfig,
} from './transport.js';
import type {
  ApiOnlyTransactionOptions,
  HostedTransactionOptions,
  OverrideTransactionOptions,
  TransactionOptions,
  UpdateTransactionOptions,
  UploadImage,
} from './types.js';
import { idScanUploadBody, imagesUploadBody } from './uploads.js';

export type { BerbixClientOptions } from './client-options.js';

/** The result of one refresh, shared by every call that waited for it. */
type RefreshResult = TokensResult;

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
    const settings = clientSettings(options);
    this.apiHost = settings.apiHost;
    this.timeoutMs = settings.timeoutMs;
    this.maxRetries = settings.maxRetries;
    this.userAgent = settings.userAgent;
    const basic = Buffer.from(`${settings.apiSecret}:`).toString('base64');
    this.#basicAuthorization = `Basic ${basic}`;
    this.#secrets = [settings.apiSecret, basic];
    this.#transport = {
      apiHost: this.apiHost,
      fetch: settings.fetch ?? globalThis.fetch,
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
    const checked = checkOptions(TransactionOptionsSchema, options, 'transaction options must be an object');
    return this.#createTransaction(creationBody(checked), requestOptions);
  }

  /** Creates a transaction for the API-only flow; the tokens carry `firstStep`. */
  async createApiOnlyTransaction(options: ApiOnlyTransactionOptions, requestOptions?: RequestOptions): Promise<Tokens> {
    const checked = checkOptions(ApiOnlyTransactionOptionsSchema, options, 'transaction options must be an object');
    const api_only_options = givenOnly({ id_country: checked.idCountry, id_type: checked.idType });
    return this.#createTransaction({ ...creationBody(checked), api_only_options }, requestOptions);
  }

  /** Creates a transaction for Berbix's hosted flow; the tokens carry `hostedUrl`. */
  async createHostedTransaction(options: HostedTransactionOptions, requestOptions?: RequestOptions): Promise<Tokens> {
    const checked = checkOptions(HostedTransactionOptionsSchema, options, 'transaction options must be an object');
    const hosted_options = givenOnly({ completion_email: checked.completionEmail, redirect_url: checked.redirectUrl });
    return this.#createTransaction({ ...creationBody(checked), hosted_options }, requestOptions);
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
    const { action, note } = checkOptions(
      UpdateTransactionOptionsSchema,
      update,
      'updateTransaction needs {action?, note?}',
    );
    const body: UpdateTransactionRequest = {
      ...(action !== undefined && { action }),
      ...(note !== undefined && { note }),
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
    const checked = checkOptions(
      OverrideTransactionOptionsSchema,
      override,
      'overrideTransaction needs an options object',
    );
    // A payload name the contract does not list yet is passed through: Berbix judges it (400).
    const body = {
      ...(checked.responsePayload !== undefined && { response_payload: checked.responsePayload }),
      ...(checked.flags !== undefined && { flags: checked.flags }),
      ...(checked.overrideFields !== undefined && { override_fields: checked.overrideFields }),
    } as OverrideTransactionRequest;
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
    body: CreateTransactionRequest,
    requestOptions: RequestOptions | undefined,
  ): Promise<Tokens> {
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

function checkTokens(tokens: unknown): asserts tokens is Tokens {
  if (!(tokens instanceof Tokens)) throw new TypeError('tokens must be a Tokens instance (see Tokens.fromRecord)');
}

/** `fields` without the ones that were not given (a wire object never carries `undefined`). */
function givenOnly<T extends Record<string, unknown>>(fields: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], undefined>;
  };
}

/** The fields every kind of creation sends, from the checked options. */
function creationBody(options: TransactionOptions): CreateTransactionRequest {
  const consents = options.consentsToAutomatedFacialRecognition;
  return {
    customer_uid: options.customerUid,
    template_key: options.templateKey,
    ...(options.email !== undefined && { email: options.email }),
    ...(options.phone !== undefined && { phone: options.phone }),
    ...(consents !== undefined && { consents_to_automated_facial_recognition: consents }),
  };
}
