import { isStep, type Step } from '@berbix-capture/protocol';

/** The plain-JSON form of {@link Tokens}, for stores. Round-trips through `JSON.stringify`. */
export interface TokensRecord {
  accessToken: string | null;
  clientToken: string | null;
  refreshToken: string;
  /** Decimal string: Berbix ids are 64-bit and would lose precision as a JS number. */
  transactionId: string | null;
  /** Epoch ms when the access and client tokens expire, or null when unknown (forces a refresh). */
  expiresAt: number | null;
  /**
   * Epoch ms from which the tokens count as stale and are refreshed before use. Absent in records
   * written by older versions: then `expiresAt` minus {@link DEFAULT_REFRESH_MARGIN_MS}.
   */
  refreshAt?: number | null;
  firstStep: Step | null;
  /** For hosted transactions: the URL to send the person to. */
  hostedUrl?: string | null;
}

/** Refresh this long before expiry at most, so a token does not expire in flight. */
export const DEFAULT_REFRESH_MARGIN_MS = 30_000;
/** ...and at most this share of the token's lifetime, so short-lived tokens are still used. */
const MAX_MARGIN_SHARE = 0.25;

/** Module-private: only the client may change a `Tokens` in place. */
export const APPLY = Symbol('Tokens.apply');

/**
 * The tokens of one Berbix transaction, held the way Berbix's own SDKs hold them: a mutable holder
 * that the client refreshes IN PLACE. After any call the same object carries the freshest tokens;
 * compare `toRecord()` before and after a call to know whether to persist it.
 *
 * Never log one: `toString()` and `util.inspect` show only the transaction id, and `toJSON()` is
 * deliberately absent so `JSON.stringify(tokens)` yields `{}` rather than secrets; use `toRecord()`
 * on purpose when storing.
 */
export class Tokens {
  #record: TokensRecord;
  #response: unknown;

  constructor(record: TokensRecord, response?: unknown) {
    this.#record = checkRecord(record);
    this.#response = response;
  }

  get accessToken(): string | null {
    return this.#record.accessToken;
  }
  get clientToken(): string | null {
    return this.#record.clientToken;
  }
  get refreshToken(): string {
    return this.#record.refreshToken;
  }
  /** The 64-bit transaction id as a decimal string (use `BigInt(id)` for arithmetic). */
  get transactionId(): string | null {
    return this.#record.transactionId;
  }
  get expiresAt(): Date | null {
    return this.#record.expiresAt === null ? null : new Date(this.#record.expiresAt);
  }
  get firstStep(): Step | null {
    return this.#record.firstStep;
  }
  get hostedUrl(): string | null {
    return this.#record.hostedUrl ?? null;
  }
  /** The raw answer of the last creation or refresh, when these tokens came from one. It holds the tokens: never log it. */
  get response(): unknown {
    return this.#response;
  }

  /** Tokens that know only their refresh token: the first call refreshes them. */
  static fromRefresh(refreshToken: string): Tokens {
    if (typeof refreshToken !== 'string' || refreshToken === '') {
      throw new TypeError('Tokens.fromRefresh needs a non-empty refresh token');
    }
    return new Tokens({
      accessToken: null,
      clientToken: null,
      refreshToken,
      transactionId: null,
      expiresAt: null,
      firstStep: null,
    });
  }

  /** Rebuilds tokens from {@link Tokens.toRecord}'s output; throws a `TypeError` on a malformed record. */
  static fromRecord(record: TokensRecord): Tokens {
    return new Tokens(record);
  }

  toRecord(): TokensRecord {
    return { ...this.#record };
  }

  /** True when the access or client token is missing, or within the refresh margin of expiry. */
  needsRefresh(now = Date.now()): boolean {
    const { accessToken, clientToken, expiresAt, refreshAt } = this.#record;
    if (!accessToken || !clientToken || expiresAt === null) return true;
    return now >= (refreshAt ?? expiresAt - DEFAULT_REFRESH_MARGIN_MS);
  }

  /** @internal Replaces the held tokens with fresher ones (the client calls this after a refresh). */
  [APPLY](record: TokensRecord, response: unknown): void {
    this.#record = checkRecord(record);
    this.#response = response;
  }

  /** Keeps secrets out of logs and error reports. */
  toString(): string {
    return `Tokens(transaction ${this.transactionId ?? 'unknown'})`;
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}

/** When to refresh tokens that live `lifetimeMs` from `now`: a margin before expiry, never most of the lifetime. */
export function refreshTimeFor(now: number, lifetimeMs: number): number {
  return now + lifetimeMs - Math.min(DEFAULT_REFRESH_MARGIN_MS, lifetimeMs * MAX_MARGIN_SHARE);
}

const optionalString = (value: unknown) => value === null || value === undefined || typeof value === 'string';
const optionalTime = (value: unknown) => value === null || value === undefined || Number.isFinite(value);

function checkRecord(record: TokensRecord): TokensRecord {
  if (!record || typeof record !== 'object') throw new TypeError('a tokens record must be an object');
  if (typeof record.refreshToken !== 'string' || record.refreshToken === '') {
    throw new TypeError('a tokens record needs a refreshToken');
  }
  if (!optionalString(record.accessToken) || !optionalString(record.clientToken)) {
    throw new TypeError('accessToken and clientToken must be strings or null');
  }
  if (
    !(
      record.transactionId === null ||
      record.transactionId === undefined ||
      (typeof record.transactionId === 'string' && /^\d{1,20}$/.test(record.transactionId))
    )
  ) {
    throw new TypeError('transactionId must be a decimal string or null');
  }
  if (!optionalTime(record.expiresAt) || !optionalTime(record.refreshAt)) {
    throw new TypeError('expiresAt and refreshAt must be epoch milliseconds or null');
  }
  if (!(record.firstStep === null || record.firstStep === undefined || isStep(record.firstStep))) {
    throw new TypeError('firstStep must be a known step or null');
  }
  if (!optionalString(record.hostedUrl)) throw new TypeError('hostedUrl must be a string or null');
  return {
    accessToken: record.accessToken ?? null,
    clientToken: record.clientToken ?? null,
    refreshToken: record.refreshToken,
    transactionId: record.transactionId ?? null,
    expiresAt: record.expiresAt ?? null,
    ...(record.refreshAt != null && { refreshAt: record.refreshAt }),
    firstStep: record.firstStep ?? null,
    ...(record.hostedUrl != null && { hostedUrl: record.hostedUrl }),
  };
}
