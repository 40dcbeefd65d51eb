import { ERROR_CODES } from '@berbix-capture/protocol';
import createDebug from 'debug';
import type { Request } from 'express';
import type { AdapterContext } from './context.js';
import { AdapterError } from './errors.js';

const log = createDebug('berbix-capture:adapter');

const LOOPBACK = /^(?:127\.|::1$|::ffff:127\.)/;
let warnedAboutLoopback = false;

/**
 * The client's own address, or undefined for loopback: such a request is local development, a
 * test, or a reverse proxy whose client address Express cannot see (`trust proxy` unset), and
 * counting the proxy's address would make one budget for every visitor.
 */
export function clientAddress(req: Request): string | undefined {
  const ip = req.ip ?? req.socket.remoteAddress ?? '';
  if (!LOOPBACK.test(ip)) return ip;
  if (!warnedAboutLoopback && req.headers['x-forwarded-for'] !== undefined) {
    warnedAboutLoopback = true;
    log('requests arrive through a proxy from loopback; set Express "trust proxy" so per-IP limits see clients');
  }
  return undefined;
}

/** How a client is told apart for per-client limits: its session, and its address when it has its own. */
export function clientKeys(req: Request, sessionId: string): string[] {
  const ip = clientAddress(req);
  return ip === undefined ? [`session:${sessionId}`] : [`session:${sessionId}`, `ip:${ip}`];
}

/**
 * Counts a request against the client address's budget and, for uploads, the session's; 429 with
 * `Retry-After` past either.
 *
 * Loopback addresses are not counted per address: such a request is local development, a test, or
 * a reverse proxy whose client address Express cannot see (`trust proxy` unset). Counting the
 * proxy's address would make one budget for every visitor, so one busy minute would lock everyone
 * out; the per-session budget still applies.
 */
export function takeBudget(ctx: AdapterContext, req: Request, kind: 'session' | 'upload', sessionId?: string): void {
  const limits = ctx.config.rateLimit;
  if (!ctx.limiter || !limits) return;
  const ip = clientAddress(req);
  const waits: number[] = [];
  if (ip !== undefined) {
    waits.push(ctx.limiter.take(`${kind}:ip:${ip}`, kind === 'session' ? limits.sessionsPerIp : limits.uploadsPerIp));
  }
  if (sessionId !== undefined) waits.push(ctx.limiter.take(`${kind}:session:${sessionId}`, limits.uploadsPerSession));
  const wait = Math.max(0, ...waits);
  if (wait > 0) {
    throw new AdapterError(429, ERROR_CODES.rateLimited, 'too many requests; try again shortly', {
      retryAfterSeconds: wait,
    });
  }
}
