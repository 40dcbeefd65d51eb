import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';

/**
 * The session cookie: an opaque random id and its HMAC, nothing else. With `__Host-` over HTTPS so
 * no subdomain can set or read it.
 */
export const COOKIE_NAME = 'berbix_session';

export function newSessionId(): string {
  return randomBytes(24).toString('base64url');
}

function mac(id: string, secret: string): string {
  return createHmac('sha256', secret).update(`berbix-capture session ${id}`).digest('base64url');
}

/** Signs with the newest secret. */
export function signSessionId(id: string, secrets: readonly string[]): string {
  return `${id}.${mac(id, secrets[0] ?? '')}`;
}

/** The session id when the value carries a valid signature by any of the secrets, else undefined. */
export function verifySessionCookie(value: string, secrets: readonly string[]): string | undefined {
  const dot = value.lastIndexOf('.');
  if (dot <= 0 || value.length > 256) return undefined;
  const id = value.slice(0, dot);
  const given = Buffer.from(value.slice(dot + 1));
  for (const secret of secrets) {
    const expected = Buffer.from(mac(id, secret));
    if (given.length === expected.length && timingSafeEqual(given, expected)) return id;
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

export function readSessionId(req: Request, secrets: readonly string[], baseName = COOKIE_NAME): string | undefined {
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
  id: string,
  secrets: readonly string[],
  maxAgeMs: number,
  baseName = COOKIE_NAME,
): void {
  res.cookie(cookieNameFor(req, baseName), signSessionId(id, secrets), { ...cookieFlags(req), maxAge: maxAgeMs });
}

export function clearSessionCookie(req: Request, res: Response, baseName = COOKIE_NAME): void {
  res.clearCookie(cookieNameFor(req, baseName), cookieFlags(req));
}
