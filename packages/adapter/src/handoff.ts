import {
  ERROR_CODES,
  HANDOFF_PARAM,
  HandoffClaimRequestSchema,
  type HandoffOffer,
  type HandoffState,
  type HandoffStatus,
  type SessionStatusResponse,
} from '@berbix-capture/protocol';
import createDebug from 'debug';
import type { Request, Response } from 'express';
import type { AdapterContext } from './context.js';
import { newDeviceId, writeSessionCookie } from './cookie.js';
import { AdapterError } from './errors.js';
import { isHttpUrl } from './options.js';
import { invalidHandoffCode, wrongStep } from './refusals.js';
import { applyTransition, loadCaller, loadSessionById, requireDriver, requireSession } from './repository.js';
import { readRequest } from './requests.js';
import type { SessionRecord } from './store.js';
import { cancelHandoff as cancel, claimHandoff as claim, offerHandoff as offer } from './transitions.js';

const log = createDebug('berbix-capture:adapter');

/** How often a status stream looks at the store: the store is the only thing instances share. */
export const HANDOFF_POLL_MS = 1000;
/** A comment line this often keeps proxies from closing a quiet stream. */
const HEARTBEAT_MS = 15_000;
/** Status streams one session may hold open on one instance (a reload, a second tab). */
const MAX_STREAMS_PER_SESSION = 4;
const LOOPBACK = /^(?:127\.|::1$|::ffff:127\.)/;

/** Where the session's hand-off stands now (an offered code past its time reads as expired). */
export function handoffState(record: SessionRecord, now = Date.now()): HandoffState {
  const handoff = record.handoff;
  if (!handoff) return 'none';
  if (handoff.state === 'offered' && handoff.expiresAt <= now) return 'expired';
  return handoff.state;
}

function statusOf(record: SessionRecord, now = Date.now()): HandoffStatus {
  const state = handoffState(record, now);
  return {
    state,
    step: record.step,
    done: record.step === 'done',
    expiresAt: state === 'offered' && record.handoff ? new Date(record.handoff.expiresAt).toISOString() : null,
  };
}

const codeTagText = (code: string) => `handoff code ${code}`;

function turnedOff(): AdapterError {
  return new AdapterError(404, ERROR_CODES.invalidRequest, 'hand-off to another device is turned off here');
}

/** `POST /session/handoff`: a one-time link for a phone to continue this session. */
export async function offerHandoff(ctx: AdapterContext, req: Request, res: Response): Promise<void> {
  if (!ctx.config.handoff.enabled) throw turnedOff();
  const { record, device } = requireDriver(await loadCaller(ctx, req));
  if (record.step === 'done') throw wrongStep('done');
  takeOfferBudget(ctx, record.id);
  const code = ctx.handoffCodec.issue(record.id);
  if (!code) throw turnedOff();
  const page = handoffPage(ctx, req);
  const expiresAt = Math.min(Date.now() + ctx.config.handoff.ttlMs, record.expiresAt);
  await applyTransition(ctx, record.id, offer, { device, codeTag: ctx.keys.tag(codeTagText(code)), expiresAt });
  const url = new URL(page);
  url.searchParams.delete(HANDOFF_PARAM);
  url.hash = `${HANDOFF_PARAM}=${code}`;
  log('request %s: hand-off offered', res.locals.requestId);
  const answer: HandoffOffer = { url: url.href, expiresAt: new Date(expiresAt).toISOString() };
  res.status(201).json(answer);
}

function takeOfferBudget(ctx: AdapterContext, sessionId: string): void {
  const limits = ctx.config.rateLimit;
  if (!ctx.limiter || !limits) return;
  const wait = ctx.limiter.take(`handoff-offer:session:${sessionId}`, limits.handoffOffersPerSession);
  if (wait > 0) throw tooMany(wait);
}

function tooMany(wait: number): AdapterError {
  return new AdapterError(429, ERROR_CODES.rateLimited, 'too many attempts; try again shortly', {
    retryAfterSeconds: wait,
  });
}

/**
 * The page the link opens: the configured `handoffUrl`, else the page that asked (its Referer, when
 * it is this origin or an allowed one, so a forged header cannot point a phone elsewhere), else `/`.
 */
function handoffPage(ctx: AdapterContext, req: Request): string {
  const configured = ctx.config.handoff.url;
  if (typeof configured === 'string') return configured;
  if (typeof configured === 'function') {
    const url = configured(req);
    if (!isHttpUrl(url)) throw new TypeError('handoffUrl(req) must return an http(s) URL');
    return url;
  }
  const own = `${req.protocol}://${req.get('host')}`;
  const referer = req.get('referer');
  if (referer && isHttpUrl(referer)) {
    const origin = new URL(referer).origin;
    if (origin === own || ctx.config.allowedOrigins?.includes(origin)) return referer;
  }
  return `${own}/`;
}

/** `GET /session/handoff`: the status, for the desktop that watches and the phone that drives. */
export async function handoffStatus(ctx: AdapterContext, req: Request, res: Response): Promise<void> {
  const record = requireSession((await loadCaller(ctx, req))?.record);
  res.json(statusOf(record));
}

