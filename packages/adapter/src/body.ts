import { ERROR_CODES } from '@berbix-capture/protocol';
import type { Request } from 'express';
import { AdapterError } from './errors.js';

/** Bytes we are willing to read and throw away after a 413 so the browser sees the answer, not a reset. */
const DISCARD_AFTER_LIMIT_BYTES = 1024 * 1024;

/** The 413 answer; it closes the connection so the sender stops. */
function tooLarge(limit: number): AdapterError {
  return new AdapterError(413, ERROR_CODES.payloadTooLarge, `the body is over the ${limit} byte limit`, {
    closeConnection: true,
  });
}

/** Whole-body deadline when the caller sets none (a 20 MB photo at about 3 Mbit/s). */
export const DEFAULT_BODY_TIMEOUT_MS = 60_000;

/**
 * Reads a request body as a stream with a hard cap: a declared length over the cap is refused
 * before reading, and an undeclared one is refused as soon as it passes the cap. Nothing past the
 * cap is kept in memory; a little is drained and dropped so the 413 reaches the browser, then the
 * connection is cut. A body still arriving after `timeoutMs` (a client trickling bytes to hold an
 * upload slot and its memory) is cut off: the socket is destroyed and what was read is dropped.
 */
export async function readCappedBody(
  req: Request,
  limit: number,
  timeoutMs: number = DEFAULT_BODY_TIMEOUT_MS,
): Promise<Buffer> {
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > limit) {
    discardRest(req);
    throw tooLarge(limit);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  let timedOut = false;
  // Destroying the request ends the loop below with an error; nobody is left to read an answer.
  const timer = setTimeout(() => {
    timedOut = true;
    req.destroy();
  }, timeoutMs);
  try {
    for await (const chunk of req) {
      const buffer = chunk as Buffer;
      size += buffer.length;
      if (size > limit) {
        discardRest(req);
        throw tooLarge(limit);
      }
      chunks.push(buffer);
    }
  } catch (error) {
    if (error instanceof AdapterError) throw error;
    if (timedOut) {
      throw new AdapterError(408, ERROR_CODES.invalidRequest, 'the body took too long to arrive', {
        closeConnection: true,
      });
    }
    // The sender went away mid-body: nothing to forward, and nobody left to answer; say so plainly.
    throw new AdapterError(400, ERROR_CODES.invalidRequest, 'the upload was interrupted');
  } finally {
    clearTimeout(timer);
  }
  return Buffer.concat(chunks, size);
}

/** Drops the rest of a refused body; a sender that keeps going past a little more loses the socket. */
function discardRest(req: Request): void {
  let dropped = 0;
  const onData = (chunk: Buffer) => {
    dropped += chunk.length;
    if (dropped > DISCARD_AFTER_LIMIT_BYTES) {
      req.off('data', onData);
      req.socket.destroy();
    }
  };
  req.on('data', onData);
  req.resume();
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Decodes strict base64 (standard alphabet, padded). `Buffer.from(x, 'base64')` silently skips
 * junk, which would let a garbled barcode through as a different payload.
 */
export function decodeStrictBase64(text: string, maxDecodedBytes: number, what: string): Buffer {
  if (text.length === 0 || text.length % 4 !== 0 || !BASE64.test(text)) {
    throw new AdapterError(400, ERROR_CODES.invalidRequest, `${what} must be non-empty, padded, standard base64`);
  }
  if ((text.length / 4) * 3 > maxDecodedBytes + 2) {
    throw new AdapterError(400, ERROR_CODES.invalidRequest, `${what} is over the ${maxDecodedBytes} byte limit`);
  }
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length > maxDecodedBytes) {
    throw new AdapterError(400, ERROR_CODES.invalidRequest, `${what} is over the ${maxDecodedBytes} byte limit`);
  }
  return bytes;
}

/**
 * The fields of a JSON request body that must be an object holding only `allowed` keys (each
 * optional; the caller checks their values). `shape` names the expected body in the 400's message.
 */
export function jsonFields<K extends string>(
  body: unknown,
  allowed: readonly K[],
  shape: string,
): Partial<Record<K, unknown>> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new AdapterError(400, ERROR_CODES.invalidRequest, `body must be ${shape}`);
  }
  const unknown = Object.keys(body).filter((key) => !(allowed as readonly string[]).includes(key));
  if (unknown.length > 0) {
    throw new AdapterError(400, ERROR_CODES.invalidRequest, `unknown field(s): ${unknown.join(', ')}`);
  }
  return body as Partial<Record<K, unknown>>;
}
