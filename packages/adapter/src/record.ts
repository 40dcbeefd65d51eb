import { isIdType, isStep } from '@berbix-capture/protocol';
import type { HandoffRecord, SessionRecord } from './store.js';

/**
 * Reads a stored record back, refusing anything that is not one (a foreign key in a shared Redis, a
 * hand-edited row): a store must never hand the adapter half a session.
 */
export function parseRecord(text: string): SessionRecord | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!value || typeof value !== 'object') return undefined;
  const r = value as Record<string, unknown>;
  const ok =
    typeof r.id === 'string' &&
    typeof r.tokens === 'string' &&
    typeof r.customer === 'string' &&
    (r.transactionId === null || typeof r.transactionId === 'string') &&
    isStep(r.step) &&
    typeof r.attempts === 'number' &&
    (r.idType === null || isIdType(r.idType)) &&
    typeof r.createdAt === 'number' &&
    typeof r.expiresAt === 'number' &&
    (r.lease === null || (typeof r.lease === 'object' && typeof (r.lease as { owner?: unknown }).owner === 'string')) &&
    (r.result === null || typeof r.result === 'string') &&
    ['pending', 'claimed', 'done', 'failed'].includes(r.completion as string) &&
    (r.holder === undefined || r.holder === null || typeof r.holder === 'string') &&
    (r.handoff === undefined || r.handoff === null || isHandoffRecord(r.handoff));
  if (!ok) return undefined;
  // Records written before hand-off existed have neither field: nobody holds them exclusively.
  return {
    ...(value as SessionRecord),
    holder: (r.holder as string | null | undefined) ?? null,
    handoff: (r.handoff as HandoffRecord | null | undefined) ?? null,
  };
}

function isHandoffRecord(value: unknown): value is HandoffRecord {
  if (!value || typeof value !== 'object') return false;
  const h = value as Record<string, unknown>;
  return (
    typeof h.codeTag === 'string' &&
    ['offered', 'claimed', 'cancelled'].includes(h.state as string) &&
    typeof h.expiresAt === 'number' &&
    typeof h.from === 'string'
  );
}
