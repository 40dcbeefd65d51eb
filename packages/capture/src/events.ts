import type { Step } from '@berbix-capture/protocol';

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

/** A step begins (or begins again after a retake). */
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

declare global {
  interface GlobalEventHandlersEventMap {
    'berbix-ready': BerbixReadyEvent;
    'berbix-step': BerbixStepEvent;
    'berbix-camera': BerbixCameraEvent;
    'berbix-error': BerbixErrorEvent;
  }
}
