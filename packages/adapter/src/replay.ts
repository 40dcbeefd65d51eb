import { createHash } from 'node:crypto';
import createDebug from 'debug';
import { type RedisClient, redisConnection } from './redis-connection.js';

const log = createDebug('berbix-capture:webhook');

/**
 * Remembers webhook signatures already accepted (or being handled), so a captured delivery cannot
 * be played again while it would still verify. `claim` must be atomic: of two concurrent claims of
 * one signature, at most one succeeds.
 */
export interface ReplayGuard {
  /** True when the signature is new; it is then held until settled or `ttlMs` passed. */
  claim(signature: string, ttlMs: number): Promise<boolean>;
  /** Keeps an accepted signature; forgets a failed one, so Berbix's retry of it is welcome. */
  settle(signature: string, accepted: boolean): Promise<void>;
  close?(): Promise<void>;
}

/** Signatures are remembered by hash: fixed size, and nothing an attacker could use. */
const keyOf = (signature: string) => createHash('sha256').update(signature).digest('base64url');

/** Signatures kept at most by the memory guard; valid signatures cannot be minted without the secret. */
const MAX_REMEMBERED = 100_000;

/**
 * Per-process memory: enough for one instance. With several instances behind a load balancer a
 * replay sent to another instance is not caught: use {@link redisReplayGuard}.
 */
export function memoryReplayGuard(): ReplayGuard {
  const seen = new Map<string, number>();
  return {
    async claim(signature, ttlMs) {
      const now = Date.now();
      const key = keyOf(signature);
      const until = seen.get(key);
      if (until !== undefined && until > now) return false;
      seen.delete(key);
      seen.set(key, now + ttlMs);
      // Oldest first: drop the expired ones, and any beyond the cap.
      for (const [oldKey, oldUntil] of seen) {
        if (seen.size <= MAX_REMEMBERED && oldUntil > now) break;
        seen.delete(oldKey);
      }
      return true;
    },
    async settle(signature, accepted) {
      if (!accepted) seen.delete(keyOf(signature));
    },
  };
}

export interface RedisReplayGuardOptions {
  url?: string;
  /** A node-redis client you manage; `close()` then leaves it open. */
  client?: RedisClient;
  /** Key prefix (default `berbix-capture:webhook:`). */
  prefix?: string;
}

/** Shared between instances through Redis: `SET NX PX` claims, so only one instance accepts a delivery. */
export function redisReplayGuard(options: RedisReplayGuardOptions): ReplayGuard {
  if (!options || (typeof options.url !== 'string' && options.client === undefined)) {
    throw new TypeError('redisReplayGuard needs { url } or { client }');
  }
  const prefix = options.prefix ?? 'berbix-capture:webhook:';
  const { ready, close } = redisConnection(options, 'redisReplayGuard', log);
  return {
    async claim(signature, ttlMs) {
      const key = prefix + keyOf(signature);
      const answer = await (await ready()).set(key, 'handling', { NX: true, PX: Math.max(1, Math.ceil(ttlMs)) });
      return answer === 'OK';
    },
    async settle(signature, accepted) {
      const key = prefix + keyOf(signature);
      // An accepted delivery keeps its key until the TTL set at claim time; a failed one is freed.
      if (!accepted) await (await ready()).del(key);
    },
    close,
  };
}
