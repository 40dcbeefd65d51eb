import { ERROR_CODES } from '@berbix-capture/protocol';
import type { CompressFailure } from '../compress.js';
import { connectionTransition } from './connection.js';
import type { Effect } from './effects.js';
import type { FlowEvent, Frame } from './events.js';
import { dropPhoto, enterStep, followOrLeave, type Result, resetStep } from './moves.js';
import { type FlowState, type NoticeKey, SUBJECT_FOR_STEP } from './state.js';

const none: Effect[] = [];

/** The step itself: taking a photo (camera or file), reviewing it, sending it, and what the answer says. */
export function takePhotoTransition(state: FlowState, event: FlowEvent): Result {
  switch (event.type) {
    case 'shutter':
      return state.busy ? [state, none] : [state, [{ type: 'shoot' }]];
    case 'grab-started':
      return [{ ...state, notice: null }, none];
    case 'grabbed':
      // Auto-capture may have taken a photo while the grab waited for a frame: that one stands.
      if (state.view !== 'capture') return [state, event.frame ? [{ type: 'close-frame', frame: event.frame }] : none];
      if (event.frame) return photoTaken(state, event.frame);
      // A camera that closed meanwhile has its own screen; a live one that gave no frame is said here,
      // so the press is never silently lost.
      if (!event.cameraLive) return [state, none];
      return [
        { ...state, notice: 'shutterFailed' },
        [emitError('capture_failed', 'the camera gave no frame for the photo', true)],
      ];
    case 'photo-taken':
      return event.frame ? photoTaken(state, event.frame) : [state, none];
    case 'file-chosen': {
      const subject = state.step ? SUBJECT_FOR_STEP[state.step] : undefined;
      if (!event.file || !state.step || !subject || state.busy) return [state, none];
      return [
        { ...state, busy: true, view: 'preparing' },
        [
          { type: 'stop-loop' },
          { type: 'close-camera' },
          { type: 'read-file', file: event.file, step: state.step, subject },
        ],
      ];
    }
    case 'photo-ready': {
      const [next, effects] = dropPhoto(state);
      const { photo } = event;
      const { width, height, blob } = photo.image;
      const signal = { name: 'capture', subject: photo.subject, width, height, bytes: blob.size } as const;
      return [{ ...next, photo, view: 'review', busy: false }, [...effects, { type: 'emit', signal }]];
    }
    case 'photo-failed': {
      const error = photoError(event.reason);
      // "Not a photo we can read" would blame the person for a camera frame the browser could not
      // encode, or for an encoder that never started.
      const notice: NoticeKey =
        event.reason === 'worker-unavailable'
          ? 'workerUnavailable'
          : event.reason === 'too-large-input'
            ? 'fileTooLarge'
            : event.source === 'camera'
              ? 'shutterFailed'
              : 'fileNotImage';
      return [
        { ...state, notice, view: 'capture', busy: false },
        state.step ? [error, { type: 'open-camera' }] : [error],
      ];
    }
    case 'retake':
      return retake(state);
    case 'worker-unavailable':
      return [state, [emitError('worker_unavailable', `the ${event.worker} worker could not start`, true)]];
    case 'send':
      return state.photo && state.step
        ? [state, [{ type: 'upload', photo: state.photo, step: state.step }]]
        : [state, none];
    case 'uploaded': {
      const attempt = event.nextStep === event.step ? state.attempt + 1 : 1;
      state = { ...state, connection: null };
      if (event.issues.length === 0) return enterStep({ ...state, issues: null }, event.nextStep, attempt);
      // Berbix may still move on (for example past a barcode it could not read); follow it.
      const signal = {
        name: 'issues',
        issues: event.issues,
        issueDetails: event.issueDetails,
        step: event.nextStep,
      } as const;
      return enterStep(
        { ...state, issues: { codes: event.issues, details: event.issueDetails } },
        event.nextStep,
        attempt,
        [{ type: 'emit', signal }],
      );
    }
    case 'upload-failed':
      return uploadFailed(state, event);
    default:
      return connectionTransition(state, event, uploadFailed);
  }
}

/** The error for a photo that could not be prepared; a worker that never started has its own code. */
function photoError(reason: CompressFailure): Effect {
  if (reason === 'worker-unavailable') {
    return emitError('worker_unavailable', 'the compression worker could not start', true);
  }
  return emitError(`image_${reason.replaceAll('-', '_')}`, 'the image could not be prepared', true);
}

function emitError(code: string, message: string, recoverable: boolean): Effect {
  return { type: 'emit', signal: { name: 'error', code, message, recoverable } };
}

/** A frame to keep: the capture stops and the frame becomes the photo to review. */
function photoTaken(state: FlowState, frame: Frame): Result {
  const subject = state.step ? SUBJECT_FOR_STEP[state.step] : undefined;
  if (state.busy || !subject) return [state, [{ type: 'close-frame', frame }]];
  return [
    { ...state, busy: true, view: 'preparing' },
    [
      { type: 'stop-loop' },
      { type: 'clear-frames' },
      { type: 'close-camera' },
      { type: 'encode-frame', frame, subject },
    ],
  ];
}

function retake(state: FlowState, before: Effect[] = []): Result {
  if (!state.step) return [state, before];
  // From a waiting upload: its attempt and its timer go with the photo.
  const cancel: Effect[] = state.connection ? [{ type: 'cancel-upload' }] : [];
  return enterStep({ ...state, notice: null, connection: null }, state.step, state.attempt, [...cancel, ...before]);
}

type UploadFailure = Pick<Extract<FlowEvent, { type: 'upload-failed' }>, 'status' | 'code' | 'message' | 'step'>;

function uploadFailed(state: FlowState, failure: UploadFailure): Result {
  state = { ...state, connection: null };
  if (failure.code === ERROR_CODES.handedOff) {
    // Another device drives the session now: say so, never retry.
    const [reset, effects] = resetStep(state);
    return followOrLeave(reset, [
      ...effects,
      emitError(failure.code, 'the session continues on another device', false),
    ]);
  }
  if (failure.status === 409) {
    // The session moved on elsewhere (another tab, a retry that did land): follow the server.
    return failure.step ? enterStep(state, failure.step, 1) : [state, [{ type: 'start' }]];
  }
  if (failure.status === 410 || failure.status === 401) {
    const error = emitError(failure.code, 'the session ended; starting again', true);
    const [reset, effects] = resetStep({ ...state, notice: 'sessionRestarted', issues: null });
    return [reset, [error, ...effects, { type: 'start' }]];
  }
  if ([413, 415, 422].includes(failure.status)) {
    // The adapter refused these bytes: a new photo is the way forward.
    return retake({ ...state, issues: { codes: ['bad_upload'], details: {} } }, [
      emitError(failure.code, failure.message, true),
    ]);
  }
  return [
    { ...state, view: 'upload-failed' },
    [emitError(failure.code || ERROR_CODES.upstreamUnavailable, failure.message, failure.status !== 400)],
  ];
}
