import type { DocumentSubject, HandoffStatus, IdType, Step } from '@berbix-capture/protocol';
import type { Frame, Signal } from './events.js';
import type { Photo } from './state.js';

/**
 * The work a transition asks for. The controller performs them in order; those that wait for
 * something (the network, the camera, an encoder) answer later with an event, and only while the
 * run they belong to is still the current one.
 */
export type Effect =
  /** Ends the current run (its answers are dropped from now on) and begins a new one. */
  | { type: 'new-run' }
  /** `GET /session`; answers `session-found` (null for none or a gone one) or `session-failed`. */
  | { type: 'load-session' }
  /** `GET /session` to drive again after a phone; answers `taken-back` or `session-failed`. */
  | { type: 'take-back' }
  | { type: 'create-session'; idType: IdType }
  /** `DELETE /session`, then start afresh. */
  | { type: 'end-session' }
  /** Start afresh (as the page's `start()`). */
  | { type: 'start' }
  | { type: 'claim'; code: string }
  /** Is the session claimed by a phone (this device reloaded as that phone)? Answers `phone-checked`. */
  | { type: 'check-phone' }
  /** Should this device offer a phone first? Answers `offer-decided`. */
  | { type: 'decide-offer'; possible: boolean }
  | { type: 'offer-handoff' }
  | { type: 'read-handoff' }
  | { type: 'watch-handoff'; status: HandoffStatus }
  | { type: 'reset-handoff' }
  /** Camera, frame loop, upload and hand-off following all stop. */
  | { type: 'stop-all' }
  /** The step's per-frame state is forgotten (guidance, streaks, kept frames, exposure). */
  | { type: 'reset-step' }
  /** A step's capture begins: analysers reset and loaded, the barcode wait starts. */
  | { type: 'begin-step'; step: Step }
  | { type: 'open-camera' }
  | { type: 'close-camera' }
  | { type: 'stop-loop' }
  | { type: 'clear-frames' }
  /** The shutter: the sharpest recent frame, else a fresh grab. */
  | { type: 'shoot' }
  | { type: 'close-frame'; frame: Frame }
  | { type: 'encode-frame'; frame: Frame; subject: DocumentSubject }
  | { type: 'read-file'; file: Blob; step: Step; subject: DocumentSubject }
  /** Asks the page (`berbix-before-upload`), then answers `upload-started`. */
  | { type: 'upload'; photo: Photo; step: Step }
  /** One attempt at sending the photo; answers `uploaded`, `upload-failed` or `upload-interrupted`. */
  | { type: 'send-attempt'; photo: Photo; step: Step }
  /** Waits before retrying; answers `retry-due` with `tries` unless the upload was cancelled meanwhile. */
  | { type: 'wait-retry'; delayMs: number; tries: number }
  /** Aborts the attempt in flight and the wait for the next one. */
  | { type: 'cancel-upload' }
  | { type: 'revoke'; url: string }
  | { type: 'emit'; signal: Signal };
