import type { Step } from '@berbix-capture/protocol';
import { stepSchema } from '@berbix-capture/protocol/berbix';
import * as v from 'valibot';
import { checkOptions } from './options.js';

/** `schema`, `null` or absent; read as null. */
const orNull = <TSchema extends v.GenericSchema>(schema: TSchema) => v.optional(v.nullable(schema), null);
const time = v.pipe(v.number('must be epoch milliseconds or null'), v.finite('must be epoch milliseconds or null'));

/** The plain-JSON form of {@link Tokens}, for stores, as a schema: the type below is derived from it. */
const TokensRecordSchema = v.object({
  accessToken: orNull(v.string('must be a string or null')),
  clientToken: orNull(v.string('must be a string or null')),
  refreshToken: v.pipe(v.string('is required'), v.nonEmpty('is required')),
  /** Decimal string: Berbix ids are 64-bit and would lose precision as a JS number. */
  transactionId: orNull(
    v.pipe(v.string('must be a decimal string or null'), v.regex(/^\d{1,20}$/, 'must be a decimal string or null')),
  ),
  /** Epoch ms when the access and client tokens expire, or null when unknown (forces a refresh). */
  expiresAt: orNull(time),
  /**
   * Epoch ms from which the tokens count as stale and are refreshed before use. Absent in records
   * written by older versions: then `expiresAt` minus {@link DEFAULT_REFRESH_MARGIN_MS}.
   */
  refreshAt: v.optional(v.nullable(time)),
  firstStep: orNull(stepSchema),
  /** For hosted transactions: the URL to send the person to. */
  hostedUrl: v.optional(v.nullable(v.string('must be a string or null'))),
});

/** The plain-JSON form of {@link Tokens}, for stores. Round-trips through `JSON.stringify`. */
export type TokensRecord = v.InferOutput<typeof TokensRecordSchema>;

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

/** Checks a record (a store's, so untrusted); throws a `TypeError` naming the first bad field. */
function checkRecord(record: TokensRecord): TokensRecord {
  const { refreshAt, hostedUrl, ...checked } = checkOptions(
    TokensRecordSchema,
    record,
    'a tokens record must be an object',
  );
  // Null and absent mean the same for these two: written only when set, as older versions did.
  return { ...checked, ...(refreshAt != null && { refreshAt }), ...(hostedUrl != null && { hostedUrl }) };
}
