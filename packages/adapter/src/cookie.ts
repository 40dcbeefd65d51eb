import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { parse, serialize } from 'cookie';
import { sign, unsign } from 'cookie-signature';
import type { Request, Response } from 'express';

/**
 * The session cookie: an opaque random session id and the id of the device holding it, signed with
 * `cookie-signature` (`id.device.HMAC-SHA256`, as express-session signs its cookies), nothing else.
 * With `__Host-` over HTTPS so no subdomain can set or read it. Read and written with `cookie`.
 *
 * The device id tells two holders of one session apart after a hand-off: the phone that claimed a
 * code drives the uploads, the desktop that offered it may only watch.
 */
export const COOKIE_NAME = 'berbix_session';

/** What a valid session cookie names. */
export interface SessionCookie {
  id: string;
  device: string;
}

export function newSessionId(): string {
  return randomBytes(24).toString('base64url');
}

export function newDeviceId(): string {
  return randomBytes(12).toString('base64url');
}

/** Signs with the newest secret. */
export function signSessionCookie(cookie: SessionCookie, secrets: readonly string[]): string {
  return sign(`${cookie.id}.${cookie.device}`, secrets[0] ?? '');
}

/** Ids are base64url: a dot cannot be part of one, so `id.device` splits one way only. */
const ID = /^[A-Za-z0-9_-]+$/;

/** What the value names when it carries a valid signature by any of the secrets, else undefined. */
export function verifySessionCookie(value: string, secrets: readonly string[]): SessionCookie | undefined {
  if (value.length > 256) return undefined;
  for (const secret of secrets) {
    const signed = unsign(value, secret);
    if (signed === false) continue;
    const [id, device, ...rest] = signed.split('.');
    return id && device && rest.length === 0 && ID.test(id) && ID.test(device) ? { id, device } : undefined;
  }
  return verifyEarlierCookie(value, secrets);
}

/**
 * Cookies signed before the adapter used `cookie-signature` (`id.device.mac`, base64url, over a
 * labelled text): still honoured, so sessions live across the upgrade; new cookies are never
 * written this way, and after one `sessionTtlMs` none of these is left.
 */
function verifyEarlierCookie(value: string, secrets: readonly string[]): SessionCookie | undefined {
  const [id, device, signature, ...rest] = value.split('.');
  if (!id || !device || !signature || rest.length > 0) return undefined;
  const given = Buffer.from(signature);
  for (const secret of secrets) {
    const expected = Buffer.from(
      createHmac('sha256', secret).update(`berbix-capture session ${id} device ${device}`).digest('base64url'),
    );
    if (given.length === expected.length && timingSafeEqual(given, expected)) return { id, device };
  }
  return undefined;
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

function isHttps(req: Request): boolean {
  return req.protocol === 'https';
}

/** The cookie's name on this request: `__Host-` over HTTPS, as that prefix requires Secure. */
export function cookieNameFor(req: Request, baseName: string): string {
  return isHttps(req) ? `__Host-${baseName}` : baseName;
}

export function readSessionCookie(
  req: Request,
  secrets: readonly string[],
  baseName = COOKIE_NAME,
): SessionCookie | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  const value = parse(header)[cookieNameFor(req, baseName)];
  return value ? verifySessionCookie(value, secrets) : undefined;
}

function cookieFlags(req: Request) {
  return {
    httpOnly: true,
    sameSite: 'strict' as const,
    // Browsers refuse Secure cookies over plain http, which only loopback may use here.
    secure: isHttps(req) || !LOOPBACK.has(req.hostname),
    // `__Host-` requires Path=/ and no Domain.
    path: '/',
  };
}

export function writeSessionCookie(
  req: Request,
  res: Response,
  cookie: SessionCookie,
  secrets: readonly string[],
  maxAgeMs: number,
  baseName = COOKIE_NAME,
): void {
  // Max-Age for today's browsers, Expires for older ones, as Express's res.cookie writes them.
  const header = serialize(cookieNameFor(req, baseName), signSessionCookie(cookie, secrets), {
    ...cookieFlags(req),
    maxAge: Math.floor(maxAgeMs / 1000),
    expires: new Date(Date.now() + maxAgeMs),
  });
  res.append('set-cookie', header);
}

export function clearSessionCookie(req: Request, res: Response, baseName = COOKIE_NAME): void {
  res.append('set-cookie', serialize(cookieNameFor(req, baseName), '', { ...cookieFlags(req), expires: new Date(0) }));
}
