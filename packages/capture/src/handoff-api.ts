import {
  HANDOFF_PATHS,
  type HandoffOffer,
  HandoffOfferSchema,
  type HandoffStatus,
  HandoffStatusSchema,
  readAnswer,
  type SessionStatusResponse,
  SessionStatusResponseSchema,
} from '@berbix-capture/protocol';
import { answerOf, call, joinUrl, SessionApiError } from './session-api.js';

/** The hand-off calls of the element <-> adapter protocol (see `HANDOFF_PATHS`). */

/** A status from the adapter (an answer or an SSE event), or null when it does not have that shape. */
export function parseHandoffStatus(value: unknown): HandoffStatus | null {
  return readAnswer(HandoffStatusSchema, value) ?? null;
}

/** `POST /session/handoff`: a fresh one-time link for this session (replaces any earlier one). */
export async function offerHandoff(endpoint: string, fetchImpl: typeof fetch): Promise<HandoffOffer> {
  const body = await call(fetchImpl, joinUrl(endpoint, HANDOFF_PATHS.handoff), { method: 'POST' });
  // The url becomes a QR code a phone opens: the schema takes only a web address.
  return answerOf(HandoffOfferSchema, 201, body, 'hand-off answer');
}

/** `GET /session/handoff`: where the hand-off stands (either device). */
export async function getHandoffStatus(endpoint: string, fetchImpl: typeof fetch): Promise<HandoffStatus> {
  const body = await call(fetchImpl, joinUrl(endpoint, HANDOFF_PATHS.handoff), { method: 'GET' });
  const status = parseHandoffStatus(body);
  if (!status) throw new SessionApiError(200, 'bad_response', 'the hand-off status was malformed');
  return status;
}

/** `DELETE /session/handoff`: cancels; the device that offered drives the session again. */
export async function cancelHandoff(endpoint: string, fetchImpl: typeof fetch): Promise<void> {
  await call(fetchImpl, joinUrl(endpoint, HANDOFF_PATHS.handoff), { method: 'DELETE' });
}

/** `POST /session/handoff/claim`: the phone takes the session over; the answer carries its own cookie. */
export async function claimHandoff(
  endpoint: string,
  code: string,
  fetchImpl: typeof fetch,
): Promise<SessionStatusResponse> {
  const body = await call(fetchImpl, joinUrl(endpoint, HANDOFF_PATHS.claim), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code }),
  });
  return answerOf(SessionStatusResponseSchema, 200, body, 'claim answer');
}

export const handoffEventsUrl = (endpoint: string) => joinUrl(endpoint, HANDOFF_PATHS.events);
