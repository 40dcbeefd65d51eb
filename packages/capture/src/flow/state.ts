import type { DocumentSubject, IdType, IssueCode, IssueDetails, Step } from '@berbix-capture/protocol';
import type { CompressedImage } from '../compress.js';
import type { GuidanceKey } from '../guidance.js';
import type { ClaimFailure, ElsewhereReason } from '../handoff-view.js';

/** Which screen is showing. */
export type CaptureView =
  | 'starting'
  | 'choose-type'
  | 'capture'
  | 'preparing'
  | 'review'
  | 'uploading'
  | 'upload-failed'
  | 'finished'
  | 'session-error'
  | 'unsupported-step'
  | 'handoff-choice'
  | 'handoff-offer'
  | 'handoff-watching'
  | 'handoff-expired'
  | 'handoff-elsewhere'
  | 'handoff-claim-failed';

/** `phone`: this device claimed the session from a link; `desktop`: it offered one. */
export type HandoffRole = 'none' | 'desktop' | 'phone';

/** The steps this element captures, and the subject each uploads. */
export const SUBJECT_FOR_STEP: Partial<Record<Step, DocumentSubject>> = {
  upload_document_front: 'document_front',
  upload_document_back: 'document_back',
};

/** The photo on the review screen: the prepared image, its preview URL and what is known about it. */
export interface Photo {
  image: CompressedImage;
  /** An object URL of `image.blob`; revoked (effect `revoke`) when the photo is dropped. */
  url: string;
  subject: DocumentSubject;
  /** The AAMVA barcode read on the device, base64, sent beside the image. */
  barcode: string | null;
  /** What the analysers found wrong with a chosen file (shown on review, never blocking). */
  warning: GuidanceKey | null;
}

/** A line of text the element keeps on the capture screen until the person acts (keys of `CaptureStrings`). */
export type NoticeKey = 'shutterFailed' | 'fileTooLarge' | 'fileNotImage' | 'sessionRestarted' | 'workerUnavailable';

/** Berbix's reasons for a retake, kept as sent; the view words them in the person's language. */
export interface IssueReport {
  codes: IssueCode[];
  details: IssueDetails;
}

/**
 * An upload under way: `sending` while an attempt is out, `reconnecting` while waiting to retry after a
 * network failure, a 503 or a 429, `offline` while the browser says it has no network (no timer then:
 * the browser's `online` retries). The photo stays in `photo` all along.
 */
export type ConnectionStatus = 'sending' | 'reconnecting' | 'offline';

export interface UploadConnection {
  readonly status: ConnectionStatus;
  /** Attempts that failed so far (the next wait grows with it). */
  readonly tries: number;
  /** When the next attempt starts by itself (the clock the controller passed in), while `reconnecting`. */
  readonly nextTryAt: number | null;
}

/** Where a step is about to begin once an asynchronous check answers (the phone check, the offer choice). */
export interface PendingStep {
  step: Step;
  attempt: number;
  /** This device takes the session back from a phone: no choice of device, no `berbix-ready`. */
  again: boolean;
}

/** Everything the flow knows; the element renders from it. */
export interface FlowState {
  readonly view: CaptureView;
  readonly step: Step | null;
  readonly attempt: number;
  /** The session's document type (the attribute's until the adapter says). */
  readonly idType: IdType | null;
  readonly role: HandoffRole;
  /** The adapter can hand this session to a phone. */
  readonly handoffAvailable: boolean;
  /** ...and this device should offer it (decided before each step starts). */
  readonly offerable: boolean;
  readonly issues: IssueReport | null;
  readonly notice: NoticeKey | null;
  /** Why a hand-off screen shows: a refused claim, or why this device stopped. */
  readonly handoffReason: ClaimFailure | ElsewhereReason | null;
  /** A claim that failed for want of a network, kept in memory only for its Try again. */
  readonly pendingCode: string | null;
  /** Started without an endpoint: one arriving later starts the session. */
  readonly missingEndpoint: boolean;
  /** A photo is being taken or prepared: a second one waits. */
  readonly busy: boolean;
  readonly photo: Photo | null;
  readonly pending: PendingStep | null;
  /** The upload of `photo`, while the view is `uploading`. */
  readonly connection: UploadConnection | null;
  /** The browser said `offline` (and not `online` since). */
  readonly offline: boolean;
}

export const initialState: FlowState = {
  view: 'starting',
  step: null,
  attempt: 1,
  idType: null,
  role: 'none',
  handoffAvailable: false,
  offerable: false,
  issues: null,
  notice: null,
  handoffReason: null,
  pendingCode: null,
  missingEndpoint: false,
  busy: false,
  photo: null,
  pending: null,
  connection: null,
  offline: false,
};
