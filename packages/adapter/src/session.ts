import { randomUUID } from 'node:crypto';
import { Tokens } from '@berbix-capture/client';
import { ERROR_CODES, type Step } from '@berbix-capture/protocol';
import createDebug from 'debug';
import type { Request } from 'express';
import { readSessionCookie } from './cookie.js';
import { AdapterError } from './errors.js';
import type { HandoffCodec } from './handoff-code.js';
import type { CaptureResult, ResolvedOptions } from './options.js';
import type { RateLimiter } from './rate-limit.js';
import type { SecretKeys } from './secrets.js';
import type { SessionRecord } from './store.js';
import type { Upstream } from './upstream.js';

const log = createDebug('berbix-capture:adapter');

/** Everything a request handler needs, built once per `berbixCapture()` call. */
export interface AdapterContext {
  config: ResolvedOptions;
  keys: SecretKeys;
  upstream: Upstream;
  limiter: RateLimiter | null;
  /** Image uploads being read or forwarded by this instance right now. */
  uploadsInFlight: { count: number };
  handoffCodec: HandoffCodec;
  /** Hand-off claim budgets: always on, as they guard one-time codes against guessing. */
  claimLimiter: RateLimiter;
  /** Open hand-off status streams per session id, on this instance. */
  handoffStreams: Map<string, number>;
}

/** The session behind the request's cookie, or undefined (no cookie, bad signature, expired, unreadable). */
export async function loadSession(ctx: AdapterContext, req: Request): Promise<SessionRecord | undefined> {
  return (await loadCaller(ctx, req))?.record;
}

/** A session and the device whose cookie named it. */
export interface Caller {
  record: SessionRecord;
  device: string;
}

/** The session behind the request's cookie and the device the cookie was given to. */
export async function loadCaller(ctx: AdapterContext, req: Request): Promise<Caller | undefined> {
  const cookie = readSessionCookie(req, ctx.config.secrets, ctx.config.cookieName);
  if (!cookie) return undefined;
  const record = await loadSessionById(ctx, cookie.id);
  return record ? { record, device: cookie.device } : undefined;
}

/** Whether this device may upload for the session (it was not handed to another device). */
export function drives(record: SessionRecord, device: string): boolean {
  return record.holder === null || record.holder === device;
}

export function handedOff(): AdapterError {
  return new AdapterError(409, ERROR_CODES.handedOff, 'this capture continues on another device');
}

/** Like {@link requireSession}, for calls only the driving device may make. */
export function requireDriver(caller: Caller | undefined): Caller {
  const record = requireSession(caller?.record);
  const device = caller?.device ?? '';
  if (!drives(record, device)) throw handedOff();
  return { record, device };
}

export async function loadSessionById(ctx: AdapterContext, id: string): Promise<SessionRecord | undefined> {
  const record = await ctx.config.store.get(id);
  // A record whose tokens no configured key opens (its secret was retired) is as good as gone.
  if (!record || record.id !== id || ctx.keys.open(record.tokens, tokensContext(id)) === undefined) return undefined;
  return record;
}

export function noSession(): AdapterError {
  return new AdapterError(401, ERROR_CODES.noSession, 'no capture session; start one with POST /session');
}

export function requireSession(record: SessionRecord | undefined): SessionRecord {
  if (!record) throw noSession();
  return record;
}

const tokensContext = (id: string) => `tokens ${id}`;
const resultContext = (id: string) => `result ${id}`;

export function sealTokens(keys: SecretKeys, id: string, tokens: Tokens): string {
  return keys.seal(JSON.stringify(tokens.toRecord()), tokensContext(id));
}

export function openTokens(keys: SecretKeys, record: SessionRecord): Tokens {
  const text = keys.open(record.tokens, tokensContext(record.id));
  if (text === undefined) throw new AdapterError(401, ERROR_CODES.noSession, 'the capture session is no longer valid');
  return Tokens.fromRecord(JSON.parse(text));
}

export function sealResult(keys: SecretKeys, result: CaptureResult): string {
  // 64-bit ids may arrive as bigint; JSON has no bigint, a decimal string keeps them exact.
  const text = JSON.stringify(result, (_key, value) => (typeof value === 'bigint' ? value.toString() : value));
  return keys.seal(text, resultContext(result.sessionId));
}

export function openResult(keys: SecretKeys, record: SessionRecord): CaptureResult | undefined {
  if (!record.result) return undefined;
  const text = keys.open(record.result, resultContext(record.id));
  return text === undefined ? undefined : (JSON.parse(text) as CaptureResult);
}

