import { randomUUID } from 'node:crypto';
import { BerbixError, type Tokens } from '@berbix-capture/client';
import {
  type CreateSessionRequest,
  CreateSessionRequestSchema,
  type CreateSessionResponse,
  ERROR_CODES,
  type SessionStatusResponse,
} from '@berbix-capture/protocol';
import createDebug from 'debug';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { bodyDeadline, jsonBody } from './body.js';
import { takeBudget } from './budget.js';
import { finishPendingCompletion } from './completion.js';
import type { AdapterContext } from './context.js';
import { clearSessionCookie, newDeviceId, newSessionId, readSessionCookie, writeSessionCookie } from './cookie.js';
import { AdapterError, sendError } from './errors.js';
import { cancelHandoff, claimHandoff, handoffEvents, handoffStatus, offerHandoff } from './handoff.js';
import { handoffCodec } from './handoff-code.js';
import { type BerbixCaptureOptions, type CaptureResult, type ResolvedOptions, resolveOptions } from './options.js';
import { originGuard } from './origin.js';
import { RateLimiter } from './rate-limit.js';
import { customerText, loadCaller, loadSessionById, newRecord, openResult, requireSession } from './repository.js';
import { readRequest } from './requests.js';
import { deriveKeys } from './secrets.js';
import { type SessionRecord, storeFromUpdate } from './store.js';
import { drives } from './transitions.js';
import { UploadSlots } from './upload-slots.js';
import { uploadIdScan, uploadImage } from './uploads.js';
import { classifyUpstreamError, upstreamFor } from './upstream.js';

const log = createDebug('berbix-capture:adapter');

/** The router `berbixCapture()` returns, with the integrator's way to read finished results. */
export interface BerbixCaptureRouter extends Router {
  /**
   * The finished transaction of a session, from the request's session cookie or a session id (as
   * `onComplete` received it); undefined while the capture is not done or when there is no such
   * session.
   */
  getResult(from: Request | string): Promise<CaptureResult | undefined>;
}

/**
 * The Express adapter: mount it where the element's `endpoint` points. It holds every Berbix token,
 * checks every upload before Berbix sees it, and walks the step loop on the browser's behalf.
 *
 * ```ts
 * const capture = berbixCapture({ secret, transaction: async (req) => ({ customerUid, templateKey }) });
 * app.use('/berbix', capture);
 * const result = await capture.getResult(req);
 * ```
 *
 * Bad configuration throws a `TypeError` here; request-time errors that are not the browser's go to
 * `next(err)`. Logs (namespace `berbix-capture:*`, through `debug`) carry request ids and steps,
 * never a token, an image, a barcode or a personal field.
 */
export function berbixCapture(options: BerbixCaptureOptions): BerbixCaptureRouter {
  const config = resolveOptions(options);
  const ctx: AdapterContext = {
    config,
    store: 'transition' in config.store ? config.store : storeFromUpdate(config.store),
    keys: deriveKeys(config.secrets),
    upstream: upstreamFor(config.client),
    limiter: config.rateLimit ? new RateLimiter(config.rateLimit.windowMs) : null,
    uploadSlots: new UploadSlots(config.limits.maxConcurrentUploads, config.limits.maxConcurrentUploadsPerClient),
    handoffCodec: handoffCodec(config.secrets),
    claimLimiter: new RateLimiter(config.handoff.claimWindowMs),
    handoffStreams: new Map(),
  };
  const router = express.Router() as BerbixCaptureRouter;
  const handle =
    (fn: (ctx: AdapterContext, req: Request, res: Response) => Promise<void>) =>
    (req: Request, res: Response, next: NextFunction) => {
      fn(ctx, req, res).catch(next);
    };

  router.use((_req, res, next) => {
    res.locals.requestId = randomUUID();
    res.setHeader('x-request-id', res.locals.requestId as string);
    // Answers about a person's session are never cached.
    res.setHeader('cache-control', 'no-store');
    next();
  });
  router.use(originGuard(config));

  // Every body has a deadline, read or not; JSON bodies are small and get the short one.
  const json = (limit: number) => jsonBody({ limit, timeoutMs: config.limits.jsonBodyTimeoutMs });
  router.use(bodyDeadline(config.limits.jsonBodyTimeoutMs));
  router.post('/session', json(4 * 1024), handle(createSession));
  router.get('/session', handle(sessionStatus));
  router.delete('/session', handle(deleteSession));
  router.post('/session/images/:subject', handle(uploadImage));
  router.post('/session/idscan', json(idScanBodyLimit(config)), handle(uploadIdScan));
  router.post('/session/handoff', handle(offerHandoff));
  router.get('/session/handoff', handle(handoffStatus));
  router.delete('/session/handoff', handle(cancelHandoff));
  router.get('/session/handoff/events', handle(handoffEvents));
  router.post('/session/handoff/claim', json(1024), handle(claimHandoff));

  router.use((error: unknown, req: Request, res: Response, next: NextFunction) => {
    if (error instanceof AdapterError) {
      // A refusal before its body was read: the rest of the body is not waited for.
      if (!req.complete)
        return sendError(
          res,
          new AdapterError(error.status, error.code, error.message, { ...error.extra, closeConnection: true }),
        );
      return sendError(res, error);
    }
    log('request %s failed: %s', res.locals.requestId, (error as Error)?.name ?? 'unknown error');
    next(error);
  });

  router.getResult = async (from) => {
    let id: string | undefined;
    if (typeof from === 'string') id = from;
    else if (from && typeof from === 'object' && typeof from.headers === 'object') {
      id = readSessionCookie(from, config.secrets, config.cookieName)?.id;
    } else throw new TypeError('getResult needs an Express request or a session id');
    // Session ids are 32 base64url characters; anything else cannot name a session.
    if (!id || !/^[A-Za-z0-9_-]{16,64}$/.test(id)) return undefined;
    const record = await loadSessionById(ctx, id);
    if (!record) return undefined;
    // From the integrator's own page, a capture whose completion is still pending (say, its instance
    // died after Berbix said done) is finished here rather than waiting for the browser to come back.
    const current = typeof from === 'string' ? record : await finishPendingCompletion(ctx, record, from);
    return openResult(ctx.keys, current);
  };
  return router;
}

