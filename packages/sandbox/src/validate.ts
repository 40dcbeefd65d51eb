import { badRequest } from './errors.js';

/**
 * Field readers for JSON bodies. Each failure is a 400 naming the field by its full path (e.g.
 * `images[0].format`), never echoing the value, which could be personal data.
 */
export type JsonObject = Record<string, unknown>;

export function optionalString(body: JsonObject, field: string, path = field): string | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw badRequest(path, 'must be a string');
  return value;
}

export function requiredString(body: JsonObject, field: string, path = field): string {
  const value = optionalString(body, field, path);
  if (!value) throw badRequest(path, 'is required');
  return value;
}

export function optionalObject(body: JsonObject, field: string, path = field): JsonObject | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw badRequest(path, 'must be an object');
  return value as JsonObject;
}

export function optionalBoolean(body: JsonObject, field: string, path = field): boolean | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw badRequest(path, 'must be a boolean');
  return value;
}

export function requiredArray(body: JsonObject, field: string, path = field): unknown[] {
  const value = body[field];
  if (value === undefined || value === null) throw badRequest(path, 'is required');
  if (!Array.isArray(value)) throw badRequest(path, 'must be an array');
  return value;
}

export function asObject(value: unknown, path: string): JsonObject {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw badRequest(path, 'must be an object');
  return value as JsonObject;
}

/**
 * Refuses keys outside `allowed`, as stripe-mock does, so typos in a client show up at once. The
 * key is named only when it looks like a field name: a key is caller data too, and could be anything.
 */
export function rejectUnknownKeys(body: JsonObject, allowed: readonly string[], path = 'body'): void {
  for (const key of Object.keys(body)) {
    if (allowed.includes(key)) continue;
    const nameable = /^[a-z][a-z0-9_]{0,63}$/.test(key) && !/\d{4}/.test(key);
    if (!nameable) throw badRequest(path, 'has a field that is not part of the contract');
    throw badRequest(path === 'body' ? key : `${path}.${key}`, 'is not a known field');
  }
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const BASE64URL = /^[A-Za-z0-9_-]*$/;

/** Decodes standard or URL-safe base64 (whitespace tolerated); anything else is a 400. */
export function decodeBase64(value: string, path: string): Buffer {
  const compact = value.replace(/\s+/g, '');
  if (compact.length === 0) throw badRequest(path, 'is empty');
  if (!BASE64.test(compact) && !BASE64URL.test(compact)) throw badRequest(path, 'must be base64');
  return Buffer.from(compact, BASE64.test(compact) ? 'base64' : 'base64url');
}
