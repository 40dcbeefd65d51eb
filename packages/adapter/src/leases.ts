import { randomUUID } from 'node:crypto';
import type { Tokens } from '@berbix-capture/client';
import type { Step } from '@berbix-capture/protocol';
import type { AdapterContext } from './context.js';
import { noSession } from './refusals.js';
import { applyTransition, resealedTokens } from './repository.js';
import { Refusal, type SessionRecord } from './store.js';
import { type LeasePurpose, releaseLease as release, settleLease as settle, takeLease } from './transitions.js';

/** Proof of holding a session's upload lease, and the record as it was when taken. */
export interface Lease {
  sessionId: string;
  owner: string;
  record: SessionRecord;
}

/**
 * Takes the session's upload lease in one atomic store transition, after checking that the
 * session is where `purpose` expects it (else its refusal, e.g. a 409 naming the real step).
 */
export async function acquireLease(ctx: AdapterContext, sessionId: string, purpose: LeasePurpose): Promise<Lease> {
  const owner = randomUUID();
  const record = await applyTransition(ctx, sessionId, takeLease, {
    owner,
    leaseMs: ctx.config.uploadLeaseMs,
    purpose,
  });
  if (record.lease?.owner !== owner) throw noSession();
  return { sessionId, owner, record };
}

/**
 * Writes what a call to Berbix changed (step, refreshed tokens) and releases the lease, in one
 * atomic transition. When the step became `done`, the lease is kept for the completion.
 * Resolves to the stored record, or undefined when the session was deleted meanwhile.
 */
export async function settleLease(
  ctx: AdapterContext,
  lease: Lease,
  tokens: Tokens,
  change: { step?: Step | null; countAttempt?: boolean } = {},
): Promise<SessionRecord | undefined> {
  const outcome = await ctx.store.transition(lease.sessionId, settle, {
    owner: lease.owner,
    sealedTokens: resealedTokens(ctx.keys, lease.record, tokens),
    ...change,
  });
  return outcome instanceof Refusal ? undefined : outcome;
}

/** Releases a lease without other changes (the call failed before reaching Berbix). */
export async function releaseLease(ctx: AdapterContext, lease: Lease): Promise<void> {
  await ctx.store.transition(lease.sessionId, release, { owner: lease.owner });
}
