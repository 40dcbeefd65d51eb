import { randomBytes } from 'node:crypto';
import type { IdType, Step } from '@berbix-capture/protocol';

export type TokenKind = 'access' | 'client' | 'refresh';

export interface TransactionRecord {
  id: bigint;
  customerUid: string;
  templateKey: string;
  email?: string;
  phone?: string;
  kind: 'api_only' | 'hosted' | 'plain';
  idType?: IdType;
  idCountry?: string;
  step: Step;
  createdAt: Date;
  completedAt?: Date;
  deleted: boolean;
}

interface TokenRecord {
  transactionId: bigint;
  kind: TokenKind;
  /** Epoch ms; refresh tokens never expire in the sandbox. */
  expiresAt: number;
}

export interface IssuedTokens {
  access_token: string;
  client_token: string;
  refresh_token: string;
  transaction_id: bigint;
  expires_in: number;
}

/** Sandbox tokens carry a recognisable prefix so tests can scan any output for leaks. */
export const TOKEN_PREFIX: Record<TokenKind, string> = {
  access: 'sbx_at_',
  client: 'sbx_ct_',
  refresh: 'sbx_rt_',
};

/**
 * The sandbox's whole state: transactions and the tokens that find them. In memory; a restart
 * forgets everything, as a test double should.
 */
export class SandboxState {
  readonly transactions = new Map<bigint, TransactionRecord>();
  private readonly tokens = new Map<string, TokenRecord>();
  // Ids start above 2^53 so that a client that parses them as a JS number loses precision visibly.
  private nextId = 2n ** 53n + 1000n;

  constructor(
    private readonly tokenTtlSeconds: number,
    private readonly now: () => number = Date.now,
  ) {}

  createTransaction(fields: Omit<TransactionRecord, 'id' | 'createdAt' | 'deleted'>): TransactionRecord {
    const id = this.nextId;
    this.nextId += BigInt(1 + (randomBytes(1)[0] ?? 0));
    const record: TransactionRecord = { ...fields, id, createdAt: new Date(this.now()), deleted: false };
    this.transactions.set(id, record);
    return record;
  }

  /** Issues a fresh access and client token; the refresh token is kept unless none exists yet. */
  issueTokens(transactionId: bigint, refreshToken?: string): IssuedTokens {
    const expiresAt = this.now() + this.tokenTtlSeconds * 1000;
    const access = this.mint('access', transactionId, expiresAt);
    const client = this.mint('client', transactionId, expiresAt);
    const refresh = refreshToken ?? this.mint('refresh', transactionId, Number.POSITIVE_INFINITY);
    return {
      access_token: access,
      client_token: client,
      refresh_token: refresh,
      transaction_id: transactionId,
      expires_in: this.tokenTtlSeconds,
    };
  }

  /** The transaction a live token of `kind` belongs to, or undefined when unknown or expired. */
  resolveToken(token: string, kind: TokenKind): TransactionRecord | undefined {
    const record = this.tokens.get(token);
    if (!record || record.kind !== kind || record.expiresAt <= this.now()) return undefined;
    return this.transactions.get(record.transactionId);
  }

  /** Every token handed out so far, for leak scans in tests. */
  issuedTokenStrings(): string[] {
    return [...this.tokens.keys()];
  }

  private mint(kind: TokenKind, transactionId: bigint, expiresAt: number): string {
    const token = TOKEN_PREFIX[kind] + randomBytes(24).toString('base64url');
    this.tokens.set(token, { transactionId, kind, expiresAt });
    return token;
  }
}
