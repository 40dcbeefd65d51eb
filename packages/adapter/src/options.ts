import { BerbixClient } from '@berbix-capture/client';
import type { Request } from 'express';
import { memoryStore, type TokenStore } from './store.js';

export interface TransactionParams {
  customerUid: string;
  templateKey: string;
  email?: string;
  phone?: string;
}

export interface BerbixCaptureOptions {
  /** The Berbix client; built from the environment when absent. */
  client?: BerbixClient;
  /** Where sessions and their tokens live; memory by default. */
  store?: TokenStore;
  /** Signs the session cookie. At least 32 characters. */
  secret: string;
  /** Decides who the transaction is for: the browser never chooses these. */
  transaction: (req: Request) => Promise<TransactionParams> | TransactionParams;
  /** Origins allowed to change state; same origin when absent. */
  allowedOrigins?: string[];
  /** How long a browser session lives, in ms (default 1 hour). */
  sessionTtlMs?: number;
}

export interface ResolvedOptions {
  client: BerbixClient;
  store: TokenStore;
  secret: string;
  transaction: BerbixCaptureOptions['transaction'];
  allowedOrigins: string[] | null;
  sessionTtlMs: number;
}

const ALLOWED = ['client', 'store', 'secret', 'transaction', 'allowedOrigins', 'sessionTtlMs'];

/** Bad configuration throws a TypeError at start-up, never at request time. */
export function resolveOptions(options: BerbixCaptureOptions): ResolvedOptions {
  if (!options || typeof options !== 'object') throw new TypeError('berbixCapture needs an options object');
  const unknown = Object.keys(options).filter((key) => !ALLOWED.includes(key));
  if (unknown.length > 0) {
    throw new TypeError(`unknown berbixCapture option(s) ${unknown.join(', ')}; allowed: ${ALLOWED.join(', ')}`);
  }
  if (typeof options.secret !== 'string' || options.secret.length < 32) {
    throw new TypeError('secret must be a string of at least 32 characters');
  }
  if (typeof options.transaction !== 'function') {
    throw new TypeError('transaction must be a function (req) => ({ customerUid, templateKey })');
  }
  if (options.client !== undefined && !(options.client instanceof BerbixClient)) {
    throw new TypeError('client must be a BerbixClient');
  }
  if (
    options.allowedOrigins !== undefined &&
    !(Array.isArray(options.allowedOrigins) && options.allowedOrigins.every((o) => typeof o === 'string'))
  ) {
    throw new TypeError('allowedOrigins must be an array of origin strings');
  }
  const sessionTtlMs = options.sessionTtlMs ?? 60 * 60 * 1000;
  if (!Number.isInteger(sessionTtlMs) || sessionTtlMs <= 0)
    throw new TypeError('sessionTtlMs must be a positive integer');
  return {
    client: options.client ?? BerbixClient.fromEnv(),
    store: options.store ?? memoryStore(),
    secret: options.secret,
    transaction: options.transaction,
    allowedOrigins: options.allowedOrigins ?? null,
    sessionTtlMs,
  };
}
