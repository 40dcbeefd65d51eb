import type { TokensRecord } from '@berbix-capture/client';
import type { IdType, Step } from '@berbix-capture/protocol';
import createDebug from 'debug';

/** What the adapter keeps per browser session. Tokens never leave the server. */
export interface SessionRecord {
  id: string;
  tokens: TokensRecord;
  step: Step;
  /** Uploads made for the current step. */
  attempts: number;
  idType: IdType | null;
  createdAt: number;
  /** Epoch ms after which the session is forgotten. */
  expiresAt: number;
}

/** Where sessions live. Implementations: memory (here), SQLite and Redis (to come). */
export interface TokenStore {
  get(id: string): Promise<SessionRecord | undefined>;
  set(record: SessionRecord, ttlMs: number): Promise<void>;
  delete(id: string): Promise<void>;
}

const log = createDebug('berbix-capture:store');

/** A store in this process's memory: for development and tests; it forgets on restart. */
export function memoryStore(): TokenStore {
  if (process.env.NODE_ENV === 'production') {
    log('memoryStore used in production: sessions are lost on restart and not shared between instances');
    process.emitWarning(
      'berbix-capture: memoryStore() loses sessions on restart and cannot be shared; use sqliteStore or redisStore in production',
    );
  }
  const entries = new Map<string, { record: SessionRecord; expiresAt: number }>();
  return {
    async get(id) {
      const entry = entries.get(id);
      if (!entry) return undefined;
      if (entry.expiresAt <= Date.now()) {
        entries.delete(id);
        return undefined;
      }
      return structuredClone(entry.record);
    },
    async set(record, ttlMs) {
      entries.set(record.id, { record: structuredClone(record), expiresAt: Date.now() + ttlMs });
    },
    async delete(id) {
      entries.delete(id);
    },
  };
}
