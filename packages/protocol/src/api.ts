import type { IssueCode, IssueDetails } from './issues.js';
import type { DocumentSubject, IdType, Step } from './steps.js';

/**
 * The element <-> adapter protocol (same origin by default). Paths are relative to the element's
 * `endpoint` attribute.
 */
export const PROTOCOL_PATHS = {
  session: '/session',
  image: (subject: DocumentSubject) => `/session/images/${subject}`,
  idscan: '/session/idscan',
} as const;

/** Header carrying the on-device decoded PDF417 payload (base64) with a `document_back` upload. */
export const BARCODE_HEADER = 'x-berbix-barcode';

/** `POST {endpoint}/session` body. */
export interface CreateSessionRequest {
  idType?: IdType;
  idCountry?: string;
}

/** `POST {endpoint}/session` answer (201). */
export interface CreateSessionResponse {
  step: Step;
  idType: IdType | null;
  /** ISO-8601 time after which the session is gone. */
  expiresAt: string;
  /** Whether the adapter can hand this session to a phone (`POST /session/handoff`). */
  handoffAvailable: boolean;
}

/** `GET {endpoint}/session` answer: enough to resume after a reload. */
export interface SessionStatusResponse {
  step: Step;
  /** Uploads made for the current step so far. */
  attempts: number;
  done: boolean;
  idType: IdType | null;
  /** Whether the adapter can hand this session to a phone (`POST /session/handoff`). */
  handoffAvailable: boolean;
  /**
   * True when the session has moved to another device by hand-off: this one may only follow its
   * status (`GET /session/handoff`), and its uploads are refused with `handed_off`.
   */
  watching: boolean;
}

/** Answer to an image or id-scan upload. */
export interface UploadResponse {
  issues: IssueCode[];
  issueDetails: IssueDetails;
  nextStep: Step;
}
