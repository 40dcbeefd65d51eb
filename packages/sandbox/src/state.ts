import { randomBytes } from 'node:crypto';
import type { IdType, Step } from '@berbix-capture/protocol';
import type { TokensAnswerBody } from '@berbix-capture/protocol/berbix';
import type { TransactionResult } from './results.js';
import type { Scenario } from './scenarios.js';

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
  /** Uploads made for the current step; reset when the step changes. */
  attempts: number;
  /** Id scans uploaded so far (they do not use up the photo retries). */
  idscanAttempts: number;
  createdAt: Date;
  completedAt?: Date;
  deleted: boolean;
  /** The AAMVA payload the back (or an id scan) delivered; kept only in memory. */
  barcode?: Buffer;
  /**
   * SHA-256 (hex) of each `supplementary_data` barcode received, in order: tests compare it with
   * what they encoded without the sandbox keeping or showing the payload itself.
   */
  supplementaryBarcodeDigests?: string[];
  /** SHA-256 of the accepted front image: re-sending it at the back step means "this is a passport". */
  frontDigest?: string;
  /** Fields, flags and action once the transaction is done (or overridden). */
  result?: TransactionResult;
  /** Set by `PATCH /v0/transactions`. */
  note?: string;
  /** A reviewer's action from `PATCH /v0/transactions`; wins over the computed one. */
  reviewedAction?: string;
  /** A forced issue from the customer_uid or template key (see scenarios.ts). */
  scenario?: Scenario;
}

interface TokenRecord {
  transactionId: bigint;
  kind: TokenKind;
  /** Epoch ms; refresh tokens never expire in the sandbox. */
  expiresAt: number;
}

/** The contract's token answer (protocol/berbix), with every field the sandbox always sends. */
export type IssuedTokens = TokensAnswerBody & {
  access_token: string;
  client_token: string;
  refresh_token: string;
  transaction_id: bigint;
  expires_in: number;
};

/** Sandbox tokens carry a recognisable prefix so tests can scan any output for leaks. */
export const TOKEN_PREFIX: Record<TokenKind, string> = {
  access: 'sbx_at_',
  client: 'sbx_ct_',
  refresh: 'sbx_rt_',
};

/** Why a token did not resolve: callers answer 401 either way, but say which. */
export type TokenLookup =
  | { ok: true; transaction: TransactionRecord }
  | { ok: false; reason: 'unknown' | 'expired' | 'wrong_kind' };

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
    readonly tokenTtlSeconds: number,
    readonly now: () => number = Date.now,
  ) {}

  createTransaction(
    fields: Omit<TransactionRecord, 'id' | 'createdAt' | 'deleted' | 'attempts' | 'idscanAttempts'>,
  ): TransactionRecord {
    const id = this.nextId;
    this.nextId += BigInt(1 + (randomBytes(1)[0] ?? 0));
    const record: TransactionRecord = {
      ...fields,
      id,
      attempts: 0,
      idscanAttempts: 0,
      createdAt: new Date(this.now()),
      deleted: false,
    };
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
    const lookup = this.lookupToken(token, kind);
    return lookup.ok ? lookup.transaction : undefined;
  }

  /** Like `resolveToken`, saying why a token does not resolve. */
  lookupToken(token: string, kind: TokenKind): TokenLookup {
    const record = this.tokens.get(token);
    if (!record) return { ok: false, reason: 'unknown' };
    if (record.kind !== kind) return { ok: false, reason: 'wrong_kind' };
    if (record.expiresAt <= this.now()) return { ok: false, reason: 'expired' };
    const transaction = this.transactions.get(record.transactionId);
    return transaction ? { ok: true, transaction } : { ok: false, reason: 'unknown' };
  }

  /** Every token handed out so far, for leak scans in tests. */
  issuedTokenStrings(): string[] {
    return [...this.tokens.keys()];
  }

  /** All transactions with the given customer uid, oldest first (duplicate detection). */
  transactionsOf(customerUid: string): TransactionRecord[] {
    return [...this.transactions.values()].filter((t) => t.customerUid === customerUid);
  }

  private mint(kind: TokenKind, transactionId: bigint, expiresAt: number): string {
    const token = TOKEN_PREFIX[kind] + randomBytes(24).toString('base64url');
    this.tokens.set(token, { transactionId, kind, expiresAt });
    return token;
  }
}
