import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';

/**
 * The session cookie: an opaque random session id, the id of the device holding it, and their
 * HMAC, nothing else. With `__Host-` over HTTPS so no subdomain can set or read it.
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

function mac(cookie: SessionCookie, secret: string): string {
  return createHmac('sha256', secret)
    .update(`berbix-capture session ${cookie.id} device ${cookie.device}`)
    .digest('base64url');
}

/** Signs with the newest secret. */
export function signSessionCookie(cookie: SessionCookie, secrets: readonly string[]): string {
  return `${cookie.id}.${cookie.device}.${mac(cookie, secrets[0] ?? '')}`;
}

/** What the value names when it carries a valid signature by any of the secrets, else undefined. */
export function verifySessionCookie(value: string, secrets: readonly string[]): SessionCookie | undefined {
  if (value.length > 256) return undefined;
  const [id, device, signature, ...rest] = value.split('.');
  if (!id || !device || !signature || rest.length > 0) return undefined;
  const given = Buffer.from(signature);
  for (const secret of secrets) {
    const expected = Buffer.from(mac({ id, device }, secret));
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

/** Reads one cookie from the header without a dependency: names here are fixed and ASCII. */
function readCookie(req: Request, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

export function readSessionCookie(
  req: Request,
  secrets: readonly string[],
  baseName = COOKIE_NAME,
): SessionCookie | undefined {
  const value = readCookie(req, cookieNameFor(req, baseName));
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
  res.cookie(cookieNameFor(req, baseName), signSessionCookie(cookie, secrets), {
    ...cookieFlags(req),
    maxAge: maxAgeMs,
  });
}

export function clearSessionCookie(req: Request, res: Response, baseName = COOKIE_NAME): void {
  res.clearCookie(cookieNameFor(req, baseName), cookieFlags(req));
}
