import { describe, expect, it } from 'vitest';
import { AdapterError } from './errors.js';
import { Refusal, type SessionRecord } from './store.js';
import {
  cancelHandoff,
  claimHandoff,
  closeCompletion,
  offerHandoff,
  releaseLease,
  settleLease,
  storeResult,
  takeLease,
} from './transitions.js';

const NOW = 1_800_000_000_000;

function record(overrides: Partial<SessionRecord> = {}): SessionRecord {
  return {
    id: 'session',
    tokens: 'v1.sealed-tokens',
    customer: 'fingerprint',
    transactionId: '9007199254741993',
    step: 'upload_document_front',
    attempts: 0,
    idType: 'DL',
    createdAt: NOW - 1000,
    expiresAt: NOW + 3_600_000,
    lease: null,
    result: null,
    completion: 'pending',
    holder: 'desktop',
    handoff: null,
    ...overrides,
  };
}

/** The refusal's status and code, or a failure naming what came back instead. */
function refusal(outcome: SessionRecord | Refusal): { status: number; code: string; step?: string } {
  if (!(outcome instanceof Refusal)) throw new Error(`expected a refusal, got a record at ${outcome.step}`);
  expect(outcome.error).toBeInstanceOf(AdapterError);
  const { status, code, extra } = outcome.error;
  return { status, code, ...(extra.step !== undefined && { step: extra.step }) };
}

function next(outcome: SessionRecord | Refusal): SessionRecord {
  if (outcome instanceof Refusal) throw new Error(`expected a record, got ${outcome.error.code}`);
  return outcome;
}

const image = { for: 'image' as const, device: 'desktop', step: 'upload_document_front' as const };
const lease = (owner: string, until = NOW + 60_000) => ({ owner, until });

describe('takeLease', () => {
  it('takes a free lease for the step the upload is for, until now + leaseMs', () => {
    const before = record();
    const after = next(takeLease(before, { owner: 'a', leaseMs: 5000, purpose: image }, NOW));
    expect(after.lease).toEqual({ owner: 'a', until: NOW + 5000 });
    expect(before.lease).toBeNull();
  });

  it('refuses another live lease (429), but takes over one that lapsed', () => {
    const held = record({ lease: lease('other', NOW + 1) });
    expect(refusal(takeLease(held, { owner: 'a', leaseMs: 5000, purpose: image }, NOW))).toEqual({
      status: 429,
      code: 'rate_limited',
    });
    const lapsed = record({ lease: lease('other', NOW) });
    expect(next(takeLease(lapsed, { owner: 'a', leaseMs: 5000, purpose: image }, NOW)).lease?.owner).toBe('a');
  });

  it('refuses the wrong step (409 naming it) and a device the session was handed away from', () => {
    const atBack = record({ step: 'upload_document_back' });
    expect(refusal(takeLease(atBack, { owner: 'a', leaseMs: 1, purpose: image }, NOW))).toEqual({
      status: 409,
      code: 'wrong_step',
      step: 'upload_document_back',
    });
    const onPhone = record({ holder: 'phone' });
    expect(refusal(takeLease(onPhone, { owner: 'a', leaseMs: 1, purpose: image }, NOW)).code).toBe('handed_off');
    // A record from before hand-off existed is driven by anyone.
    expect(
      next(takeLease(record({ holder: null }), { owner: 'a', leaseMs: 1, purpose: image }, NOW)).lease,
    ).not.toBeNull();
  });

  it('an id scan goes at any step but done; a completion only on done and unfinished', () => {
    const idscan = { for: 'idscan' as const, device: 'desktop' };
    expect(
      next(takeLease(record({ step: 'upload_document_back' }), { owner: 'a', leaseMs: 1, purpose: idscan }, NOW)),
    ).toBeTruthy();
    expect(refusal(takeLease(record({ step: 'done' }), { owner: 'a', leaseMs: 1, purpose: idscan }, NOW)).step).toBe(
      'done',
    );
    const completion = { for: 'completion' as const };
    expect(refusal(takeLease(record(), { owner: 'a', leaseMs: 1, purpose: completion }, NOW)).code).toBe('wrong_step');
    for (const state of ['pending', 'claimed'] as const) {
      const done = record({ step: 'done', completion: state });
      expect(next(takeLease(done, { owner: 'a', leaseMs: 1, purpose: completion }, NOW)).lease?.owner).toBe('a');
    }
    for (const state of ['done', 'failed'] as const) {
      const closed = record({ step: 'done', completion: state });
      expect(refusal(takeLease(closed, { owner: 'a', leaseMs: 1, purpose: completion }, NOW)).code).toBe('wrong_step');
    }
  });
});

describe('settleLease', () => {
  const held = record({ lease: lease('a'), attempts: 2 });

  it('moves the step (attempts back to 0), writes new tokens, releases the lease', () => {
    const after = settleLease(held, { owner: 'a', sealedTokens: 'v1.new', step: 'upload_document_back' }, NOW);
    expect(after).toMatchObject({ step: 'upload_document_back', attempts: 0, tokens: 'v1.new', lease: null });
  });

  it('the same step again counts an attempt only for an upload; unchanged tokens stay', () => {
    const upload = settleLease(held, { owner: 'a', sealedTokens: null, step: held.step, countAttempt: true }, NOW);
    expect(upload).toMatchObject({ attempts: 3, tokens: held.tokens, lease: null });
    const resync = settleLease(held, { owner: 'a', sealedTokens: null, step: held.step }, NOW);
    expect(resync.attempts).toBe(2);
  });

  it('keeps the lease for the completion when the step became done, and never frees another owner', () => {
    expect(settleLease(held, { owner: 'a', sealedTokens: null, step: 'done' }, NOW).lease?.owner).toBe('a');
    expect(settleLease(held, { owner: 'b', sealedTokens: null }, NOW).lease?.owner).toBe('a');
  });
});

