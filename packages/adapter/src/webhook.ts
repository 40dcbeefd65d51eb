import { createHash } from 'node:crypto';
import {
  type BerbixWebhookEvent,
  DEFAULT_WEBHOOK_TOLERANCE_SECONDS,
  MAX_WEBHOOK_BODY_BYTES,
  parseWebhook,
  WEBHOOK_SIGNATURE_HEADER,
  webhookSignatureProblem,
} from '@berbix-capture/client';
import { ERROR_CODES } from '@berbix-capture/protocol';
import createDebug from 'debug';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { readCappedBody } from './body.js';
import { AdapterError, sendError } from './errors.js';

const log = createDebug('berbix-capture:webhook');

export interface BerbixWebhookOptions {
  /** The webhook secret from Berbix's dashboard (`BERBIX_WEBHOOK_SECRET`). */
  secret: string;
  /** Handles a verified event; the answer is 2xx only once it resolved, so Berbix retries failures. */
  onEvent: (event: BerbixWebhookEvent, req: Request) => Promise<void> | void;
  /** Accepted clock distance of the signature's timestamp, both ways, in seconds (default 300). */
  toleranceSeconds?: number;
}

/** Signatures remembered at most; a flood of valid signatures is impossible without the secret anyway. */
const MAX_REMEMBERED = 100_000;

/**
 * Remembers signatures already accepted (or being handled) until they could no longer verify
 * anyway, so a captured delivery cannot be played again. Per process: with several instances a
 * replay to another instance inside the tolerance window is not caught here; keep `onEvent`
 * idempotent on `transaction_id`.
 */
class ReplayGuard {
  private readonly seen = new Map<string, { until: number; state: 'handling' | 'done' }>();

  constructor(private readonly windowMs: number) {}

  /** True when the signature is new; it is then held as "handling" until settled. */
  claim(signature: string): boolean {
    const now = Date.now();
    const key = createHash('sha256').update(signature).digest('base64url');
    const entry = this.seen.get(key);
    if (entry && entry.until > now) return false;
    this.seen.set(key, { until: now + this.windowMs, state: 'handling' });
    for (const [oldKey, old] of this.seen) {
      if (this.seen.size <= MAX_REMEMBERED && old.until > now) break;
      this.seen.delete(oldKey);
    }
    return true;
  }

  /** Keeps an accepted signature; forgets a failed one so Berbix's retry of it is welcome. */
  settle(signature: string, accepted: boolean): void {
    const key = createHash('sha256').update(signature).digest('base64url');
    if (accepted) {
      const entry = this.seen.get(key);
      if (entry) entry.state = 'done';
    } else {
      this.seen.delete(key);
    }
  }
}

/**
 * The webhook endpoint. Verifies `X-Berbix-Signature` on the raw bytes before anything parses them,
 * refuses replays, and answers 204 only after `onEvent` resolved (a failure goes to `next(err)`, so
 * the answer is a 5xx and Berbix retries). Bad signatures get 400; the body is never echoed or logged.
 *
 * ```ts
 * app.post('/berbix-webhook', express.raw({ type: '*\/*' }), berbixWebhook({ secret, onEvent }));
 * ```
 * Without `express.raw` in front it reads the raw body itself; after `express.json` it cannot
 * verify and fails every request loudly.
 */
export function berbixWebhook(options: BerbixWebhookOptions): RequestHandler {
  if (!options || typeof options !== 'object') throw new TypeError('berbixWebhook needs { secret, onEvent }');
  const allowed = ['secret', 'onEvent', 'toleranceSeconds'];
  const unknown = Object.keys(options).filter((key) => !allowed.includes(key));
  if (unknown.length > 0) {
    throw new TypeError(`unknown berbixWebhook option(s) ${unknown.join(', ')}; allowed: ${allowed.join(', ')}`);
  }
  if (typeof options.secret !== 'string' || options.secret === '')
    throw new TypeError('secret must be a non-empty string');
  if (typeof options.onEvent !== 'function')
    throw new TypeError('onEvent must be a function (event, req) => Promise<void>');
  const tolerance = options.toleranceSeconds ?? DEFAULT_WEBHOOK_TOLERANCE_SECONDS;
  if (typeof tolerance !== 'number' || !Number.isFinite(tolerance) || tolerance <= 0 || tolerance > 3600) {
    throw new TypeError('toleranceSeconds must be a number of seconds between 0 and 3600');
  }
  // A signature cannot verify after tolerance seconds in either direction: remember it twice that long.
  const replays = new ReplayGuard(2 * tolerance * 1000);
  const { secret, onEvent } = options;

  return (req: Request, res: Response, next: NextFunction) => {
    void (async () => {
      const raw = await rawBody(req);
      const header = req.headers[WEBHOOK_SIGNATURE_HEADER];
      const signature = typeof header === 'string' ? header : undefined;
      const problem = webhookSignatureProblem(raw, signature, secret, { toleranceSeconds: tolerance });
      if (problem !== null || signature === undefined) {
        log('webhook rejected: %s', problem);
        throw new AdapterError(400, ERROR_CODES.invalidRequest, `webhook signature rejected: ${problem ?? 'missing'}`);
      }
      if (!replays.claim(signature)) {
        log('webhook rejected: replayed signature');
        throw new AdapterError(409, ERROR_CODES.invalidRequest, 'this delivery was already received');
      }
      let event: BerbixWebhookEvent;
      try {
        event = parseWebhook(raw, signature, secret, { toleranceSeconds: tolerance });
      } catch {
        replays.settle(signature, false);
        throw new AdapterError(400, ERROR_CODES.invalidRequest, 'webhook body is not a transaction event');
      }
      try {
        await onEvent(event, req);
      } catch (error) {
        replays.settle(signature, false);
        throw error;
      }
      replays.settle(signature, true);
      res.status(204).end();
    })().catch((error: unknown) => {
      if (error instanceof AdapterError) return sendError(res, error);
      next(error);
    });
  };
}

/** The exact bytes received: from `express.raw`, or read here when nothing consumed the stream. */
async function rawBody(req: Request): Promise<Buffer> {
  if (Buffer.isBuffer(req.body)) return req.body;
  // Parsed already (express.json ran): the bytes that were signed are gone, so nothing can be verified.
  if (req.body !== undefined) {
    throw new TypeError(
      'berbixWebhook needs the raw body: mount it with express.raw({ type: "*/*" }), not after express.json()',
    );
  }
  if (req.readableEnded) return Buffer.alloc(0);
  return readCappedBody(req, MAX_WEBHOOK_BODY_BYTES);
}
