import { loadOptionalPeer } from './optional-peer.js';

/**
 * The part of a node-redis client the adapter uses. `createClient()` of `redis` 5 fits it; the
 * adapter's types name this rather than `redis`'s own, so they type-check without `redis` installed.
 */
export interface RedisClient {
  readonly isOpen: boolean;
  connect(): Promise<unknown>;
  close(): Promise<unknown>;
  on(event: 'error', listener: (error: Error) => void): unknown;
  get(key: string): Promise<string | null>;
  set(key: string, value: string, options: { PX: number; NX?: true }): Promise<string | null>;
  del(key: string): Promise<unknown>;
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
}

export interface RedisConnection {
  /** The client, connected on first use. */
  ready(): Promise<RedisClient>;
  /** Closes the client if this connection created it; a caller's own client is left open. */
  close(): Promise<void>;
}

/** How the adapter's modules log (`debug`'s signature, without tying the types to `debug`). */
export type Log = (formatter: string, ...args: unknown[]) => void;

/**
 * One Redis connection for the adapter's Redis users (session store, webhook replay guard): either
 * a client the integrator manages, or one made from `url` that fails fast while Redis is away.
 * `redis` itself is loaded on first use only, and only when no client was given.
 */
export function redisConnection(
  options: { url?: string; client?: RedisClient },
  user: string,
  log: Log,
): RedisConnection {
  // Connection errors surface on the calls that fail; the event only needs a listener so that it does not crash the process.
  const onError = (error: Error) => log('redis connection error: %s', error.name);
  const given = options.client;
  given?.on('error', onError);
  let created: Promise<RedisClient> | undefined;
  const client = (): Promise<RedisClient> => {
    if (given) return Promise.resolve(given);
    created ??= createOwnClient(options.url as string, user, onError);
    return created;
  };
  let connecting: Promise<unknown> | undefined;
  return {
    async ready() {
      const redis = await client();
      if (!redis.isOpen) connecting ??= redis.connect().finally(() => (connecting = undefined));
      if (connecting) await connecting;
      return redis;
    },
    async close() {
      if (created === undefined) return;
      const redis = await created.catch(() => undefined);
      if (redis?.isOpen) await redis.close();
    },
  };
}

/** A client made from `url` that fails fast while Redis is away instead of queueing requests forever. */
async function createOwnClient(url: string, user: string, onError: (error: Error) => void): Promise<RedisClient> {
  const { createClient } = await loadOptionalPeer('redis', user, () => import('redis'));
  const made = createClient({
    url,
    // The next call reconnects; meanwhile requests fail at once.
    disableOfflineQueue: true,
    socket: {
      connectTimeout: 2000,
      reconnectStrategy: (retries: number) =>
        retries >= 3 ? new Error('redis unreachable') : Math.min(50 * 2 ** retries, 500),
    },
  });
  made.on('error', onError);
  return made as unknown as RedisClient;
}
