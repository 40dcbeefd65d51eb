import { type IdType, isStep, type Step } from '@berbix-capture/protocol';
import { BerbixConnectionError, BerbixError, errorFromResponse } from './errors.js';
import { idString, parseJsonExact } from './json.js';
import { Tokens } from './tokens.js';

export const SDK_NAME = 'BerbixCapture';
export const SDK_VERSION = '0.1.0';
export const DEFAULT_API_HOST = 'https://api.berbix.com';

export interface BerbixClientOptions {
  apiSecret: string;
  /** Base URL; must be HTTPS unless it points at localhost. */
  apiHost?: string;
  timeoutMs?: number;
  maxRetries?: number;
  fetch?: typeof fetch;
  appInfo?: { name: string; version?: string };
}

const ALLOWED_OPTIONS = ['apiSecret', 'apiHost', 'timeoutMs', 'maxRetries', 'fetch', 'appInfo'] as const;

export interface TransactionOptions {
  customerUid: string;
  templateKey: string;
  email?: string;
  phone?: string;
  consentsToAutomatedFacialRecognition?: boolean;
}

export interface ApiOnlyTransactionOptions extends TransactionOptions {
  idCountry?: string;
  idType?: IdType;
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Refuses plain HTTP anywhere but the local machine: tokens and images travel on this link. */
function checkApiHost(apiHost: string): string {
  let url: URL;
  try {
    url = new URL(apiHost);
  } catch {
    throw new TypeError(`apiHost is not a URL: ${JSON.stringify(apiHost)}`);
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname))) {
    throw new TypeError('apiHost must use https (plain http is allowed only for localhost)');
  }
  return url.origin;
}

/**
 * A Berbix v0 API client. One request path with an injectable `fetch` and a per-request timeout.
 */
export class BerbixClient {
  readonly apiHost: string;
  readonly timeoutMs: number;
  readonly maxRetries: number;
  readonly userAgent: string;
  private readonly authorization: string;
  private readonly fetchImpl: typeof fetch;

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
    this.apiHost = checkApiHost(options.apiHost ?? DEFAULT_API_HOST);
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.maxRetries = options.maxRetries ?? 2;
    this.fetchImpl = options.fetch ?? globalThis.fetch;
    const app = options.appInfo
      ? ` ${options.appInfo.name}${options.appInfo.version ? `/${options.appInfo.version}` : ''}`
      : '';
    this.userAgent = `${SDK_NAME}/${SDK_VERSION}${app}`;
    this.authorization = `Basic ${Buffer.from(`${options.apiSecret}:`).toString('base64')}`;
  }

  /** Builds a client from `BERBIX_API_SECRET` and, when set, `BERBIX_API_HOST`. */
  static fromEnv(env: NodeJS.ProcessEnv = process.env): BerbixClient {
    const apiSecret = env.BERBIX_API_SECRET;
    if (!apiSecret) throw new TypeError('BERBIX_API_SECRET is not set');
    return new BerbixClient({ apiSecret, ...(env.BERBIX_API_HOST && { apiHost: env.BERBIX_API_HOST }) });
  }

  /** Creates a transaction for the API-only flow; the answer carries `firstStep`. */
  async createApiOnlyTransaction(options: ApiOnlyTransactionOptions): Promise<Tokens> {
    const { idCountry, idType, ...rest } = options;
    return this.createTransactionWith(rest, {
      api_only_options: {
        ...(idCountry !== undefined && { id_country: idCountry }),
        ...(idType !== undefined && { id_type: idType }),
      },
    });
  }

  private async createTransactionWith(options: TransactionOptions, extra: Record<string, unknown>): Promise<Tokens> {
    if (!options.customerUid) throw new TypeError('customerUid is required');
    if (!options.templateKey) throw new TypeError('templateKey is required');
    const body = {
      customer_uid: options.customerUid,
      template_key: options.templateKey,
      ...(options.email !== undefined && { email: options.email }),
      ...(options.phone !== undefined && { phone: options.phone }),
      ...(options.consentsToAutomatedFacialRecognition !== undefined && {
        consents_to_automated_facial_recognition: options.consentsToAutomatedFacialRecognition,
      }),
      ...extra,
    };
    const answer = await this.request('POST', '/v0/transactions', { authorization: this.authorization, body });
    return tokensFromAnswer(answer);
  }

  private async request(
    method: string,
    path: string,
    init: { authorization: string; body?: unknown },
  ): Promise<Record<string, unknown>> {
    const signal = AbortSignal.timeout(this.timeoutMs);
    let response: Response;
    try {
      response = await this.fetchImpl(`${this.apiHost}${path}`, {
        method,
        headers: {
          authorization: init.authorization,
          'user-agent': this.userAgent,
          accept: 'application/json',
          ...(init.body !== undefined && { 'content-type': 'application/json' }),
        },
        ...(init.body !== undefined && { body: JSON.stringify(init.body) }),
        signal,
      });
    } catch (cause) {
      throw new BerbixConnectionError(`could not reach Berbix at ${this.apiHost}`, { cause });
    }
    const requestId = response.headers.get('x-request-id') ?? undefined;
    const text = await response.text();
    let body: unknown = null;
    if (text !== '') {
      try {
        body = parseJsonExact(text);
      } catch {
        body = null;
      }
    }
    if (!response.ok) throw errorFromResponse(response.status, body, requestId);
    if (!body || typeof body !== 'object') {
      throw new BerbixError('Berbix answered with a body that is not a JSON object', {
        statusCode: response.status,
        ...(requestId !== undefined && { requestId }),
      });
    }
    return body as Record<string, unknown>;
  }
}

function tokensFromAnswer(answer: Record<string, unknown>, previous?: Tokens): Tokens {
  const str = (key: string) => (typeof answer[key] === 'string' ? (answer[key] as string) : null);
  const refreshToken = str('refresh_token') ?? previous?.refreshToken;
  const expiresIn = typeof answer.expires_in === 'number' ? answer.expires_in : null;
  if (!str('access_token') || !str('client_token') || !refreshToken) {
    throw new BerbixError('Berbix answered without the expected tokens', { raw: undefined });
  }
  const firstStep: Step | null = isStep(answer.first_step) ? answer.first_step : (previous?.firstStep ?? null);
  return new Tokens(
    {
      accessToken: str('access_token'),
      clientToken: str('client_token'),
      refreshToken,
      transactionId: idString(answer.transaction_id) ?? previous?.transactionId ?? null,
      expiresAt: expiresIn === null ? null : Date.now() + expiresIn * 1000,
      firstStep,
    },
    answer,
  );
}
