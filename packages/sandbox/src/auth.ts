import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { RouteContext, RouteHandler } from './context.js';
import { gone, unauthorized } from './errors.js';
import type { SandboxState, TransactionRecord } from './state.js';

/** Checks `Authorization: Basic base64("<secret>:")`. */
export function requireBasicSecret(req: IncomingMessage, secret: string): void {
  const header = req.headers.authorization ?? '';
  const match = /^basic\s+(\S+)$/i.exec(header);
  if (!match?.[1]) throw unauthorized('Basic authentication with the API secret is required');
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const user = decoded.endsWith(':') ? decoded.slice(0, -1) : decoded;
  if (!equalStrings(user, secret)) throw unauthorized('invalid API secret');
}

/** `routes` with each handler behind {@link requireBasicSecret}, checked before it reads anything. */
export function behindApiSecret(routes: Record<string, RouteHandler>): Record<string, RouteHandler> {
  return Object.fromEntries(
    Object.entries(routes).map(([route, handler]) => [
      route,
      (ctx: RouteContext) => {
        requireBasicSecret(ctx.req, ctx.sandbox.secret);
        return handler(ctx);
      },
    ]),
  );
}

/**
 * Returns the bearer token. Tolerates `Token` and any case of `Bearer`, as older PHP and .NET
 * clients send those.
 */
export function bearerToken(req: IncomingMessage): string {
  const header = req.headers.authorization ?? '';
  const match = /^(?:bearer|token)\s+(\S+)$/i.exec(header);
  if (!match?.[1]) throw unauthorized('Bearer token is required');
  return match[1];
}

function equalStrings(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

const TOKEN_NAME: Record<'access' | 'client', string> = { access: 'access token', client: 'client token' };

/**
 * The live transaction a Bearer token of `kind` opens: 401 when the token is missing, unknown,
 * of the wrong kind or expired; 410 when the transaction was deleted.
 */
export function requireTransaction(
  req: IncomingMessage,
  state: SandboxState,
  kind: 'access' | 'client',
): TransactionRecord {
  const lookup = state.lookupToken(bearerToken(req), kind);
  if (!lookup.ok) {
    const why = lookup.reason === 'expired' ? 'has expired; refresh it' : 'is not valid here';
    throw unauthorized(`the ${TOKEN_NAME[kind]} ${why}`);
  }
  if (lookup.transaction.deleted) throw gone();
  return lookup.transaction;
}
