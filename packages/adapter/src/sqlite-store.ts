import type BetterSqlite3 from 'better-sqlite3';
import createDebug from 'debug';
import { loadOptionalPeer } from './optional-peer.js';
import { parseRecord } from './record.js';
import { atomicMethods, type BuiltInStore, type Decision, type SessionRecord, ttlOf } from './store.js';

const log = createDebug('berbix-capture:store');

export interface SqliteStoreOptions {
  /** The database file; created when missing. */
  path: string;
  /** Table name (default `berbix_capture_sessions`). */
  table?: string;
}

/** Expired rows are swept after this many writes, so the file does not grow without bound. */
const SWEEP_EVERY_WRITES = 200;

/**
 * Sessions in a SQLite file (better-sqlite3): the single-machine default that survives a restart.
 * Every `transition` runs as a `BEGIN IMMEDIATE` transaction, so it is atomic across requests of this
 * process and across processes sharing the file (WAL mode, with a busy timeout).
 */
export function sqliteStore(options: SqliteStoreOptions): BuiltInStore {
  if (!options || typeof options.path !== 'string' || options.path === '') {
    throw new TypeError('sqliteStore needs { path } of a database file');
  }
  const table = options.table ?? 'berbix_capture_sessions';
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(table)) throw new TypeError('table must be a plain SQL identifier');
  // better-sqlite3 is loaded (and the file opened) on first use: it is an optional peer dependency.
  let opened: Promise<Opened> | undefined;
  const open = (): Promise<Opened> => {
    opened ??= loadOptionalPeer('better-sqlite3', 'sqliteStore', () => import('better-sqlite3')).then(
      ({ default: Database }) => openDatabase(Database, options.path, table),
    );
    return opened;
  };

  return {
    async get(id) {
      return (await open()).read(id);
    },
    async set(record, ttlMs) {
      (await open()).write(record, ttlMs);
    },
    async delete(id) {
      (await open()).remove(id);
    },
    ...atomicMethods(async (id, decide) => (await open()).readModifyWrite(id, decide)),
    async close() {
      // Nothing to close when the database was never opened or could not be.
      const db = await opened?.catch(() => undefined);
      db?.close();
    },
  };
}

interface Opened {
  read(id: string): SessionRecord | undefined;
  write(record: SessionRecord, ttlMs: number): void;
  remove(id: string): void;
  readModifyWrite<T>(id: string, decide: (current: SessionRecord | undefined) => Decision<T>): T;
  close(): void;
}

/** Opens the file, creates the table and prepares every statement, synchronously (better-sqlite3 is). */
function openDatabase(Database: typeof BetterSqlite3, path: string, table: string): Opened {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  db.exec(
    `CREATE TABLE IF NOT EXISTS ${table} (id TEXT PRIMARY KEY, record TEXT NOT NULL, expires_at INTEGER NOT NULL)`,
  );
  const select = db.prepare<[string, number], { record: string }>(
    `SELECT record FROM ${table} WHERE id = ? AND expires_at > ?`,
  );
  const upsert = db.prepare<[string, string, number]>(
    `INSERT INTO ${table} (id, record, expires_at) VALUES (?, ?, ?) ON CONFLICT(id) DO UPDATE SET record = excluded.record, expires_at = excluded.expires_at`,
  );
  const remove = db.prepare<[string]>(`DELETE FROM ${table} WHERE id = ?`);
  const sweep = db.prepare<[number]>(`DELETE FROM ${table} WHERE expires_at <= ?`);
  let writes = 0;

  const read = (id: string): SessionRecord | undefined => {
    const row = select.get(id, Date.now());
    return row ? parseRecord(row.record) : undefined;
  };
  const write = (record: SessionRecord, ttlMs: number) => {
    upsert.run(record.id, JSON.stringify(record), Date.now() + ttlMs);
    writes += 1;
    if (writes % SWEEP_EVERY_WRITES === 0) {
      const { changes } = sweep.run(Date.now());
      if (changes > 0) log('swept %d expired session(s)', changes);
    }
  };
  // One transaction: the read, the decision and the write see no other writer in between.
  const readModifyWrite = db.transaction(
    (id: string, decide: (current: SessionRecord | undefined) => Decision<unknown>): unknown => {
      const { write: next, answer } = decide(read(id));
      if (next !== undefined) write(next, ttlOf(next));
      return answer;
    },
  );

  return {
    read,
    write,
    remove: (id) => {
      remove.run(id);
    },
    // IMMEDIATE takes the write lock at the start, so two processes never both read the old record.
    readModifyWrite: <T>(id: string, decide: (current: SessionRecord | undefined) => Decision<T>) =>
      readModifyWrite.immediate(id, decide) as T,
    close: () => db.close(),
  };
}
