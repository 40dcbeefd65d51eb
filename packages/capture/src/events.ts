import type { DocumentSubject, HandoffEventState, IssueCode, IssueDetails, Step } from '@berbix-capture/protocol';

/** Options every berbix-* event shares: it crosses shadow roots and bubbles to the page. */
const EVENT_INIT: EventInit = { bubbles: true, composed: true };

export type CameraState = 'live' | 'denied' | 'unavailable' | 'ended';

/** The element has a session and knows its first step. */
export class BerbixReadyEvent extends Event {
  static readonly eventName = 'berbix-ready';
  constructor() {
    super(BerbixReadyEvent.eventName, EVENT_INIT);
  }
}

/** A step begins (or begins again after a retake); `attempt` counts from 1. */
export class BerbixStepEvent extends Event {
  static readonly eventName = 'berbix-step';
  constructor(
    readonly step: Step,
    readonly attempt: number,
  ) {
    super(BerbixStepEvent.eventName, EVENT_INIT);
  }
}

/** The camera changed state. */
export class BerbixCameraEvent extends Event {
  static readonly eventName = 'berbix-camera';
  constructor(readonly state: CameraState) {
    super(BerbixCameraEvent.eventName, EVENT_INIT);
  }
}

/** A photo was taken (or chosen) and prepared: its final size, never its pixels. */
export class BerbixCaptureEvent extends Event {
  static readonly eventName = 'berbix-capture';
  constructor(
    readonly subject: DocumentSubject,
    readonly width: number,
    readonly height: number,
    readonly bytes: number,
  ) {
    super(BerbixCaptureEvent.eventName, EVENT_INIT);
  }
}

/** About to upload; `preventDefault()` keeps the photo on the review screen instead. */
export class BerbixBeforeUploadEvent extends Event {
  static readonly eventName = 'berbix-before-upload';
  constructor(
    readonly subject: DocumentSubject,
    readonly bytes: number,
  ) {
    super(BerbixBeforeUploadEvent.eventName, { ...EVENT_INIT, cancelable: true });
  }
}

/** Upload progress in bytes. */
export class BerbixUploadProgressEvent extends Event {
  static readonly eventName = 'berbix-upload-progress';
  constructor(
    readonly loaded: number,
    readonly total: number,
  ) {
    super(BerbixUploadProgressEvent.eventName, EVENT_INIT);
  }
}

/** Berbix found issues with the photo; the same step begins again. */
export class BerbixIssuesEvent extends Event {
  static readonly eventName = 'berbix-issues';
  constructor(
    readonly issues: IssueCode[],
    readonly issueDetails: IssueDetails,
    readonly step: Step,
  ) {
    super(BerbixIssuesEvent.eventName, EVENT_INIT);
  }
}

/** Every step is done. The result stays on the integrator's server. */
export class BerbixCompleteEvent extends Event {
  static readonly eventName = 'berbix-complete';
  constructor() {
    super(BerbixCompleteEvent.eventName, EVENT_INIT);
  }
}

/** Something went wrong; `recoverable` says whether the person can carry on. */
export class BerbixErrorEvent extends Event {
  static readonly eventName = 'berbix-error';
  constructor(
    readonly code: string,
    readonly message: string,
    readonly recoverable: boolean,
  ) {
    super(BerbixErrorEvent.eventName, EVENT_INIT);
  }
}

/**
 * The hand-off to a phone moved on. The desktop reports `offered`, `claimed`, `progress` (with the
 * step the phone reached), `done`, `cancelled` and `expired`; the phone reports `claimed` after it
 * took the session over and `cancelled` when it gives it back. Never carries the link or its code.
 */
export class BerbixHandoffEvent extends Event {
  static readonly eventName = 'berbix-handoff';
  constructor(
    readonly state: HandoffEventState,
    readonly step?: Step,
  ) {
    super(BerbixHandoffEvent.eventName, EVENT_INIT);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'berbix-ready': BerbixReadyEvent;
    'berbix-step': BerbixStepEvent;
    'berbix-camera': BerbixCameraEvent;
    'berbix-capture': BerbixCaptureEvent;
    'berbix-before-upload': BerbixBeforeUploadEvent;
    'berbix-upload-progress': BerbixUploadProgressEvent;
    'berbix-issues': BerbixIssuesEvent;
    'berbix-complete': BerbixCompleteEvent;
    'berbix-error': BerbixErrorEvent;
    'berbix-handoff': BerbixHandoffEvent;
  }
}
