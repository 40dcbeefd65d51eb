import * as v from 'valibot';
import { berbixId, openObject, optionalText } from './primitives.js';

/** The header Berbix signs webhooks with: `v0,<unix seconds>,<hex HMAC-SHA256>`. */
export const WEBHOOK_SIGNATURE_HEADER = 'x-berbix-signature';

/**
 * A transaction event as Berbix posts it to a webhook (the contract leaves event types open).
 * `transaction_id` is read as an exact decimal string; unknown fields are kept.
 */
export const WebhookEventSchema = openObject({
  transaction_id: berbixId,
  customer_uid: optionalText,
  action: v.nullish(v.string('must be a string')),
  dashboard_link: optionalText,
  /** The event's id, the same on every retry of one delivery. */
  id: optionalText,
  type: optionalText,
});
export type WebhookEvent = v.InferOutput<typeof WebhookEventSchema>;
/** The event as a sender writes it (the id may be a number or a bigint). */
export type WebhookEventBody = v.InferInput<typeof WebhookEventSchema>;
