import type { IdType, Step } from '@berbix-capture/protocol';
import createDebug from 'debug';

/**
 * What the adapter keeps per browser session. Tokens and the result are sealed (AES-256-GCM under
 * a key derived from the adapter's `secret`) before a store ever sees them, so a store, its
 * backups and its operators only hold ciphertext.
 */
export interface SessionRecord {
  id: string;
  /** The transaction's tokens, sealed; see `secrets.ts`. */
  tokens: string;
  /**
   * Keyed fingerprint of the customer and template `transaction(req)` chose: a live session is
   * reused only for the same customer, so a planted cookie cannot steer someone into another
   * person's transaction.
   */
  customer: string;
  /** Berbix's transaction id (a decimal string: ids are 64-bit). Not a credential. */
  transactionId: string | null;
  step: Step;
  /** Uploads made for the current step. */
  attempts: number;
  idType: IdType | null;
  createdAt: number;
  /** Epoch ms after which the session is forgotten. */
  expiresAt: number;
  /**
   * An upload to Berbix in flight, held by one request of one adapter instance. A second upload for
   * the same session waits for it instead of racing it (both would advance, or both would refresh).
   */
  lease: { owner: string; until: number } | null;
  /** Once `done`: the finished transaction, sealed. */
  result: string | null;
  /** `onComplete` bookkeeping: claimed once by the instance that saw `done`, then done or failed. */
  completion: 'pending' | 'claimed' | 'done' | 'failed';
  /**
   * The device (its id in the session cookie) that may upload; other holders of the session's
   * cookie only watch. Moves to the phone when it claims a hand-off, and back on a cancel. Null in
   * records written before hand-off existed: any holder drives.
   */
  holder: string | null;
  /** The hand-off to another device, once one was offered. */
  handoff: HandoffRecord | null;
}

/** A hand-off offer and what became of it. */
export interface HandoffRecord {
  /** Keyed fingerprint of the one code that may claim it; the code itself is never stored. */
  codeTag: string;
  state: 'offered' | 'claimed' | 'cancelled';
  /** Epoch ms after which an offered code no longer works. */
  expiresAt: number;
  /** The device that offered: it drives the session again after a cancel. */
  from: string;
}

/** Changes a record, or returns undefined to leave it as it is. Must be synchronous and pure: a store may run it again after a conflict. Throwing aborts the update and rethrows. */
export type RecordUpdater = (current: SessionRecord | undefined) => SessionRecord | undefined;

/**
 * Where sessions live: {@link memoryStore}, `sqliteStore`, `redisStore`, or your own.
 *
 * `update` is the one primitive that must be atomic: the read, the updater and the write happen as
 * one step with respect to every other `update`/`set`/`delete` of the same id, across processes
 * when the store is shared. The adapter builds its upload lease on it.
 */
export interface TokenStore {
  get(id: string): Promise<SessionRecord | undefined>;
  /** Writes the record; it is forgotten after `ttlMs`. */
  set(record: SessionRecord, ttlMs: number): Promise<void>;
  delete(id: string): Promise<void>;
  /** Atomic read-modify-write; resolves to the record as stored afterwards. The TTL follows `expiresAt`. */
  update(id: string, updater: RecordUpdater): Promise<SessionRecord | undefined>;
  /** Releases connections or file handles the store opened itself. */
  close?(): Promise<void>;
}

const log = createDebug('berbix-capture:store');

/** Remaining lifetime of a record, never below 1 ms so that a store's TTL is always positive. */
export function ttlOf(record: SessionRecord, now = Date.now()): number {
  return Math.max(1, record.expiresAt - now);
}

/** Sessions kept in memory at most; the oldest are dropped first. Bounds what a flood can cost. */
const MEMORY_STORE_MAX_SESSIONS = 100_000;

/**
 * A store in this process's memory: for development and tests. It forgets on restart and cannot be
 * shared between instances, so it warns when `NODE_ENV=production`.
 */
export function memoryStore(options: { maxSessions?: number } = {}): TokenStore {
  if (process.env.NODE_ENV === 'production') {
    log('memoryStore used in production: sessions are lost on restart and not shared between instances');
    process.emitWarning(
      'berbix-capture: memoryStore() loses sessions on restart and cannot be shared; use sqliteStore or redisStore in production',
    );
  }
  const maxSessions = options.maxSessions ?? MEMORY_STORE_MAX_SESSIONS;
  const entries = new Map<string, { record: SessionRecord; expiresAt: number }>();
  const read = (id: string): SessionRecord | undefined => {
    const entry = entries.get(id);
    if (!entry) return undefined;
    if (entry.expiresAt <= Date.now()) {
      entries.delete(id);
      return undefined;
    }
    return structuredClone(entry.record);
  };
  const write = (record: SessionRecord, ttlMs: number) => {
    entries.delete(record.id);
    entries.set(record.id, { record: structuredClone(record), expiresAt: Date.now() + ttlMs });
    // Maps iterate in insertion order, so the first key is the least recently written.
    while (entries.size > maxSessions) {
      const oldest = entries.keys().next().value;
      if (oldest === undefined) break;
      entries.delete(oldest);
    }
  };
  return {
    async get(id) {
      return read(id);
    },
    async set(record, ttlMs) {
      write(record, ttlMs);
    },
    async delete(id) {
      entries.delete(id);
    },
    async update(id, updater) {
      // One synchronous turn of the event loop: nothing else can interleave.
      const next = updater(read(id));
      if (next === undefined) return read(id);
      write(next, ttlOf(next));
      return structuredClone(next);
    },
  };
}
