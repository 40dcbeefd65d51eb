import createDebug from 'debug';
import { parseRecord } from './record.js';
import { type RedisClient, redisConnection } from './redis-connection.js';
import { atomicMethods, type BuiltInStore, type SessionRecord, ttlOf } from './store.js';

const log = createDebug('berbix-capture:store');

export interface RedisStoreOptions {
  /** `redis://host:port/db`; ignored when `client` is given. */
  url?: string;
  /** A node-redis client you manage yourself (connected or not); `close()` then leaves it open. */
  client?: RedisClient;
  /** Key prefix (default `berbix-capture:session:`). */
  prefix?: string;
}

/**
 * Compare-and-set: writes the new value only if the key still holds exactly what the decision was made on.
 * `ARGV[1]` is the value read ('' for none), `ARGV[2]` the new one, `ARGV[3]` the TTL in ms.
 */
const COMPARE_AND_SET = `
local current = redis.call('GET', KEYS[1])
if (current == false and ARGV[1] == '') or current == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
  return 1
end
return 0`;

/** Conflicting writers retried at most this often before giving up; each retry sees fresher data. */
const MAX_CAS_ATTEMPTS = 50;

/**
 * Sessions in Redis, for several adapter instances behind a load balancer. `transition` is an optimistic
 * read-modify-write closed by a server-side compare-and-set script, so it is atomic across
 * instances without holding a lock on the connection.
 */
export function redisStore(options: RedisStoreOptions): BuiltInStore {
  if (!options || (typeof options.url !== 'string' && options.client === undefined)) {
    throw new TypeError('redisStore needs { url } or { client }');
  }
  const prefix = options.prefix ?? 'berbix-capture:session:';
  const { ready, close } = redisConnection(options, 'redisStore', log);
  const key = (id: string) => `${prefix}${id}`;
  const readRaw = async (id: string) => (await ready()).get(key(id));

  return {
    async get(id) {
      const text = await readRaw(id);
      return text ? parseRecord(text) : undefined;
    },
    async set(record: SessionRecord, ttlMs: number) {
      await (await ready()).set(key(record.id), JSON.stringify(record), { PX: Math.max(1, Math.ceil(ttlMs)) });
    },
    async delete(id) {
      await (await ready()).del(key(id));
    },
    ...atomicMethods(async (id, decide) => {
      const redis = await ready();
      for (let attempt = 0; attempt < MAX_CAS_ATTEMPTS; attempt++) {
        const seen = await redis.get(key(id));
        // Decided afresh on every attempt, on what the key holds now.
        const { write: next, answer } = decide(seen ? parseRecord(seen) : undefined);
        if (next === undefined) return answer;
        const written = await redis.eval(COMPARE_AND_SET, {
          keys: [key(id)],
          arguments: [seen ?? '', JSON.stringify(next), String(Math.ceil(ttlOf(next)))],
        });
        if (written === 1) return answer;
      }
      throw new Error('redisStore: the session changed under too many concurrent writers');
    }),
    close,
  };
}
