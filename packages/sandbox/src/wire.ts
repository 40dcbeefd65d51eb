import type { IncomingMessage } from 'node:http';
import { readWire } from '@berbix-capture/protocol/berbix';
import type * as v from 'valibot';
import { badRequest } from './errors.js';
import { readJsonObject } from './http.js';

/**
 * Requests read against the contract's schemas (protocol/berbix). A body that does not fit is a 400
 * naming the field by its full path (e.g. `images[0].format`), never echoing the value, which could
 * be personal data.
 */
export async function readRequest<TSchema extends v.GenericSchema>(
  req: IncomingMessage,
  schema: TSchema,
): Promise<v.InferOutput<TSchema>> {
  return checkBody(schema, await readJsonObject(req));
}

/** Reads an already parsed body against `schema`; throws the 400 for its first problem. */
export function checkBody<TSchema extends v.GenericSchema>(schema: TSchema, body: unknown): v.InferOutput<TSchema> {
  const reading = readWire(schema, body);
  if (!reading.ok) throw badRequest(reading.problem.path || 'body', reading.problem.message);
  return reading.value;
}

/** Longest customer uid, template key, email, phone, note or field value the sandbox stores. */
export const MAX_TEXT = 512;

/** The sandbox's own bound on stored text (the contract sets none): a 400 naming the first field past it. */
export function boundTexts(fields: Record<string, string | undefined>): void {
  for (const [path, value] of Object.entries(fields)) {
    if (value !== undefined && value.length > MAX_TEXT) throw badRequest(path, `at most ${MAX_TEXT} characters`);
  }
}

/**
 * Decodes base64 the schema has already checked (standard or URL-safe, whitespace tolerated). The
 * URL-safe alphabet is chosen only when the text is not standard base64.
 */
export function decodeBase64(text: string): Buffer {
  const compact = text.replace(/\s+/g, '');
  return Buffer.from(compact, /^[A-Za-z0-9+/]*={0,2}$/.test(compact) ? 'base64' : 'base64url');
}
