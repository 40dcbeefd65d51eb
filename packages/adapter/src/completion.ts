import type { Tokens } from '@berbix-capture/client';
import createDebug from 'debug';
import type { Request } from 'express';
import type { AdapterContext } from './context.js';
import { acquireLease, type Lease, releaseLease, settleLease } from './leases.js';
import type { CaptureResult } from './options.js';
import { loadSessionById, openResult, openTokens, sealResult, sealTokens } from './repository.js';
import { Refusal, type SessionRecord } from './store.js';
import { closeCompletion, completionRefusal, storeResult } from './transitions.js';

const log = createDebug('berbix-capture:adapter');

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
  const outcome = await ctx.store.transition(lease.sessionId, storeResult, {
    owner: lease.owner,
    sealedTokens: sealTokens(ctx.keys, lease.sessionId, tokens),
    sealedResult: sealResult(ctx.keys, result),
    callbackFollows: ctx.config.onComplete !== null,
  });
  const claimed = outcome !== undefined && !(outcome instanceof Refusal);
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
    await ctx.store.transition(lease.sessionId, closeCompletion, { owner: lease.owner, outcome });
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
  if (completionRefusal(session)) return session;
  if (session.lease && session.lease.until > Date.now()) return session;
  const lease = await acquireLease(ctx, session.id, { for: 'completion' }).catch(() => undefined);
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
