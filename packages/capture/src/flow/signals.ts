import {
  BerbixBeforeUploadEvent,
  BerbixCaptureEvent,
  BerbixCompleteEvent,
  BerbixErrorEvent,
  BerbixHandoffEvent,
  BerbixIssuesEvent,
  BerbixReadyEvent,
  BerbixStepEvent,
} from '../events.js';
import type { FlowPorts } from './controller.js';

/** The public event for a signal of the flow. */
export function eventFor(signal: Parameters<FlowPorts['emit']>[0]): Event {
  switch (signal.name) {
    case 'ready':
      return new BerbixReadyEvent();
    case 'step':
      return new BerbixStepEvent(signal.step, signal.attempt);
    case 'capture':
      return new BerbixCaptureEvent(signal.subject, signal.width, signal.height, signal.bytes);
    case 'before-upload':
      return new BerbixBeforeUploadEvent(signal.subject, signal.bytes);
    case 'issues':
      return new BerbixIssuesEvent(signal.issues, signal.issueDetails, signal.step);
    case 'complete':
      return new BerbixCompleteEvent();
    case 'error':
      return new BerbixErrorEvent(signal.code, signal.message, signal.recoverable);
    case 'handoff':
      return new BerbixHandoffEvent(signal.state, signal.step);
  }
}