/** The id-scan JSON body: the base64 of the largest payload accepted, plus room for the field name. */
function idScanBodyLimit(config: ResolvedOptions): number {
  return Math.ceil(config.limits.maxBarcodeBytes / 3) * 4 + 256;
}

function parseCreateBody(body: unknown): CreateSessionRequest {
  if (body === undefined) return {};
  return readRequest(CreateSessionRequestSchema, body, ['idType', 'idCountry']);
}

function describe(ctx: AdapterContext, record: SessionRecord): CreateSessionResponse {
  return {
    step: record.step,
    idType: record.idType,
    expiresAt: new Date(record.expiresAt).toISOString(),
    handoffAvailable: handoffAvailable(ctx, record),
  };
}

/** Whether this session can be handed to a phone: turned on, not finished, and not on a phone already. */
function handoffAvailable(ctx: AdapterContext, record: SessionRecord): boolean {
  return ctx.config.handoff.enabled && record.step !== 'done' && record.handoff?.state !== 'claimed';
}

async function createSession(ctx: AdapterContext, req: Request, res: Response): Promise<void> {
  const { config } = ctx;
  const body = parseCreateBody(req.body);
  const params = await config.transaction(req);
  const customer = customerText(params);
  const caller = await loadCaller(ctx, req);
  const existing = caller?.record;
  // A reload or a second tab keeps the live session rather than starting a second transaction,
  // but only for the same customer: a cookie left by (or planted from) someone else starts afresh.
  if (existing && existing.step !== 'done' && ctx.keys.matchesTag(customer, existing.customer)) {
    res.status(201).json(describe(ctx, existing));
    return;
  }
  takeBudget(ctx, req, 'session');
  const device = newDeviceId();
  let tokens: Tokens;
  try {
    tokens = await config.client.createApiOnlyTransaction({
      ...params,
      ...(body.idType !== undefined && { idType: body.idType }),
      ...(body.idCountry !== undefined && { idCountry: body.idCountry }),
    });
  } catch (error) {
    throw creationFailure(error);
  }
  const record = newRecord(
    ctx,
    newSessionId(),
    tokens,
    tokens.firstStep ?? 'upload_document_front',
    body.idType ?? null,
    ctx.keys.tag(customer),
    device,
  );
  await ctx.store.set(record, config.sessionTtlMs);
  writeSessionCookie(req, res, { id: record.id, device }, config.secrets, config.sessionTtlMs, config.cookieName);
  log('request %s: session created at step %s', res.locals.requestId, record.step);
  res.status(201).json(describe(ctx, record));
}

/** What the browser hears when Berbix would not create a transaction; the cause stays in the server's hands. */
function creationFailure(error: unknown): unknown {
  const failure = classifyUpstreamError(error);
  if (failure.kind === 'unavailable') {
    return new AdapterError(503, ERROR_CODES.upstreamUnavailable, 'Berbix is not answering; try again shortly', {
      retryAfterSeconds: failure.retryAfterSeconds,
    });
  }
  // A TypeError from the client means the `transaction` callback returned something unusable: the integrator's bug.
  if (error instanceof BerbixError) {
    log('transaction creation refused by Berbix: %s %s', error.type, error.statusCode ?? '');
    return new AdapterError(502, ERROR_CODES.upstreamError, 'Berbix refused to start a verification');
  }
  return error;
}

async function sessionStatus(ctx: AdapterContext, req: Request, res: Response): Promise<void> {
  const caller = await loadCaller(ctx, req);
  const session = await finishPendingCompletion(ctx, requireSession(caller?.record), req);
  const answer: SessionStatusResponse = {
    step: session.step,
    attempts: session.attempts,
    done: session.step === 'done',
    idType: session.idType,
    handoffAvailable: handoffAvailable(ctx, session),
    watching: !drives(session, caller?.device ?? ''),
  };
  res.json(answer);
}

async function deleteSession(ctx: AdapterContext, req: Request, res: Response): Promise<void> {
  const id = readSessionCookie(req, ctx.config.secrets, ctx.config.cookieName)?.id;
  if (id) await ctx.store.delete(id);
  clearSessionCookie(req, res, ctx.config.cookieName);
  res.status(204).end();
}
