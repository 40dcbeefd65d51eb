import createDebug from 'debug';
import type { AdapterError } from './errors.js';
import type { SessionRecord } from './record.js';

export type { HandoffRecord, SessionRecord } from './record.js';

/**
 * A transition's answer when the record is not in a state it applies to: the error the caller
 * throws. A value, not an exception, so a store can tell it apart from a failure of its own.
 */
export class Refusal {
  constructor(readonly error: AdapterError) {}
}

/**
 * A named state change: the next record, the record itself (nothing to change), or a refusal.
 * Synchronous and pure (no clock, no I/O, no randomness: `now` and everything else come in as
 * arguments), because a store may run it again after a conflict.
 */
export type Transition<I> = (record: SessionRecord, input: I, now: number) => SessionRecord | Refusal;

/** What `transition` resolves to: the record as stored afterwards, the refusal, or undefined when there is no record. */
export type TransitionOutcome = SessionRecord | Refusal | undefined;

/**
 * Where sessions live: {@link memoryStore}, `sqliteStore`, `redisStore`, or your own.
 *
 * `transition` is the one primitive that must be atomic: the read, the transition and the write
 * happen as one step with respect to every other `transition`/`set`/`delete` of the same id, across
 * processes when the store is shared. Every change the adapter makes to a session after creating
 * it (leases, steps, completion, hand-off) is one named transition applied through it.
 */
export interface SessionStore {
  get(id: string): Promise<SessionRecord | undefined>;
  /** Writes the record; it is forgotten after `ttlMs`. */
  set(record: SessionRecord, ttlMs: number): Promise<void>;
  delete(id: string): Promise<void>;
  /**
   * Applies `fn(record, input, now)` to the stored record atomically and writes what it returns
   * (nothing when it refuses or returns the record unchanged); the TTL follows `expiresAt`. Resolves
   * to the record as stored afterwards, the refusal, or undefined when there is no such record.
   * Throwing aborts the transition and rethrows.
   */
  transition<I>(id: string, fn: Transition<I>, input: I): Promise<TransitionOutcome>;
  /** Releases connections or file handles the store opened itself. */
  close?(): Promise<void>;
}

/**
 * Changes a record, or returns undefined to leave it as it is. Must be synchronous and pure: a
 * store may run it again after a conflict. Throwing aborts the update and rethrows.
 * @deprecated Write {@link Transition}s for {@link SessionStore.transition}.
 */
export type RecordUpdater = (current: SessionRecord | undefined) => SessionRecord | undefined;

/**
 * The store interface before transitions: `update(id, updater)` was its atomic primitive. Stores
 * written against it still work (the adapter applies transitions through their `update`), and the
 * built-in stores still offer `update`.
 * @deprecated Implement {@link SessionStore}.
 */
export interface TokenStore {
  get(id: string): Promise<SessionRecord | undefined>;
  set(record: SessionRecord, ttlMs: number): Promise<void>;
  delete(id: string): Promise<void>;
  /** Atomic read-modify-write; resolves to the record as stored afterwards. The TTL follows `expiresAt`. */
  update(id: string, updater: RecordUpdater): Promise<SessionRecord | undefined>;
  close?(): Promise<void>;
}

/** What the built-in stores return: a {@link SessionStore} that still offers the deprecated `update`. */
export type BuiltInStore = SessionStore & Pick<TokenStore, 'update'>;

/** One read-modify-write decided in memory: the record to write (if any) and what to answer. */
export interface Decision<T> {
  write: SessionRecord | undefined;
  answer: T;
}

/** A store's own atomic read-modify-write, which each store implements once in its own way. */
export type ReadModifyWrite = <T>(
  id: string,
  decide: (current: SessionRecord | undefined) => Decision<T>,
) => Promise<T>;

/** Decides a transition: nothing is written for a missing record, a refusal or an unchanged record. */
export function decideTransition<I>(
  current: SessionRecord | undefined,
  fn: Transition<I>,
  input: I,
  now: number,
): Decision<TransitionOutcome> {
  if (!current) return { write: undefined, answer: undefined };
  const next = fn(current, input, now);
  if (next instanceof Refusal || next === current) return { write: undefined, answer: next };
  return { write: next, answer: next };
}

/** `transition` and the deprecated `update`, both on one store's atomic read-modify-write. */
export function atomicMethods(readModifyWrite: ReadModifyWrite): Pick<BuiltInStore, 'transition' | 'update'> {
  return {
    transition: (id, fn, input) => readModifyWrite(id, (current) => decideTransition(current, fn, input, Date.now())),
    update: (id, updater) =>
      readModifyWrite(id, (current) => {
        const next = updater(current);
        return { write: next, answer: next ?? current };
      }),
  };
}

/**
 * A {@link SessionStore} over a store that only has the deprecated `update`: its atomic update
 * carries the transition, and the outcome of its last run (an update may run more than once) is
 * the answer.
 */
export function storeFromUpdate(store: TokenStore): SessionStore {
  return {
    get: (id) => store.get(id),
    set: (record, ttlMs) => store.set(record, ttlMs),
    delete: (id) => store.delete(id),
    async transition(id, fn, input) {
      let decision: Decision<TransitionOutcome> = { write: undefined, answer: undefined };
      await store.update(id, (current) => {
        decision = decideTransition(current, fn, input, Date.now());
        return decision.write;
      });
      return decision.answer;
    },
    ...(store.close && { close: () => store.close?.() ?? Promise.resolve() }),
  };
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
export function memoryStore(options: { maxSessions?: number } = {}): BuiltInStore {
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
    // One synchronous turn of the event loop: nothing else can interleave.
    ...atomicMethods(async (id, decide) => {
      const { write: next, answer } = decide(read(id));
      // `read` hands out a copy and `write` keeps one, so the answer shares nothing with the map.
      if (next !== undefined) write(next, ttlOf(next));
      return answer;
    }),
  };
}