/** What binds a session to the person `transaction(req)` named. */
export function customerText(params: { customerUid: string; templateKey: string }): string {
  return `customer ${params.customerUid}\u0000template ${params.templateKey}`;
}

/** A new record for a freshly created transaction. */
export function newRecord(
  ctx: AdapterContext,
  id: string,
  tokens: Tokens,
  step: Step,
  idType: SessionRecord['idType'],
  customer: string,
  device: string,
): SessionRecord {
  const now = Date.now();
  return {
    id,
    tokens: sealTokens(ctx.keys, id, tokens),
    customer,
    transactionId: tokens.transactionId,
    step,
    attempts: 0,
    idType,
    createdAt: now,
    expiresAt: now + ctx.config.sessionTtlMs,
    lease: null,
    result: null,
    completion: 'pending',
    holder: device,
    handoff: null,
  };
}

/** Proof of holding a session's upload lease. */
export interface Lease {
  sessionId: string;
  owner: string;
  record: SessionRecord;
}

const leaseIsLive = (record: SessionRecord, now: number) => record.lease !== null && record.lease.until > now;

/**
 * Takes the session's upload lease in one atomic store update, after checking that the session is
 * where the caller expects. Only the holder talks to Berbix for this session, so two uploads can
 * neither both advance the step nor both refresh the tokens.
 *
 * @param refuse says why the call is not valid on this record (e.g. a 409 naming the real step), or
 *   undefined to go ahead.
 */
export async function acquireLease(
  ctx: AdapterContext,
  sessionId: string,
  refuse: (record: SessionRecord) => AdapterError | undefined,
): Promise<Lease> {
  const owner = randomUUID();
  let refusal: AdapterError | undefined;
  const record = await ctx.config.store.update(sessionId, (current) => {
    refusal = undefined;
    const now = Date.now();
    if (!current) {
      refusal = noSession();
      return undefined;
    }
    refusal = refuse(current);
    if (refusal) return undefined;
    if (leaseIsLive(current, now)) {
      refusal = new AdapterError(429, ERROR_CODES.rateLimited, 'another upload for this session is in progress', {
        retryAfterSeconds: 1,
      });
      return undefined;
    }
    return { ...current, lease: { owner, until: now + ctx.config.uploadLeaseMs } };
  });
  if (refusal) throw refusal;
  if (!record || record.lease?.owner !== owner) throw noSession();
  return { sessionId, owner, record };
}

export function wrongStep(step: Step): AdapterError {
  return new AdapterError(
    409,
    ERROR_CODES.wrongStep,
    step === 'done' ? 'this capture is already finished' : `the session expects ${step}`,
    { step },
  );
}

/**
 * Writes what a call to Berbix changed (step, refreshed tokens) and releases the lease, in one
 * atomic update. When the step became `done`, the lease is kept for {@link completeSession}.
 * Resolves to the stored record, or undefined when the session was deleted meanwhile.
 */
export async function settleLease(
  ctx: AdapterContext,
  lease: Lease,
  tokens: Tokens,
  change: { step?: Step | null; countAttempt?: boolean } = {},
): Promise<SessionRecord | undefined> {
  const tokensText = JSON.stringify(tokens.toRecord());
  return ctx.config.store.update(lease.sessionId, (current) => {
    if (!current) return undefined;
    const holdsLease = current.lease?.owner === lease.owner;
    const openedBefore = ctx.keys.open(current.tokens, tokensContext(current.id));
    const tokensChanged = openedBefore !== tokensText;
    const next: SessionRecord = { ...current };
    if (tokensChanged || ctx.keys.isStale(current.tokens))
      next.tokens = ctx.keys.seal(tokensText, tokensContext(current.id));
    const step = change.step;
    if (step) {
      next.attempts = step !== current.step ? 0 : current.attempts + (change.countAttempt ? 1 : 0);
      next.step = step;
    }
    if (holdsLease && !(next.step === 'done' && next.completion === 'pending')) next.lease = null;
    return next;
  });
}

/** Releases a lease without other changes (the call failed before reaching Berbix). */
export async function releaseLease(ctx: AdapterContext, lease: Lease): Promise<void> {
  await ctx.config.store.update(lease.sessionId, (current) =>
    current && current.lease?.owner === lease.owner ? { ...current, lease: null } : undefined,
  );
}

/**
 * Once a session is `done`: fetches the transaction once, stores it sealed, and calls `onComplete`
 * once. The caller holds the lease, so no other request or instance does this concurrently; the
 * completion state moves to `claimed` in the same atomic write that stores the result, before the
 * callback runs, so a crash during the callback means at most one call, never two.
 *
 * A failure to fetch leaves the session `done` with the completion still pending (resolves false):
 * the next `GET /session` tries again. A failing `onComplete` marks it `failed` and rethrows for
 * Express's error handlers; it is not retried.
 */
