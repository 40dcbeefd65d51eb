import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';

/**
 * The session cookie: an opaque random id and its HMAC, nothing else. With `__Host-` over HTTPS so
 * no subdomain can set or read it.
 */
export const COOKIE_NAME = 'berbix_session';
const SECURE_COOKIE_NAME = `__Host-${COOKIE_NAME}`;

export function newSessionId(): string {
  return randomBytes(24).toString('base64url');
}

function mac(id: string, secret: string): string {
  return createHmac('sha256', secret).update(`berbix-capture session ${id}`).digest('base64url');
}

export function signSessionId(id: string, secret: string): string {
  return `${id}.${mac(id, secret)}`;
}

/** The session id when the value carries a valid signature, else undefined. */
export function verifySessionCookie(value: string, secret: string): string | undefined {
  const dot = value.lastIndexOf('.');
  if (dot <= 0) return undefined;
  const id = value.slice(0, dot);
  const given = Buffer.from(value.slice(dot + 1));
  const expected = Buffer.from(mac(id, secret));
  return given.length === expected.length && timingSafeEqual(given, expected) ? id : undefined;
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

function isHttps(req: Request): boolean {
  return req.protocol === 'https';
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

export function readSessionId(req: Request, secret: string): string | undefined {
  const value = readCookie(req, isHttps(req) ? SECURE_COOKIE_NAME : COOKIE_NAME);
  return value ? verifySessionCookie(value, secret) : undefined;
}

export function writeSessionCookie(req: Request, res: Response, id: string, secret: string, maxAgeMs: number): void {
  const https = isHttps(req);
  res.cookie(https ? SECURE_COOKIE_NAME : COOKIE_NAME, signSessionId(id, secret), {
    httpOnly: true,
    sameSite: 'strict',
    // Browsers refuse Secure cookies over plain http, which only loopback may use here.
    secure: https || !LOOPBACK.has(req.hostname),
    path: '/',
    maxAge: maxAgeMs,
  });
}

export function clearSessionCookie(req: Request, res: Response): void {
  const https = isHttps(req);
  res.clearCookie(https ? SECURE_COOKIE_NAME : COOKIE_NAME, {
    httpOnly: true,
    sameSite: 'strict',
    secure: https || !LOOPBACK.has(req.hostname),
    path: '/',
  });
}
