import * as v from 'valibot';
import { answerObject, requestObject } from './plain-object.js';
import { StepSchema } from './steps.js';

/**
 * Hand-off: a desktop session continued on a phone. The desktop asks for a one-time link (shown as
 * a QR code), the phone claims it and from then on drives the uploads with its own cookie, while
 * the desktop follows the status read-only. Paths are relative to the element's `endpoint`.
 */
export const HANDOFF_PATHS = {
  /** `POST` offers a link (201 {@link HandoffOffer}); `GET` answers {@link HandoffStatus}; `DELETE` cancels. */
  handoff: '/session/handoff',
  /** `GET`: Server-Sent Events, one `status` event ({@link HandoffStatus}) per change. */
  events: '/session/handoff/events',
  /** `POST {code}` from the phone ({@link HandoffClaimRequest}): 200 with a `SessionStatusResponse` and the phone's cookie. */
  claim: '/session/handoff/claim',
} as const;

/**
 * The name of the link parameter that carries the one-time code. The adapter puts it in the URL's
 * fragment (never sent to a server, so never in an access log); the element also reads it from the
 * query string and removes it from the address bar either way.
 */
export const HANDOFF_PARAM = 'berbix-handoff';

/** One-time codes are this many base64url characters; anything else is refused before any lookup. */
export const HANDOFF_CODE_LENGTH = 48;

export const HandoffCodeSchema = v.pipe(
  v.string('is not a hand-off code'),
  v.length(HANDOFF_CODE_LENGTH, 'is not a hand-off code'),
  v.regex(/^[A-Za-z0-9_-]+$/, 'is not a hand-off code'),
);

export function isHandoffCode(value: unknown): value is string {
  return v.is(HandoffCodeSchema, value);
}

/** `POST {endpoint}/session/handoff` answer (201). */
export const HandoffOfferSchema = answerObject({
  /** The integrator's page with the code in it: what the QR code encodes, so only a web address. */
  url: v.pipe(v.string(), v.regex(/^https?:\/\//i, 'must be an http(s) URL')),
  /** ISO-8601 time after which the code no longer works. */
  expiresAt: v.string(),
});
export type HandoffOffer = v.InferOutput<typeof HandoffOfferSchema>;

/**
 * Where a hand-off stands:
 * - `none`: never offered (or the session was taken back before any offer);
 * - `offered`: a live code waits to be claimed;
 * - `claimed`: a phone holds the session;
 * - `cancelled`: either side cancelled; the device that offered drives the session again;
 * - `expired`: the code ran out unclaimed.
 */
export const HandoffStateSchema = v.picklist(['none', 'offered', 'claimed', 'cancelled', 'expired']);
export type HandoffState = v.InferOutput<typeof HandoffStateSchema>;

/** `GET {endpoint}/session/handoff` answer, and the data of each `status` event. */
export const HandoffStatusSchema = answerObject({
  state: HandoffStateSchema,
  /** The session's step, as the phone moves it. */
  step: StepSchema,
  done: v.boolean(),
  /** When the offered code expires (ISO-8601), or null when nothing is offered. */
  expiresAt: v.fallback(v.nullable(v.string()), null),
});
export type HandoffStatus = v.InferOutput<typeof HandoffStatusSchema>;

/** `POST {endpoint}/session/handoff/claim` body. */
export const HandoffClaimRequestSchema = requestObject({ code: HandoffCodeSchema });
export type HandoffClaimRequest = v.InferOutput<typeof HandoffClaimRequestSchema>;

/** What `berbix-handoff` events report, on the desktop and on the phone. */
export type HandoffEventState = 'offered' | 'claimed' | 'progress' | 'done' | 'cancelled' | 'expired';
