import type { Step } from '@berbix-capture/protocol';
import type { AdapterError } from './errors.js';
import { handedOff, handoffExpired, handoffUsed, invalidHandoffCode, uploadInProgress, wrongStep } from './refusals.js';
import { Refusal, type SessionRecord } from './store.js';

/**
 * Every change the adapter makes to a stored session after creating it, each a pure function
 * `(record, input, now) -> next record | the record unchanged | Refusal`, applied atomically by
 * `store.transition(id, fn, input)`. Sealing, randomness and the clock stay with the callers, so
 * these can be run again after a store conflict and tested without a store.
 */

/** Whether this device may upload for the session (it was not handed to another device). */
export function drives(record: SessionRecord, device: string): boolean {
  return record.holder === null || record.holder === device;
}

/**
 * Why a finished session's completion cannot be taken up: only a `done` session still `pending`,
 * or `claimed` by an instance whose lease lapsed, goes on.
 */
export function completionRefusal(record: SessionRecord): AdapterError | undefined {
  if (record.step !== 'done' || (record.completion !== 'pending' && record.completion !== 'claimed')) {
    return wrongStep(record.step);
  }
  return undefined;
}

/** What a lease is taken for, which decides the records it may be taken on. */
export type LeasePurpose =
  /** Forwarding the image of `step`, from `device`. */
  | { for: 'image'; device: string; step: Step }
  /** Forwarding a scanner's barcode, from `device`, at any step before `done`. */
  | { for: 'idscan'; device: string }
  /** Finishing the completion of a `done` session. */
  | { for: 'completion' };

function leaseRefusal(record: SessionRecord, purpose: LeasePurpose): AdapterError | undefined {
  switch (purpose.for) {
    case 'image':
      if (!drives(record, purpose.device)) return handedOff();
      return record.step === purpose.step ? undefined : wrongStep(record.step);
    case 'idscan':
      if (!drives(record, purpose.device)) return handedOff();
      return record.step === 'done' ? wrongStep('done') : undefined;
    case 'completion':
      return completionRefusal(record);
  }
}

/**
 * Takes the session's upload lease: only the holder talks to Berbix for this session, so two
 * uploads can neither both advance the step nor both refresh the tokens. Refused when the session
 * is not where the purpose expects it, or another live lease is held (429).
 */
export function takeLease(
  record: SessionRecord,
  input: { owner: string; leaseMs: number; purpose: LeasePurpose },
  now: number,
): SessionRecord | Refusal {
  const refusal = leaseRefusal(record, input.purpose);
  if (refusal) return new Refusal(refusal);
  if (record.lease !== null && record.lease.until > now) return new Refusal(uploadInProgress());
  return { ...record, lease: { owner: input.owner, until: now + input.leaseMs } };
}

/**
 * Writes what a call to Berbix taught (tokens sealed again when they changed, the step, the
 * attempt count) and releases the lease; when the step became `done`, the lease is kept for the
 * completion. The same step again counts an attempt only for an upload (`countAttempt`).
 */
export function settleLease(
  record: SessionRecord,
  input: { owner: string; sealedTokens: string | null; step?: Step | null; countAttempt?: boolean },
  _now: number,
): SessionRecord {
  const next: SessionRecord = { ...record };
  if (input.sealedTokens !== null) next.tokens = input.sealedTokens;
  if (input.step) {
    next.attempts = input.step !== record.step ? 0 : record.attempts + (input.countAttempt ? 1 : 0);
    next.step = input.step;
  }
  const holdsLease = record.lease?.owner === input.owner;
  if (holdsLease && !(next.step === 'done' && next.completion === 'pending')) next.lease = null;
  return next;
}

/** Releases a lease without other changes (the call failed before reaching Berbix). */
export function releaseLease(record: SessionRecord, input: { owner: string }, _now: number): SessionRecord {
  return record.lease?.owner === input.owner ? { ...record, lease: null } : record;
}

/**
 * Stores the finished transaction (sealed) and moves the completion on, under the lease: to
 * `claimed` when an `onComplete` callback is still to run (the lease is kept for it), else to
 * `done`. Refused when the lease was lost or the completion is no longer pending.
 */
export function storeResult(
  record: SessionRecord,
  input: { owner: string; sealedTokens: string; sealedResult: string; callbackFollows: boolean },
  _now: number,
): SessionRecord | Refusal {
  if (record.lease?.owner !== input.owner || record.completion !== 'pending')
    return new Refusal(wrongStep(record.step));
  return {
    ...record,
    tokens: input.sealedTokens,
    result: input.sealedResult,
    completion: input.callbackFollows ? 'claimed' : 'done',
    lease: input.callbackFollows ? record.lease : null,
  };
}

/** Records how `onComplete` went and releases the lease if this owner still holds it. */
export function closeCompletion(
  record: SessionRecord,
  input: { owner: string; outcome: 'done' | 'failed' },
  _now: number,
): SessionRecord {
  return {
    ...record,
    completion: input.outcome,
    lease: record.lease?.owner === input.owner ? null : record.lease,
  };
}

/**
 * Offers the session to another device under a code's fingerprint; a new offer replaces the old
 * one, so only the newest code works. A phone that claimed the session does not hand it on: the
 * desktop that offered takes it back instead.
 */
export function offerHandoff(
  record: SessionRecord,
  input: { device: string; codeTag: string; expiresAt: number },
  _now: number,
): SessionRecord | Refusal {
  if (!drives(record, input.device) || record.handoff?.state === 'claimed') return new Refusal(handedOff());
  if (record.step === 'done') return new Refusal(wrongStep('done'));
  return {
    ...record,
    handoff: { codeTag: input.codeTag, state: 'offered', expiresAt: input.expiresAt, from: input.device },
  };
}

/**
 * Moves the session to the claiming phone's new device id, if the code is the offered one and the
 * offer still stands: of two phones racing with one code, exactly one gets here first.
 *
 * @param input.isCode whether a stored fingerprint is the claimed code's (a keyed, constant-time
 *   comparison; deterministic).
 */
export function claimHandoff(
  record: SessionRecord,
  input: { device: string; isCode: (codeTag: string) => boolean },
  now: number,
): SessionRecord | Refusal {
  const handoff = record.handoff;
  if (!handoff || !input.isCode(handoff.codeTag)) return new Refusal(invalidHandoffCode());
  if (handoff.state === 'claimed') return new Refusal(handoffUsed());
  if (handoff.state === 'cancelled') return new Refusal(invalidHandoffCode());
  if (handoff.expiresAt <= now) return new Refusal(handoffExpired());
  if (record.step === 'done') return new Refusal(wrongStep('done'));
  return { ...record, holder: input.device, handoff: { ...handoff, state: 'claimed' } };
}

/**
 * Ends a hand-off from either of its two devices: the offered code stops working, or a claimed
 * session goes back to the device that offered it. Anything else (no hand-off, already cancelled, a
 * phone that already lost it) leaves the record unchanged.
 */
export function cancelHandoff(record: SessionRecord, input: { device: string }, _now: number): SessionRecord {
  const handoff = record.handoff;
  if (!handoff || handoff.state === 'cancelled') return record;
  if (input.device !== handoff.from && !(handoff.state === 'claimed' && record.holder === input.device)) return record;
  return { ...record, holder: handoff.from, handoff: { ...handoff, state: 'cancelled' } };
}