describe('releaseLease', () => {
  it('frees its own lease and leaves anyone else`s record as it is (the same object: nothing to write)', () => {
    const held = record({ lease: lease('a') });
    expect(releaseLease(held, { owner: 'a' }, NOW).lease).toBeNull();
    expect(releaseLease(held, { owner: 'b' }, NOW)).toBe(held);
  });
});

describe('storeResult and closeCompletion', () => {
  const done = record({ step: 'done', lease: lease('a') });
  const input = { owner: 'a', sealedTokens: 'v1.t', sealedResult: 'v1.r', callbackFollows: true };

  it('stores the result and claims the completion, keeping the lease while a callback follows', () => {
    expect(next(storeResult(done, input, NOW))).toMatchObject({
      result: 'v1.r',
      tokens: 'v1.t',
      completion: 'claimed',
      lease: { owner: 'a' },
    });
    expect(next(storeResult(done, { ...input, callbackFollows: false }, NOW))).toMatchObject({
      completion: 'done',
      lease: null,
    });
  });

  it('refuses without the lease or once the completion moved on: at most one call', () => {
    expect(storeResult(done, { ...input, owner: 'b' }, NOW)).toBeInstanceOf(Refusal);
    expect(storeResult({ ...done, completion: 'claimed' }, input, NOW)).toBeInstanceOf(Refusal);
  });

  it('records how the callback went and frees only its own lease', () => {
    const claimed = record({ step: 'done', completion: 'claimed', lease: lease('a') });
    expect(closeCompletion(claimed, { owner: 'a', outcome: 'failed' }, NOW)).toMatchObject({
      completion: 'failed',
      lease: null,
    });
    expect(closeCompletion(claimed, { owner: 'b', outcome: 'done' }, NOW)).toMatchObject({
      completion: 'done',
      lease: { owner: 'a' },
    });
  });
});

describe('hand-off', () => {
  const offer = { device: 'desktop', codeTag: 'tag-1', expiresAt: NOW + 600_000 };
  const isTag1 = (tag: string) => tag === 'tag-1';

  it('offers from the driving device; a new offer replaces the old code', () => {
    const offered = next(offerHandoff(record(), offer, NOW));
    expect(offered.handoff).toEqual({ codeTag: 'tag-1', state: 'offered', expiresAt: NOW + 600_000, from: 'desktop' });
    expect(next(offerHandoff(offered, { ...offer, codeTag: 'tag-2' }, NOW)).handoff?.codeTag).toBe('tag-2');
  });

  it('refuses to offer from a watching device, from a phone that claimed, or once done', () => {
    expect(refusal(offerHandoff(record({ holder: 'phone' }), offer, NOW)).code).toBe('handed_off');
    const claimed = record({ holder: 'desktop', handoff: { ...offer, from: 'desktop', state: 'claimed' } });
    expect(refusal(offerHandoff(claimed, offer, NOW)).code).toBe('handed_off');
    expect(refusal(offerHandoff(record({ step: 'done' }), offer, NOW))).toMatchObject({ status: 409, step: 'done' });
  });

  it('a claim moves the session to the phone once; then used (410), and a wrong code is 404', () => {
    const offered = next(offerHandoff(record(), offer, NOW));
    const claimed = next(claimHandoff(offered, { device: 'phone', isCode: isTag1 }, NOW));
    expect(claimed).toMatchObject({ holder: 'phone', handoff: { state: 'claimed', from: 'desktop' } });
    expect(refusal(claimHandoff(claimed, { device: 'phone-2', isCode: isTag1 }, NOW))).toEqual({
      status: 410,
      code: 'handoff_used',
    });
    expect(refusal(claimHandoff(offered, { device: 'phone', isCode: () => false }, NOW)).status).toBe(404);
    expect(refusal(claimHandoff(record(), { device: 'phone', isCode: isTag1 }, NOW)).code).toBe('handoff_invalid');
  });

  it('refuses a claim of an expired, cancelled or finished offer', () => {
    const offered = next(offerHandoff(record(), offer, NOW));
    expect(refusal(claimHandoff(offered, { device: 'p', isCode: isTag1 }, offer.expiresAt)).code).toBe(
      'handoff_expired',
    );
    const cancelled = cancelHandoff(offered, { device: 'desktop' }, NOW);
    expect(refusal(claimHandoff(cancelled, { device: 'p', isCode: isTag1 }, NOW)).code).toBe('handoff_invalid');
    expect(refusal(claimHandoff({ ...offered, step: 'done' }, { device: 'p', isCode: isTag1 }, NOW)).code).toBe(
      'wrong_step',
    );
  });

  it('cancels from either device of the hand-off, giving the session back; anyone else changes nothing', () => {
    const offered = next(offerHandoff(record(), offer, NOW));
    const claimed = next(claimHandoff(offered, { device: 'phone', isCode: isTag1 }, NOW));
    for (const device of ['desktop', 'phone']) {
      expect(cancelHandoff(claimed, { device }, NOW)).toMatchObject({
        holder: 'desktop',
        handoff: { state: 'cancelled' },
      });
    }
    expect(cancelHandoff(claimed, { device: 'stranger' }, NOW)).toBe(claimed);
    const cancelled = cancelHandoff(claimed, { device: 'desktop' }, NOW);
    expect(cancelHandoff(cancelled, { device: 'desktop' }, NOW)).toBe(cancelled);
    expect(cancelHandoff(record(), { device: 'desktop' }, NOW).handoff).toBeNull();
  });
});
