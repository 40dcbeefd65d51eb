import { IdTypeSchema, StepSchema } from '@berbix-capture/protocol';
import * as v from 'valibot';

/**
 * What the adapter keeps per browser session, as a schema: the type is derived from it, and a
 * stored record is read back through it, so the two cannot drift apart. Tokens and the result are
 * sealed (AES-256-GCM under a key derived from the adapter's `secret`) before a store ever sees
 * them, so a store, its backups and its operators only hold ciphertext.
 */

/** A hand-off offer and what became of it. */
export const HandoffRecordSchema = v.object({
  /** Keyed fingerprint of the one code that may claim it; the code itself is never stored. */
  codeTag: v.string(),
  state: v.picklist(['offered', 'claimed', 'cancelled']),
  /** Epoch ms after which an offered code no longer works. */
  expiresAt: v.number(),
  /** The device that offered: it drives the session again after a cancel. */
  from: v.string(),
});
export type HandoffRecord = v.InferOutput<typeof HandoffRecordSchema>;

export const SessionRecordSchema = v.object({
  id: v.string(),
  /** The transaction's tokens, sealed; see `secrets.ts`. */
  tokens: v.string(),
  /**
   * Keyed fingerprint of the customer and template `transaction(req)` chose: a live session is
   * reused only for the same customer, so a planted cookie cannot steer someone into another
   * person's transaction.
   */
  customer: v.string(),
  /** Berbix's transaction id (a decimal string: ids are 64-bit). Not a credential. */
  transactionId: v.nullable(v.string()),
  step: StepSchema,
  /** Uploads made for the current step. */
  attempts: v.number(),
  idType: v.nullable(IdTypeSchema),
  createdAt: v.number(),
  /** Epoch ms after which the session is forgotten. */
  expiresAt: v.number(),
  /**
   * An upload to Berbix in flight, held by one request of one adapter instance. A second upload for
   * the same session waits for it instead of racing it (both would advance, or both would refresh).
   */
  lease: v.nullable(v.object({ owner: v.string(), until: v.number() })),
  /** Once `done`: the finished transaction, sealed. */
  result: v.nullable(v.string()),
  /** `onComplete` bookkeeping: claimed once by the instance that saw `done`, then done or failed. */
  completion: v.picklist(['pending', 'claimed', 'done', 'failed']),
  /**
   * The device (its id in the session cookie) that may upload; other holders of the session's
   * cookie only watch. Moves to the phone when it claims a hand-off, and back on a cancel. Records
   * written before hand-off existed have none: any holder drives.
   */
  holder: v.optional(v.nullable(v.string()), null),
  /** The hand-off to another device, once one was offered (none in records from before hand-off). */
  handoff: v.optional(v.nullable(HandoffRecordSchema), null),
});
export type SessionRecord = v.InferOutput<typeof SessionRecordSchema>;

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
  const result = v.safeParse(SessionRecordSchema, value);
  return result.success ? result.output : undefined;
}
