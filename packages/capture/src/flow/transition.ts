import { ERROR_CODES, isHandoffCode } from '@berbix-capture/protocol';
import type { ClaimFailure } from '../handoff-view.js';
import type { Effect } from './effects.js';
import type { FlowEvent } from './events.js';
import {
  begin,
  dropPhoto,
  enterStep,
  fail,
  finish,
  followOrLeave,
  proceed,
  type Result,
  resetStep,
  resume,
} from './moves.js';
import { takePhotoTransition } from './photo-transitions.js';
import { type FlowState, SUBJECT_FOR_STEP } from './state.js';

export type { Result } from './moves.js';

/** How a refused claim is explained on the phone; any other answer reads as "unreachable". */
const CLAIM_FAILURES: Record<string, ClaimFailure> = {
  [ERROR_CODES.handoffUsed]: 'used',
  [ERROR_CODES.handoffExpired]: 'expired',
  [ERROR_CODES.handoffInvalid]: 'invalid',
  [ERROR_CODES.invalidRequest]: 'invalid',
  [ERROR_CODES.rateLimited]: 'rate-limited',
};

const none: Effect[] = [];

/**
 * The capture flow: from a state and an event, the next state and the effects to perform. Pure:
 * no IO, no clock, no DOM; the controller performs the effects and feeds their answers back.
 */
export function transition(state: FlowState, event: FlowEvent): Result {
  switch (event.type) {
    case 'start': {
      const started: FlowState = { ...state, view: 'starting', missingEndpoint: !event.endpoint, pendingCode: null };
      const effects: Effect[] = [{ type: 'new-run' }];
      if (!event.endpoint)
        return fail(started, 'missing_endpoint', 'the endpoint attribute is required', false, effects);
      // A page opened from a hand-off link (or a claim retried after a network failure): claim it.
      const code = state.pendingCode ?? event.linkCode;
      if (code === null) return [started, [...effects, { type: 'load-session' }]];
      if (!isHandoffCode(code)) return claimRefused(started, code, ERROR_CODES.invalidRequest, effects);
      return [started, [...effects, { type: 'claim', code }]];
    }
    case 'restart': {
      const [reset, effects] = resetStep({ ...state, issues: null, notice: null, role: 'none', pending: null });
      return [reset, [{ type: 'stop-all' }, ...effects, { type: 'reset-handoff' }, { type: 'end-session' }]];
    }
    case 'stop':
      // A stopped upload waits for nothing: no timer or `online` may start it again.
      return [state.connection ? { ...state, connection: null } : state, [{ type: 'stop-all' }]];
    case 'disconnected': {
      const [next, effects] = dropPhoto(state);
      return [next, [{ type: 'new-run' }, { type: 'clear-frames' }, ...effects]];
    }
    case 'session-found':
      if (event.status) return resume(state, event.status, false);
      if (event.idType) return [state, [{ type: 'create-session', idType: event.idType }]];
      return [{ ...state, view: 'choose-type' }, none];
    case 'session-created': {
      const { session } = event;
      const created = {
        ...state,
        idType: session.idType ?? event.idType,
        handoffAvailable: session.handoffAvailable === true,
      };
      return begin(created, session.step, 1, [{ type: 'emit', signal: { name: 'ready' } }]);
    }
    case 'session-failed':
      return fail(state, event.code, event.message, true);
    case 'taken-back':
      return resume(state, event.status, true);
    case 'phone-checked': {
      if (!state.pending) return [state, none];
      return proceed({ ...state, role: event.claimed ? 'phone' : state.role }, state.pending);
    }
    case 'offer-decided': {
      const pending = state.pending;
      if (!pending) return [state, none];
      const next = { ...state, offerable: event.offerable };
      if (!event.offerable || !SUBJECT_FOR_STEP[pending.step]) return enterStep(next, pending.step, pending.attempt);
      return [{ ...next, step: pending.step, attempt: pending.attempt, pending: null, view: 'handoff-choice' }, none];
    }
    case 'choose-type':
      return [{ ...state, view: 'starting' }, [{ type: 'new-run' }, { type: 'create-session', idType: event.idType }]];
    case 'claimed':
      return resume({ ...state, role: 'phone' }, event.status, false, [
        { type: 'emit', signal: { name: 'handoff', state: 'claimed' } },
      ]);
    case 'claim-refused':
      return claimRefused(state, event.code, event.error);
    case 'offer-to-phone': {
      const [reset, effects] = resetStep({ ...state, role: 'desktop', view: 'handoff-offer' });
      return [reset, [{ type: 'stop-all' }, ...effects, { type: 'offer-handoff' }]];
    }
    case 'offer-settled':
      // Not the driver (a phone holds it) or already finished: the server knows better than this screen.
      if (event.refused === ERROR_CODES.handedOff) return followOrLeave(state);
      if (event.refused === ERROR_CODES.wrongStep) return [state, [{ type: 'start' }]];
      return [state, none];
    case 'follow-read':
      if (event.status?.state === 'claimed' && state.role !== 'phone') {
        return [
          { ...state, role: 'desktop', view: 'handoff-watching' },
          [{ type: 'watch-handoff', status: event.status }],
        ];
      }
      return [{ ...state, handoffReason: 'taken-back', view: 'handoff-elsewhere' }, none];
    case 'handoff':
      return handoffMoved(state, event);
    case 'use-this-device':
      return [{ ...state, view: 'starting' }, [{ type: 'new-run' }, { type: 'take-back' }]];
    case 'continue-here':
      return state.step ? enterStep(state, state.step, state.attempt) : [state, none];
    default:
      return takePhotoTransition(state, event);
  }
}

function claimRefused(state: FlowState, code: string, error: string | null, before: Effect[] = []): Result {
  const failure = (error !== null && CLAIM_FAILURES[error]) || 'unreachable';
  return [
    {
      ...state,
      pendingCode: failure === 'unreachable' ? code : null,
      handoffReason: failure,
      view: 'handoff-claim-failed',
    },
    before,
  ];
}

/** The hand-off moved on (reported by the hand-off controller on either device). */
function handoffMoved(state: FlowState, event: Extract<FlowEvent, { type: 'handoff' }>): Result {
  const signal: Effect = {
    type: 'emit',
    signal: { name: 'handoff', state: event.state, ...(event.step && { step: event.step }) },
  };
  if (state.role === 'phone') {
    if (event.state !== 'cancelled') return [state, [signal]];
    const [reset, effects] = resetStep({ ...state, handoffReason: 'cancelled', view: 'handoff-elsewhere' });
    return [reset, [signal, { type: 'stop-all' }, ...effects]];
  }
  switch (event.state) {
    case 'claimed':
      return [{ ...state, view: 'handoff-watching' }, [signal]];
    case 'progress':
      return [event.step ? { ...state, step: event.step } : state, [signal]];
    case 'done':
      return finish(state, [signal]);
    case 'expired':
      return [{ ...state, view: 'handoff-expired' }, [signal]];
    case 'cancelled': {
      const [next, effects] = transition(state, { type: 'use-this-device' });
      return [next, [signal, ...effects]];
    }
    default:
      return [state, [signal]];
  }
}
