import { ERROR_CODES } from '@berbix-capture/protocol';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { AdapterError } from './errors.js';

/**
 * Every request body the adapter reads, JSON or image, goes through here: a byte cap, and a
 * deadline for the whole body. A body still arriving at its deadline (a sender trickling bytes to
 * hold a connection, an upload slot, or its memory) is answered 408 and its connection closed;
 * a body nobody reads (a refused request) gets the same deadline from {@link bodyDeadline}.
 */

/** Bytes we are willing to read and throw away after a 413 so the browser sees the answer, not a reset. */
const DISCARD_AFTER_LIMIT_BYTES = 1024 * 1024;

/** Whole-body deadline for images when the caller sets none (a 20 MB photo at about 3 Mbit/s). */
export const DEFAULT_BODY_TIMEOUT_MS = 60_000;
/** Whole-body deadline for JSON bodies and bodies nobody reads: they are at most a few kB. */
export const DEFAULT_JSON_BODY_TIMEOUT_MS = 10_000;

/** The 413 answer; it closes the connection so the sender stops. */
function tooLarge(limit: number): AdapterError {
  return new AdapterError(413, ERROR_CODES.payloadTooLarge, `the body is over the ${limit} byte limit`, {
    closeConnection: true,
  });
}

function tooSlow(): AdapterError {
  return new AdapterError(408, ERROR_CODES.invalidRequest, 'the body took too long to arrive', {
    closeConnection: true,
  });
}

/** The sender went away mid-body: nothing to forward, and nobody left to answer; say so plainly. */
function interrupted(): AdapterError {
  return new AdapterError(400, ERROR_CODES.invalidRequest, 'the upload was interrupted');
}

interface Deadline {
  timer: NodeJS.Timeout | undefined;
  expired: boolean;
  /** Set while a reader waits on the body: it answers the 408. */
  onExpire: (() => void) | undefined;
}

const deadlines = new WeakMap<Request, Deadline>();

/** Whether the request carries a body (a length above 0, or chunked), as body parsers judge it. */
function hasBody(req: Request): boolean {
  return req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
}

/** (Re)arms the request's body deadline, `ms` from now. */
function arm(req: Request, ms: number): Deadline {
  let deadline = deadlines.get(req);
  if (deadline) clearTimeout(deadline.timer);
  else {
    const created: Deadline = { timer: undefined, expired: false, onExpire: undefined };
    deadlines.set(req, created);
    const disarm = () => clearTimeout(created.timer);
    req.once('end', disarm);
    req.once('close', disarm);
    deadline = created;
  }
  const armed = deadline;
  armed.timer = setTimeout(() => {
    if (req.complete) return;
    armed.expired = true;
    if (armed.onExpire) armed.onExpire();
    // Nobody reads this body: whatever answer there is went out already or is not worth waiting for.
    else req.socket.destroy();
  }, ms);
  return armed;
}

/**
 * Gives every request with a body a deadline of `ms` from its start; readers that allow longer
 * (image uploads) re-arm it when they start reading.
 */
export function bodyDeadline(ms: number): RequestHandler {
  return (req: Request, _res: Response, next: NextFunction) => {
    if (hasBody(req) && !req.complete) arm(req, ms);
    next();
  };
}

/**
 * Reads a request body as a stream with a hard cap: a declared length over the cap is refused
 * before reading, and an undeclared one is refused as soon as it passes the cap. Nothing past the
 * cap is kept in memory; a little is drained and dropped so the 413 reaches the browser, then the
 * connection is cut. A body still arriving `timeoutMs` after reading starts is answered 408 and its
 * bytes dropped.
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
  if (req.readableEnded) return Buffer.alloc(0);
  const deadline = arm(req, timeoutMs);
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const settle = (error: AdapterError | undefined) => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('close', onClose);
      req.off('error', onError);
      deadline.onExpire = undefined;
      if (error) {
        discardRest(req);
        reject(error);
      } else {
        clearTimeout(deadline.timer);
        resolve(Buffer.concat(chunks, size));
      }
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) settle(tooLarge(limit));
      else chunks.push(chunk);
    };
    const onEnd = () => settle(undefined);
    const onClose = () => settle(req.complete ? undefined : interrupted());
    const onError = () => settle(interrupted());
    deadline.onExpire = () => settle(tooSlow());
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('close', onClose);
    req.on('error', onError);
  });
}

/**
 * Drops the rest of a refused body, so the answer can be written while the sender is still
 * sending; a sender that keeps going past a little more loses the socket. The refusal closes the
 * connection once it is written.
 */
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
  req.on('error', () => {});
  req.resume();
}

/** The declared media type without parameters, lower-cased. */
export function mediaType(req: Request): string {
  return (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

/**
 * Parses a JSON request body into `req.body`, as `express.json({ limit })` did: only for
 * `application/json` (other types leave `req.body` undefined and the body unread, under the
 * request's {@link bodyDeadline}), UTF-8 only, identity encoding only, an empty body is `{}`, and
 * only an object or an array is accepted. The body must arrive within `timeoutMs`.
 */
export function jsonBody(options: { limit: number | (() => number); timeoutMs: number }): RequestHandler {
  return (req: Request, _res: Response, next: NextFunction) => {
    readJson(req, typeof options.limit === 'function' ? options.limit() : options.limit, options.timeoutMs).then(
      (body) => {
        req.body = body;
        next();
      },
      next,
    );
  };
}

async function readJson(req: Request, limit: number, timeoutMs: number): Promise<unknown> {
  // A JSON parser mounted in front of the adapter (app.use(express.json())) read it already.
  if ((req as { _body?: boolean })._body) return req.body;
  if (!hasBody(req) || mediaType(req) !== 'application/json') return undefined;
  const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase();
  if (encoding !== 'identity') {
    throw new AdapterError(400, ERROR_CODES.invalidRequest, 'send the JSON body uncompressed');
  }
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(req.headers['content-type'] ?? '')?.[1]?.toLowerCase();
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
    throw new AdapterError(400, ERROR_CODES.invalidRequest, 'send the JSON body as UTF-8');
  }
  const bytes = await readCappedBody(req, limit, timeoutMs);
  const text = bytes.toString('utf8').trim();
  if (text === '') return {};
  if (text[0] !== '{' && text[0] !== '[') throw malformed();
  try {
    return JSON.parse(text);
  } catch {
    throw malformed();
  }
}

function malformed(): AdapterError {
  return new AdapterError(400, ERROR_CODES.invalidRequest, 'malformed request body');
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
