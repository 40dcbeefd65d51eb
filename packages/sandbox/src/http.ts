import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { badRequest, SandboxError } from './errors.js';
import { stringifyJson } from './json.js';

/** Berbix caps request bodies at 20 MB; the sandbox answers 413 past it. */
export const MAX_BODY_BYTES = 20 * 1024 * 1024;

export const REQUEST_ID_HEADER = 'x-request-id';

export function newRequestId(): string {
  return `req_${randomUUID().replaceAll('-', '')}`;
}

/** Reads the whole body, refusing more than `limit` bytes without buffering past it. */
export async function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    throw new SandboxError(413, 'payload_too_large', `request body over ${limit} bytes`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > limit) {
        throw new SandboxError(413, 'payload_too_large', `request body over ${limit} bytes`);
      }
      chunks.push(chunk as Buffer);
    }
  } catch (error) {
    if (error instanceof SandboxError) throw error;
    // The client went away mid-body (a retrying client, a fault test): not a sandbox bug.
    throw new SandboxError(400, 'invalid_request', 'the request body was not received whole');
  }
  return Buffer.concat(chunks, size);
}

/** Reads a JSON object body; anything else is a 400 that says why. */
export async function readJsonObject(req: IncomingMessage): Promise<Record<string, unknown>> {
  const type = req.headers['content-type'] ?? '';
  if (!/^application\/json\b/i.test(type)) {
    throw badRequest('body', 'Content-Type must be application/json');
  }
  const raw = await readBody(req);
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.toString('utf8'));
  } catch {
    throw badRequest('body', 'not valid JSON');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw badRequest('body', 'must be a JSON object');
  }
  return parsed as Record<string, unknown>;
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = stringifyJson(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

export function sendEmpty(res: ServerResponse, status: number): void {
  res.writeHead(status);
  res.end();
}
