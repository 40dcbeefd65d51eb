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
import * as v from 'valibot';
import { readCappedBody } from './body.js';
import { AdapterError, sendError } from './errors.js';
import { callback, optionsObject, readOptions } from './option-schemas.js';
import { memoryReplayGuard, type ReplayGuard } from './replay.js';

const log = createDebug('berbix-capture:webhook');

export interface BerbixWebhookOptions {
  /** The webhook secret from Berbix's dashboard (`BERBIX_WEBHOOK_SECRET`). */
  secret: string;
  /** Handles a verified event; the answer is 2xx only once it resolved, so Berbix retries failures. */
  onEvent: (event: BerbixWebhookEvent, req: Request) => Promise<void> | void;
  /** Accepted clock distance of the signature's timestamp, both ways, in seconds (default 300). */
  toleranceSeconds?: number;
  /**
   * Where accepted signatures are remembered (default: this process's memory). With several
   * instances, share one: `redisReplayGuard({ url })`.
   */
  replayGuard?: ReplayGuard;
}

/** `berbixWebhook(options)` as data. */
const WebhookOptionsSchema = optionsObject({
  secret: v.pipe(v.string('must be a non-empty string'), v.nonEmpty('must be a non-empty string')),
  onEvent: callback<BerbixWebhookOptions['onEvent']>('(event, req) => Promise<void>'),
  toleranceSeconds: v.optional(
    v.pipe(
      v.number('must be a number of seconds between 0 and 3600'),
      v.check(
        (seconds) => Number.isFinite(seconds) && seconds > 0 && seconds <= 3600,
        'must be a number of seconds between 0 and 3600',
      ),
    ),
  ),
  replayGuard: v.optional(
    v.custom<ReplayGuard>(
      (guard) =>
        typeof guard === 'object' &&
        guard !== null &&
        typeof (guard as ReplayGuard).claim === 'function' &&
        typeof (guard as ReplayGuard).settle === 'function',
      'must implement claim and settle',
    ),
  ),
});
const WEBHOOK_OPTIONS = Object.keys(WebhookOptionsSchema.pipe[1].entries);

/**
 * The webhook endpoint. Verifies `X-Berbix-Signature` on the raw bytes before anything parses them,
 * refuses replays (per process, or shared through `replayGuard`), and answers 204 only after `onEvent` resolved (a failure goes to `next(err)`, so
 * the answer is a 5xx and Berbix retries). Bad signatures get 400; the body is never echoed or logged.
 *
 * ```ts
 * app.post('/berbix-webhook', express.raw({ type: '*\/*' }), berbixWebhook({ secret, onEvent }));
 * ```
 * Without `express.raw` in front it reads the raw body itself; after `express.json` it cannot
 * verify and fails every request loudly.
 */
export function berbixWebhook(options: BerbixWebhookOptions): RequestHandler {
  const given = readOptions(WebhookOptionsSchema, options, 'berbixWebhook', () => WEBHOOK_OPTIONS);
  const tolerance = given.toleranceSeconds ?? DEFAULT_WEBHOOK_TOLERANCE_SECONDS;
  const replays = given.replayGuard ?? memoryReplayGuard();
  // A signature cannot verify after tolerance seconds in either direction: remember it twice that long.
  const rememberMs = 2 * tolerance * 1000;
  const { secret, onEvent } = given;

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
      if (!(await replays.claim(signature, rememberMs))) {
        log('webhook rejected: replayed signature');
        throw new AdapterError(409, ERROR_CODES.invalidRequest, 'this delivery was already received');
      }
      let event: BerbixWebhookEvent;
      try {
        event = parseWebhook(raw, signature, secret, { toleranceSeconds: tolerance });
      } catch {
        await replays.settle(signature, false);
        throw new AdapterError(400, ERROR_CODES.invalidRequest, 'webhook body is not a transaction event');
      }
      try {
        await onEvent(event, req);
      } catch (error) {
        await replays.settle(signature, false);
        throw error;
      }
      await replays.settle(signature, true);
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
