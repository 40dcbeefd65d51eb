import type { Effect } from './effects.js';
import type { FlowEvent } from './events.js';
import type { Result } from './moves.js';
import type { FlowState, UploadConnection } from './state.js';

/** Delay before retry n (0-based): 1, 2, 4, 8, 15, 15… seconds, each with ±20% jitter. */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(15_000, 1000 * 2 ** attempt);
  return Math.round(base * (0.8 + 0.4 * random()));
}

/** Tries per upload before giving up and letting the person press "Try again" (about a minute). */
export const MAX_UPLOAD_TRIES = 7;

const none: Effect[] = [];

/** The photo goes out again: one attempt, the wait (if any) forgotten. */
function attempt(state: FlowState, connection: UploadConnection): Result {
  if (!state.photo || !state.step) return [state, none];
  return [
    { ...state, connection: { ...connection, status: 'sending', nextTryAt: null } },
    [{ type: 'send-attempt', photo: state.photo, step: state.step }],
  ];
}

/**
 * Keeping an upload going through a bad connection: the first attempt (or, offline, the wait for a
 * network), a wait after each failure worth retrying, "Try now", and the browser's `offline` and
 * `online`. Every path keeps the photo; only a retake (see `takePhotoTransition`) drops it.
 * `interrupted` gives up after `MAX_UPLOAD_TRIES` through `giveUp`, the ordinary failure.
 */
export function connectionTransition(
  state: FlowState,
  event: FlowEvent,
  giveUp: (state: FlowState, failure: Extract<FlowEvent, { type: 'upload-interrupted' }>) => Result,
): Result {
  const { connection } = state;
  const uploading = state.view === 'uploading' && connection !== null;
  switch (event.type) {
    case 'upload-started': {
      const started: FlowState = { ...state, view: 'uploading', notice: null };
      const fresh: UploadConnection = { status: 'sending', tries: 0, nextTryAt: null };
      // Offline already: say so at once and wait for the network instead of failing a try.
      if (state.offline) return [{ ...started, connection: { ...fresh, status: 'offline' } }, none];
      return attempt(started, fresh);
    }
    case 'upload-interrupted': {
      if (!uploading || connection.status !== 'sending') return [state, none];
      const tries = connection.tries + 1;
      if (tries >= MAX_UPLOAD_TRIES) return giveUp({ ...state, connection: null }, event);
      if (state.offline) return [{ ...state, connection: { status: 'offline', tries, nextTryAt: null } }, none];
      return [
        { ...state, connection: { status: 'reconnecting', tries, nextTryAt: event.now + event.delayMs } },
        [{ type: 'wait-retry', delayMs: event.delayMs, tries }],
      ];
    }
    case 'retry-due':
      // A wait that "Try now", `offline` or a newer failure has overtaken is stale.
      if (!uploading || connection.status !== 'reconnecting' || connection.tries !== event.tries) return [state, none];
      return attempt(state, connection);
    case 'try-now':
      if (!uploading || connection.status === 'sending') return [state, none];
      return attempt(state, connection);
    case 'offline': {
      const offline = { ...state, offline: true };
      if (!uploading || connection.status === 'offline') return [offline, none];
      // The attempt in flight will not get through; drop it so `online` can start a clean one.
      return [
        { ...offline, connection: { ...connection, status: 'offline', nextTryAt: null } },
        [{ type: 'cancel-upload' }],
      ];
    }
    case 'online': {
      const online = { ...state, offline: false };
      if (!uploading || connection.status !== 'offline') return [online, none];
      return attempt(online, connection);
    }
    default:
      return [state, none];
  }
}
