import type {
  CreateSessionResponse,
  DocumentSubject,
  HandoffEventState,
  HandoffStatus,
  IdType,
  IssueCode,
  IssueDetails,
  SessionStatusResponse,
  Step,
  UploadResponse,
} from '@berbix-capture/protocol';
import type { CompressFailure } from '../compress.js';
import type { Photo } from './state.js';

/** A video frame the flow may hold, hand on or close (an `ImageBitmap` in the browser). */
export interface Frame {
  close(): void;
}

/**
 * What happens to the flow: the person's actions, the page's calls, and the answers of the work the
 * flow asked for (each effect that waits for something answers with one of these).
 */
export type FlowEvent =
  // The page or the element.
  | { type: 'start'; endpoint: boolean; linkCode: string | null }
  | { type: 'restart' }
  | { type: 'stop' }
  | { type: 'disconnected' }
  // Answers about the session.
  | { type: 'session-found'; status: SessionStatusResponse | null; idType: IdType | null }
  | { type: 'session-created'; idType: IdType; session: CreateSessionResponse }
  | { type: 'session-failed'; code: string; message: string }
  | { type: 'taken-back'; status: SessionStatusResponse }
  | { type: 'phone-checked'; claimed: boolean }
  | { type: 'offer-decided'; offerable: boolean }
  // The hand-off.
  | { type: 'claimed'; status: SessionStatusResponse }
  /** `error` is the adapter's error code, null when the network failed. */
  | { type: 'claim-refused'; code: string; error: string | null }
  | { type: 'offer-to-phone' }
  | { type: 'offer-settled'; refused: string | null }
  | { type: 'follow-read'; status: HandoffStatus | null }
  | { type: 'handoff'; state: HandoffEventState; step?: Step }
  | { type: 'use-this-device' }
  | { type: 'continue-here' }
  | { type: 'choose-type'; idType: IdType }
  // Taking the photo.
  | { type: 'shutter' }
  | { type: 'grab-started' }
  | { type: 'grabbed'; frame: Frame | null; cameraLive: boolean }
  | { type: 'photo-taken'; frame: Frame | null }
  | { type: 'file-chosen'; file: Blob | undefined }
  | { type: 'photo-ready'; photo: Photo }
  | { type: 'photo-failed'; reason: CompressFailure; source: 'camera' | 'file' }
  | { type: 'retake' }
  /** A worker an analyser needs could not start (the shutter and the file path still work). */
  | { type: 'worker-unavailable'; worker: string }
  // Sending it.
  | { type: 'send' }
  | { type: 'upload-started' }
  | {
      type: 'uploaded';
      step: Step;
      issues: IssueCode[];
      issueDetails: IssueDetails;
      nextStep: UploadResponse['nextStep'];
    }
  | { type: 'upload-failed'; status: number; code: string; message: string; step: Step | null }
  /**
   * An attempt failed in a way worth retrying (no network, 503, 429). `now` is the controller's clock
   * and `delayMs` the wait it proposes before the next try (the backoff, jittered).
   */
  | {
      type: 'upload-interrupted';
      status: number;
      code: string;
      message: string;
      step: Step | null;
      now: number;
      delayMs: number;
    }
  /** The wait after failed try number `tries` is over. */
  | { type: 'retry-due'; tries: number }
  /** The person pressed "Try now" while the upload waited. */
  | { type: 'try-now' }
  // The browser's network events.
  | { type: 'offline' }
  | { type: 'online' };

/** The element's public events, as data (the controller turns them into `Berbix*Event`s). */
export type Signal =
  | { name: 'ready' }
  | { name: 'step'; step: Step; attempt: number }
  | { name: 'capture'; subject: DocumentSubject; width: number; height: number; bytes: number }
  | { name: 'issues'; issues: IssueCode[]; issueDetails: IssueDetails; step: Step }
  | { name: 'complete' }
  | { name: 'error'; code: string; message: string; recoverable: boolean }
  | { name: 'handoff'; state: HandoffEventState; step?: Step };