/**
 * `GET /session/handoff/events`: the status as Server-Sent Events, one `status` event at once and
 * one per change, ending after a terminal state (done, cancelled, expired) or when the session goes.
 * Changes may come from another instance, so the stream reads the shared store every
 * {@link HANDOFF_POLL_MS}; that costs one store read per second per watching desktop.
 */
export async function handoffEvents(ctx: AdapterContext, req: Request, res: Response): Promise<void> {
  const caller = await loadCaller(ctx, req);
  const record = requireSession(caller?.record);
  const open = ctx.handoffStreams.get(record.id) ?? 0;
  if (open >= MAX_STREAMS_PER_SESSION) throw tooMany(5);
  ctx.handoffStreams.set(record.id, open + 1);
  res.status(200);
  res.setHeader('content-type', 'text/event-stream; charset=utf-8');
  // Tells nginx and similar proxies not to buffer the stream.
  res.setHeader('x-accel-buffering', 'no');
  res.flushHeaders();
  res.write('retry: 2000\n\n');

  let last = '';
  let closed = false;
  let timer: NodeJS.Timeout | undefined;
  const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
  const close = () => {
    if (closed) return;
    closed = true;
    clearTimeout(timer);
    clearInterval(heartbeat);
    const left = (ctx.handoffStreams.get(record.id) ?? 1) - 1;
    if (left > 0) ctx.handoffStreams.set(record.id, left);
    else ctx.handoffStreams.delete(record.id);
    res.end();
  };
  req.on('close', close);
  const send = (current: SessionRecord | undefined) => {
    if (closed) return;
    if (!current) return close();
    const status = statusOf(current);
    const text = JSON.stringify(status);
    if (text !== last) {
      last = text;
      res.write(`event: status\ndata: ${text}\n\n`);
    }
    if (status.done || status.state === 'cancelled' || status.state === 'expired') return close();
    timer = setTimeout(() => {
      loadSessionById(ctx, record.id).then(send, () => close());
    }, HANDOFF_POLL_MS);
  };
  send(record);
}

/** Counts a claim against the caller's budget; loopback callers (a proxy, development) share one. */
function takeClaimBudget(ctx: AdapterContext, req: Request): void {
  const ip = req.ip ?? req.socket.remoteAddress ?? '';
  const key = LOOPBACK.test(ip) ? 'handoff-claim:loopback' : `handoff-claim:ip:${ip}`;
  const wait = ctx.claimLimiter.take(key, ctx.config.handoff.claimsPerIp);
  if (wait > 0) throw tooMany(wait);
}

/**
 * `POST /session/handoff/claim {code}`: the phone takes the session over. One atomic store update
 * checks the code and moves the session to the phone's new device id, so of two phones racing with
 * one code exactly one wins. The code is never logged.
 */
export async function claimHandoff(ctx: AdapterContext, req: Request, res: Response): Promise<void> {
  if (!ctx.config.handoff.enabled) throw turnedOff();
  takeClaimBudget(ctx, req);
  // A malformed code is refused before any lookup, and never repeated back.
  const { code } = readRequest(HandoffClaimRequestSchema, req.body, ['code']);
  let record: SessionRecord | undefined;
  for (const id of ctx.handoffCodec.candidates(code)) {
    const candidate = await loadSessionById(ctx, id);
    if (candidate?.handoff && ctx.keys.matchesTag(codeTagText(code), candidate.handoff.codeTag)) {
      record = candidate;
      break;
    }
  }
  if (!record) {
    log('request %s: hand-off claim refused (no such offer)', res.locals.requestId);
    throw invalidHandoffCode();
  }
  const device = newDeviceId();
  const isCode = (codeTag: string) => ctx.keys.matchesTag(codeTagText(code), codeTag);
  let stored: SessionRecord;
  try {
    stored = await applyTransition(ctx, record.id, claim, { device, isCode }, invalidHandoffCode);
  } catch (error) {
    if (error instanceof AdapterError) log('request %s: hand-off claim refused (%s)', res.locals.requestId, error.code);
    throw error;
  }
  writeSessionCookie(
    req,
    res,
    { id: stored.id, device },
    ctx.config.secrets,
    Math.max(1, stored.expiresAt - Date.now()),
    ctx.config.cookieName,
  );
  log('request %s: hand-off claimed at step %s', res.locals.requestId, stored.step);
  const answer: SessionStatusResponse = {
    step: stored.step,
    attempts: stored.attempts,
    done: stored.step === 'done',
    idType: stored.idType,
    handoffAvailable: false,
    watching: false,
  };
  res.json(answer);
}

/**
 * `DELETE /session/handoff`, from either device: the offered code stops working, or a claimed
 * session goes back to the device that offered it (the phone's next upload hears `handed_off`).
 * Answers 204 also when there is nothing to cancel.
 */
export async function cancelHandoff(ctx: AdapterContext, req: Request, res: Response): Promise<void> {
  const caller = await loadCaller(ctx, req);
  const record = requireSession(caller?.record);
  // Only the two devices of this hand-off may end it; anything else leaves the record as it is.
  await ctx.store.transition(record.id, cancel, { device: caller?.device ?? '' });
  log('request %s: hand-off cancelled', res.locals.requestId);
  res.status(204).end();
}
