import {
  BerbixBeforeUploadEvent,
  BerbixCameraEvent,
  BerbixCaptureElement,
  BerbixCaptureEvent,
  BerbixCompleteEvent,
  BerbixErrorEvent,
  BerbixHandoffEvent,
  BerbixIssuesEvent,
  BerbixReadyEvent,
  BerbixStepEvent,
  BerbixUploadProgressEvent,
} from '@berbix-capture/capture';
import '@berbix-capture/capture/define';
import { createComponent, type EventName } from '@lit/react';
import * as React from 'react';

/**
 * React prop name -> the element's event, typed: `onBerbixComplete={(e) => ...}` receives a
 * `BerbixCompleteEvent`.
 */
export const BERBIX_CAPTURE_EVENTS = {
  onBerbixReady: BerbixReadyEvent.eventName as EventName<BerbixReadyEvent>,
  onBerbixStep: BerbixStepEvent.eventName as EventName<BerbixStepEvent>,
  onBerbixCamera: BerbixCameraEvent.eventName as EventName<BerbixCameraEvent>,
  onBerbixCapture: BerbixCaptureEvent.eventName as EventName<BerbixCaptureEvent>,
  onBerbixBeforeUpload: BerbixBeforeUploadEvent.eventName as EventName<BerbixBeforeUploadEvent>,
  onBerbixUploadProgress: BerbixUploadProgressEvent.eventName as EventName<BerbixUploadProgressEvent>,
  onBerbixIssues: BerbixIssuesEvent.eventName as EventName<BerbixIssuesEvent>,
  onBerbixComplete: BerbixCompleteEvent.eventName as EventName<BerbixCompleteEvent>,
  onBerbixError: BerbixErrorEvent.eventName as EventName<BerbixErrorEvent>,
  onBerbixHandoff: BerbixHandoffEvent.eventName as EventName<BerbixHandoffEvent>,
};

/**
 * Builds the component for a given React. The default export uses the `react` this package
 * resolves; pass another copy (say React 18 in a React 19 monorepo) to bind to that one.
 */
export function createBerbixCapture(react: typeof React) {
  return createComponent({
    react,
    tagName: 'berbix-capture',
    elementClass: BerbixCaptureElement,
    events: BERBIX_CAPTURE_EVENTS,
    displayName: 'BerbixCapture',
  });
}

/**
 * `<BerbixCapture endpoint="/berbix" idType="DL" onBerbixComplete={...} />`: every attribute and
 * property of `<berbix-capture>` as a typed prop (objects and functions such as `strings`,
 * `fetch` and `analysers` are set as properties), every event as a typed `onBerbix*` prop, and a
 * ref to the element itself (`ref.current.restart()`).
 */
export const BerbixCapture = createBerbixCapture(React);

export type BerbixCaptureProps = React.ComponentProps<typeof BerbixCapture>;
export type { BerbixCaptureElement };
