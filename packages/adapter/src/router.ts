import { randomUUID } from 'node:crypto';
import {
  type CreateSessionRequest,
  type CreateSessionResponse,
  ERROR_CODES,
  isCountryCode,
  isIdType,
  type SessionStatusResponse,
} from '@berbix-capture/protocol';
import createDebug from 'debug';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { clearSessionCookie, newSessionId, readSessionId, writeSessionCookie } from './cookie.js';
import { AdapterError, sendError } from './errors.js';
import { type BerbixCaptureOptions, type ResolvedOptions, resolveOptions } from './options.js';
import type { SessionRecord } from './store.js';

const log = createDebug('berbix-capture:adapter');

/**
 * The Express adapter: mount it where the element's `endpoint` points.
 *
 * ```ts
 * app.use('/berbix', berbixCapture({ secret, transaction: async (req) => ({ customerUid, templateKey }) }));
 * ```
 */
export function berbixCapture(options: BerbixCaptureOptions): Router {
  const config = resolveOptions(options);
  const router = express.Router();

  router.use((_req, res, next) => {
    res.locals.requestId = randomUUID();
    res.setHeader('x-request-id', res.locals.requestId as string);
    // Answers about a person's session are never cached.
    res.setHeader('cache-control', 'no-store');
    next();
  });
  router.use(checkOrigin(config));

  router.post('/session', express.json({ limit: '4kb' }), (req, res, next) => {
    createSession(config, req, res).catch(next);
  });
  router.get('/session', (req, res, next) => {
    sessionStatus(config, req, res).catch(next);
  });
  router.delete('/session', (req, res, next) => {
    deleteSession(config, req, res).catch(next);
  });

  router.use((error: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (error instanceof AdapterError) return sendError(res, error);
    // Body-parser errors carry a status; they are the browser's fault, not ours.
    const status = (error as { status?: number }).status;
    if (status === 413)
      return sendError(res, new AdapterError(413, ERROR_CODES.payloadTooLarge, 'request body too large'));
    if (status === 400)
      return sendError(res, new AdapterError(400, ERROR_CODES.invalidRequest, 'malformed request body'));
    log('request %s failed: %s', res.locals.requestId, (error as Error)?.name ?? 'unknown error');
    next(error);
  });
  return router;
}

/** State-changing calls must come from an allowed origin (same origin by default). */
function checkOrigin(config: ResolvedOptions) {
  return (req: Request, _res: Response, next: NextFunction) => {
    if (req.method === 'GET' || req.method === 'HEAD') return next();
    const origin = req.headers.origin;
    // Requests without Origin come from non-browser clients, which CSRF cannot drive.
    if (!origin) return next();
    const allowed = config.allowedOrigins ?? [`${req.protocol}://${req.get('host')}`];
    if (allowed.includes(origin)) return next();
    next(new AdapterError(403, ERROR_CODES.forbiddenOrigin, 'this origin may not use the capture endpoint'));
  };
}

function parseCreateBody(body: unknown): CreateSessionRequest {
  if (body === undefined) return {};
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new AdapterError(400, ERROR_CODES.invalidRequest, 'body must be a JSON object');
  }
  const { idType, idCountry, ...rest } = body as Record<string, unknown>;
  if (Object.keys(rest).length > 0) {
    throw new AdapterError(400, ERROR_CODES.invalidRequest, `unknown field(s): ${Object.keys(rest).join(', ')}`);
  }
  if (idType !== undefined && !isIdType(idType)) {
    throw new AdapterError(400, ERROR_CODES.invalidRequest, 'idType must be one of P, DL, PRC, PC, ID');
  }
  if (idCountry !== undefined && !isCountryCode(idCountry)) {
    throw new AdapterError(400, ERROR_CODES.invalidRequest, 'idCountry must be an ISO 3166-1 alpha-2 code');
  }
  return { ...(idType !== undefined && { idType }), ...(idCountry !== undefined && { idCountry }) };
}

async function currentSession(config: ResolvedOptions, req: Request): Promise<SessionRecord | undefined> {
  const id = readSessionId(req, config.secret);
  return id ? config.store.get(id) : undefined;
}

async function createSession(config: ResolvedOptions, req: Request, res: Response): Promise<void> {
  const body = parseCreateBody(req.body);
  const existing = await currentSession(config, req);
  if (existing && existing.step !== 'done') {
    const answer: CreateSessionResponse = {
      step: existing.step,
      idType: existing.idType,
      expiresAt: new Date(existing.expiresAt).toISOString(),
    };
    res.status(201).json(answer);
    return;
  }
  const params = await config.transaction(req);
  const tokens = await config.client.createApiOnlyTransaction({
    ...params,
    ...(body.idType !== undefined && { idType: body.idType }),
    ...(body.idCountry !== undefined && { idCountry: body.idCountry }),
  });
  const now = Date.now();
  const record: SessionRecord = {
    id: newSessionId(),
    tokens: tokens.toRecord(),
    step: tokens.firstStep ?? 'upload_document_front',
    attempts: 0,
    idType: body.idType ?? null,
    createdAt: now,
    expiresAt: now + config.sessionTtlMs,
  };
  await config.store.set(record, config.sessionTtlMs);
  writeSessionCookie(req, res, record.id, config.secret, config.sessionTtlMs);
  log('session created (request %s)', res.locals.requestId);
  const answer: CreateSessionResponse = {
    step: record.step,
    idType: record.idType,
    expiresAt: new Date(record.expiresAt).toISOString(),
  };
  res.status(201).json(answer);
}

async function sessionStatus(config: ResolvedOptions, req: Request, res: Response): Promise<void> {
  const session = await currentSession(config, req);
  if (!session) throw new AdapterError(401, ERROR_CODES.noSession, 'no capture session; start one with POST /session');
  const answer: SessionStatusResponse = {
    step: session.step,
    attempts: session.attempts,
    done: session.step === 'done',
    idType: session.idType,
  };
  res.json(answer);
}

async function deleteSession(config: ResolvedOptions, req: Request, res: Response): Promise<void> {
  const id = readSessionId(req, config.secret);
  if (id) await config.store.delete(id);
  clearSessionCookie(req, res);
  res.status(204).end();
}
