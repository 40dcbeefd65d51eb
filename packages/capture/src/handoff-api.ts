import {
  HANDOFF_PATHS,
  type HandoffOffer,
  type HandoffState,
  type HandoffStatus,
  isStep,
  type SessionStatusResponse,
} from '@berbix-capture/protocol';
import { call, joinUrl, SessionApiError } from './session-api.js';

/** The hand-off calls of the element <-> adapter protocol (see `HANDOFF_PATHS`). */

const STATES: readonly HandoffState[] = ['none', 'offered', 'claimed', 'cancelled', 'expired'];

/** A status from the adapter (an answer or an SSE event), or null when it does not have that shape. */
export function parseHandoffStatus(value: unknown): HandoffStatus | null {
  const v = value as Partial<HandoffStatus> | null;
  if (!v || typeof v !== 'object') return null;
  if (!STATES.includes(v.state as HandoffState) || !isStep(v.step) || typeof v.done !== 'boolean') return null;
  const expiresAt = typeof v.expiresAt === 'string' ? v.expiresAt : null;
  return { state: v.state as HandoffState, step: v.step, done: v.done, expiresAt };
}

/** `POST /session/handoff`: a fresh one-time link for this session (replaces any earlier one). */
export async function offerHandoff(endpoint: string, fetchImpl: typeof fetch): Promise<HandoffOffer> {
  const body = await call<Partial<HandoffOffer>>(fetchImpl, joinUrl(endpoint, HANDOFF_PATHS.handoff), {
    method: 'POST',
  });
  // The url becomes a QR code a phone opens: only a web address is acceptable.
  if (typeof body.url !== 'string' || !/^https?:\/\//i.test(body.url) || typeof body.expiresAt !== 'string') {
    throw new SessionApiError(201, 'bad_response', 'the hand-off answer was malformed');
  }
  return { url: body.url, expiresAt: body.expiresAt };
}

/** `GET /session/handoff`: where the hand-off stands (either device). */
export async function getHandoffStatus(endpoint: string, fetchImpl: typeof fetch): Promise<HandoffStatus> {
  const body = await call<unknown>(fetchImpl, joinUrl(endpoint, HANDOFF_PATHS.handoff), { method: 'GET' });
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
  const body = await call<Partial<SessionStatusResponse>>(fetchImpl, joinUrl(endpoint, HANDOFF_PATHS.claim), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code }),
  });
  if (!isStep(body.step)) throw new SessionApiError(200, 'bad_response', 'the claim answer was malformed');
  return {
    step: body.step,
    attempts: typeof body.attempts === 'number' ? body.attempts : 0,
    done: body.done === true,
    idType: body.idType ?? null,
    handoffAvailable: body.handoffAvailable === true,
    watching: body.watching === true,
  };
}

export const handoffEventsUrl = (endpoint: string) => joinUrl(endpoint, HANDOFF_PATHS.events);
