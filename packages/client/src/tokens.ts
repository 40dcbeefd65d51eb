import type { Step } from '@berbix-capture/protocol';

/** The plain-JSON form of {@link Tokens}, for stores. */
export interface TokensRecord {
  accessToken: string | null;
  clientToken: string | null;
  refreshToken: string;
  /** Decimal string: Berbix ids are 64-bit and would lose precision as a JS number. */
  transactionId: string | null;
  /** Epoch milliseconds, or null when unknown (forces a refresh before use). */
  expiresAt: number | null;
  firstStep: Step | null;
}

/**
 * The tokens of one Berbix transaction. Immutable: a refresh yields a new instance. Never log one:
 * `toString()` and `toJSON()`-free inspection hide the secrets.
 */
export class Tokens {
  readonly accessToken: string | null;
  readonly clientToken: string | null;
  readonly refreshToken: string;
  readonly transactionId: string | null;
  readonly expiresAt: Date | null;
  readonly firstStep: Step | null;
  /** The raw answer these tokens came from, when they came from one. */
  readonly response: unknown;

  constructor(record: TokensRecord, response?: unknown) {
    this.accessToken = record.accessToken;
    this.clientToken = record.clientToken;
    this.refreshToken = record.refreshToken;
    this.transactionId = record.transactionId;
    this.expiresAt = record.expiresAt === null ? null : new Date(record.expiresAt);
    this.firstStep = record.firstStep;
    this.response = response;
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

  static fromRecord(record: TokensRecord): Tokens {
    if (!record || typeof record.refreshToken !== 'string' || record.refreshToken === '') {
      throw new TypeError('a tokens record needs a refreshToken');
    }
    return new Tokens(record);
  }

  toRecord(): TokensRecord {
    return {
      accessToken: this.accessToken,
      clientToken: this.clientToken,
      refreshToken: this.refreshToken,
      transactionId: this.transactionId,
      expiresAt: this.expiresAt?.getTime() ?? null,
      firstStep: this.firstStep,
    };
  }

  /** True when the access token is missing or expires within `marginMs`. */
  needsRefresh(now = Date.now(), marginMs = 30_000): boolean {
    return !this.accessToken || !this.clientToken || !this.expiresAt || this.expiresAt.getTime() - now <= marginMs;
  }

  /** Keeps secrets out of logs and error reports. */
  toString(): string {
    return `Tokens(transaction ${this.transactionId ?? 'unknown'})`;
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}
