import type { Debugger } from 'debug';
import { createClient } from 'redis';

export type RedisClient = ReturnType<typeof createClient>;

export interface RedisConnection {
  /** The client, connected on first use. */
  ready(): Promise<RedisClient>;
  /** Closes the client if this connection created it; a caller's own client is left open. */
  close(): Promise<void>;
}

/**
 * One Redis connection for the adapter's Redis users (session store, webhook replay guard): either
 * a client the integrator manages, or one made from `url` that fails fast while Redis is away.
 */
export function redisConnection(options: { url?: string; client?: RedisClient }, log: Debugger): RedisConnection {
  const owned = options.client === undefined;
  const client: RedisClient =
    options.client ??
    createClient({
      url: options.url as string,
      // Fail requests fast while Redis is away instead of queueing them forever; the next call reconnects.
      disableOfflineQueue: true,
      socket: {
        connectTimeout: 2000,
        reconnectStrategy: (retries: number) =>
          retries >= 3 ? new Error('redis unreachable') : Math.min(50 * 2 ** retries, 500),
      },
    });
  // Connection errors surface on the calls that fail; the event only needs a listener so that it does not crash the process.
  client.on('error', (error: Error) => log('redis connection error: %s', error.name));
  let connecting: Promise<unknown> | undefined;
  return {
    async ready() {
      if (!client.isOpen) connecting ??= client.connect().finally(() => (connecting = undefined));
      if (connecting) await connecting;
      return client;
    },
    async close() {
      if (owned && client.isOpen) await client.close();
    },
  };
}
