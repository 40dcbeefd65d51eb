import type { SessionStatusResponse, Step } from '@berbix-capture/protocol';
import type { Effect } from './effects.js';
import { type FlowState, type PendingStep, SUBJECT_FOR_STEP } from './state.js';

/** A transition's answer: the next state and the work it asks for, in order. */
export type Result = readonly [FlowState, Effect[]];

/** The moves several transitions share: entering a step, finishing, failing, resuming. */

export function dropPhoto(state: FlowState): Result {
  if (!state.photo) return [state, []];
  return [{ ...state, photo: null }, [{ type: 'revoke', url: state.photo.url }]];
}

/** Forgets everything about the step in progress: its frames, its guidance, its photo. */
export function resetStep(state: FlowState): Result {
  const [next, effects] = dropPhoto({ ...state, busy: false });
  return [next, [{ type: 'reset-step' }, ...effects]];
}

export function finish(state: FlowState, before: Effect[] = []): Result {
  return [
    { ...state, step: 'done', view: 'finished', pending: null },
    [...before, { type: 'stop-all' }, { type: 'emit', signal: { name: 'complete' } }],
  ];
}

export function fail(
  state: FlowState,
  code: string,
  message: string,
  recoverable: boolean,
  before: Effect[] = [],
): Result {
  return [
    { ...state, view: 'session-error', pending: null },
    [...before, { type: 'stop-all' }, { type: 'emit', signal: { name: 'error', code, message, recoverable } }],
  ];
}

/** Shows a step: the capture screen, camera on, this step's analysers loaded. */
export function enterStep(state: FlowState, step: Step, attempt: number, before: Effect[] = []): Result {
  const [reset, resetEffects] = resetStep(state);
  const next = { ...reset, step, attempt, pending: null };
  const effects = [...before, ...resetEffects];
  if (step === 'done') return finish(next, effects);
  if (!SUBJECT_FOR_STEP[step]) {
    // Selfie steps belong to templates this element does not serve.
    const error = { name: 'error', code: 'unsupported_step', message: `the step ${step} is not supported` } as const;
    return [
      { ...next, view: 'unsupported-step' },
      [...effects, { type: 'stop-all' }, { type: 'emit', signal: { ...error, recoverable: false } }],
    ];
  }
  return [
    { ...next, view: 'capture' },
    [
      ...effects,
      { type: 'emit', signal: { name: 'step', step, attempt } },
      { type: 'begin-step', step },
      { type: 'open-camera' },
    ],
  ];
}

/** Before the camera starts: ask whether this device should offer a phone first. */
export function begin(state: FlowState, step: Step, attempt: number, before: Effect[] = []): Result {
  return [
    { ...state, pending: { step, attempt, again: false } },
    [...before, { type: 'decide-offer', possible: state.handoffAvailable && state.role !== 'phone' }],
  ];
}

/** A step that waited for a check begins: at once when taken back from a phone, else after the offer choice. */
export function proceed(state: FlowState, pending: PendingStep, before: Effect[] = []): Result {
  return pending.again
    ? enterStep(state, pending.step, pending.attempt, before)
    : begin(state, pending.step, pending.attempt, before);
}

/** This device does not drive the session: follow a phone that holds it, else say it went elsewhere. */
export function followOrLeave(state: FlowState, before: Effect[] = []): Result {
  return [{ ...state, pending: null }, [...before, { type: 'stop-all' }, { type: 'read-handoff' }]];
}

/** Picks up a session at its step; `again` when this device takes it back from a phone (no choice, no ready). */
export function resume(state: FlowState, status: SessionStatusResponse, again: boolean, before: Effect[] = []): Result {
  const next: FlowState = { ...state, idType: status.idType, handoffAvailable: status.handoffAvailable === true };
  const effects: Effect[] = again ? before : [...before, { type: 'emit', signal: { name: 'ready' } }];
  if (status.done) return finish(next, effects);
  if (status.watching) return followOrLeave(next, effects);
  const pending = { step: status.step, attempt: status.attempts + 1, again };
  if (!next.handoffAvailable && next.role === 'none') {
    // A phone that reloads still drives a claimed session (the server offers no further hand-off
    // on it): it keeps its banner. Ask before going on.
    return [{ ...next, pending }, [...effects, { type: 'check-phone' }]];
  }
  return proceed(next, pending, effects);
}
