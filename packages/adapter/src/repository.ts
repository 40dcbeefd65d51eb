import { Tokens } from '@berbix-capture/client';
import type { Step } from '@berbix-capture/protocol';
import type { Request } from 'express';
import type { AdapterContext } from './context.js';
import { readSessionCookie } from './cookie.js';
import type { CaptureResult } from './options.js';
import { handedOff, noSession, sessionNoLongerValid } from './refusals.js';
import type { SecretKeys } from './secrets.js';
import { Refusal, type SessionRecord, type Transition } from './store.js';
import { drives } from './transitions.js';

/**
 * Sessions as the handlers see them: found through the cookie or by id, their tokens and result
 * sealed on the way into the store and opened on the way out, changed only through transitions.
 */

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

export async function loadSessionById(ctx: AdapterContext, id: string): Promise<SessionRecord | undefined> {
  const record = await ctx.store.get(id);
  // A record whose tokens no configured key opens (its secret was retired) is as good as gone.
  if (!record || record.id !== id || ctx.keys.open(record.tokens, tokensContext(id)) === undefined) return undefined;
  return record;
}

export function requireSession(record: SessionRecord | undefined): SessionRecord {
  if (!record) throw noSession();
  return record;
}

/** Like {@link requireSession}, for calls only the driving device may make. */
export function requireDriver(caller: Caller | undefined): Caller {
  const record = requireSession(caller?.record);
  const device = caller?.device ?? '';
  if (!drives(record, device)) throw handedOff();
  return { record, device };
}

/**
 * Applies a transition and answers the record as stored afterwards; throws the transition's
 * refusal, or `missing()` when there is no such session.
 */
export async function applyTransition<I>(
  ctx: AdapterContext,
  id: string,
  fn: Transition<I>,
  input: I,
  missing = noSession,
): Promise<SessionRecord> {
  const outcome = await ctx.store.transition(id, fn, input);
  if (outcome instanceof Refusal) throw outcome.error;
  if (!outcome) throw missing();
  return outcome;
}

const tokensContext = (id: string) => `tokens ${id}`;
const resultContext = (id: string) => `result ${id}`;

export function sealTokens(keys: SecretKeys, id: string, tokens: Tokens): string {
  return keys.seal(JSON.stringify(tokens.toRecord()), tokensContext(id));
}

/**
 * The tokens sealed again for a transition that stores them, or null when the record already holds
 * exactly these under the newest key (nothing to write).
 */
export function resealedTokens(keys: SecretKeys, record: SessionRecord, tokens: Tokens): string | null {
  const text = JSON.stringify(tokens.toRecord());
  const unchanged = keys.open(record.tokens, tokensContext(record.id)) === text && !keys.isStale(record.tokens);
  return unchanged ? null : keys.seal(text, tokensContext(record.id));
}

export function openTokens(keys: SecretKeys, record: SessionRecord): Tokens {
  const text = keys.open(record.tokens, tokensContext(record.id));
  if (text === undefined) throw sessionNoLongerValid();
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

/** A new record for a freshly created transaction, driven by the device that created it. */
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