export async function completeSession(
  ctx: AdapterContext,
  lease: Lease,
  tokens: Tokens,
  req: Request,
): Promise<boolean> {
  let transaction: CaptureResult['transaction'];
  try {
    transaction = await ctx.upstream.fetchTransaction(tokens, String(req.res?.locals.requestId ?? ''));
  } catch (error) {
    log('fetching a finished transaction failed (%s); the next GET /session retries', (error as Error)?.name);
    await settleLease(ctx, lease, tokens);
    await releaseLease(ctx, lease);
    return false;
  }
  const result: CaptureResult = {
    sessionId: lease.sessionId,
    transactionId: lease.record.transactionId,
    completedAt: Date.now(),
    transaction,
  };
  const sealed = sealResult(ctx.keys, result);
  const tokensText = JSON.stringify(tokens.toRecord());
  let claimed = false;
  await ctx.config.store.update(lease.sessionId, (current) => {
    claimed = false;
    if (!current || current.lease?.owner !== lease.owner || current.completion !== 'pending') return undefined;
    claimed = true;
    return {
      ...current,
      tokens: ctx.keys.seal(tokensText, tokensContext(current.id)),
      result: sealed,
      completion: ctx.config.onComplete ? 'claimed' : 'done',
      lease: ctx.config.onComplete ? current.lease : null,
    };
  });
  if (!claimed || !ctx.config.onComplete) return claimed;
  await callOnComplete(ctx, lease, result, req);
  return true;
}

/**
 * Runs `onComplete` under the lease, then records how it went (`done`, or `failed` and rethrown
 * for Express's error handlers) and releases the lease, in one store write either way.
 */
async function callOnComplete(
  ctx: AdapterContext,
  lease: Lease,
  result: CaptureResult | undefined,
  req: Request,
): Promise<void> {
  let outcome: 'done' | 'failed' = 'done';
  try {
    if (result) await ctx.config.onComplete?.(result, req);
  } catch (error) {
    outcome = 'failed';
    throw error;
  } finally {
    await ctx.config.store.update(lease.sessionId, (current) =>
      current
        ? { ...current, completion: outcome, lease: current.lease?.owner === lease.owner ? null : current.lease }
        : undefined,
    );
  }
}

/**
 * A finished capture whose completion did not finish: its result could not be fetched or recorded
 * yet (a failed fetch, or an instance that died with the lease), or an instance died inside
 * `onComplete` (still `claimed` after its lease lapsed). Finish it now, under a fresh lease, and
 * return the record as stored afterwards. Nothing happens while another request holds a live lease.
 */
export async function finishPendingCompletion(
  ctx: AdapterContext,
  session: SessionRecord,
  req: Request,
): Promise<SessionRecord> {
  if (refuseUnlessUnfinished(session)) return session;
  if (session.lease && session.lease.until > Date.now()) return session;
  const lease = await acquireLease(ctx, session.id, refuseUnlessUnfinished).catch(() => undefined);
  if (!lease) return session;
  if (lease.record.completion === 'pending') {
    await completeSession(ctx, lease, openTokens(ctx.keys, lease.record), req);
  } else {
    await redeliverCompletion(ctx, lease, req);
  }
  return (await loadSessionById(ctx, session.id)) ?? session;
}

/**
 * Calls `onComplete` again for a completion whose instance died inside the callback: whether the
 * callback's work happened is unknowable, and losing a finished verification is worse than a
 * second call, so delivery is at least once (`redelivered: true` marks the repeat; key your
 * handler on `transactionId`).
 */
async function redeliverCompletion(ctx: AdapterContext, lease: Lease, req: Request): Promise<void> {
  const result = openResult(ctx.keys, lease.record);
  if (result) log('redelivering a completion whose instance stopped inside onComplete');
  // Without a readable result there is nothing to deliver; the completion is closed all the same.
  await callOnComplete(ctx, lease, result ? { ...result, redelivered: true } : undefined, req);
}

/**
 * The refusal for a session whose completion is finished (or not due): only a `done` session still
 * `pending`, or `claimed` by an instance whose lease lapsed, goes on.
 */
export function refuseUnlessUnfinished(record: SessionRecord): AdapterError | undefined {
  if (record.step !== 'done' || (record.completion !== 'pending' && record.completion !== 'claimed')) {
    return wrongStep(record.step);
  }
  return undefined;
}
