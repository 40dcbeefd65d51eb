import * as v from 'valibot';
import { IssueCodesSchema, IssueDetailsSchema } from './issues.js';
import { answerObject, requestObject } from './plain-object.js';
import { CountryCodeSchema, type DocumentSubject, IdTypeSchema, StepSchema } from './steps.js';

/**
 * The element <-> adapter protocol (same origin by default), as schemas: the adapter reads
 * requests with them, the element reads answers with them, and the types are derived from them.
 * Paths are relative to the element's `endpoint` attribute.
 *
 * Answers are read leniently where the element can do without a field (a missing flag reads as
 * false, a missing id type as null), strictly where it cannot (the step); requests strictly: a
 * field outside the contract is refused.
 */
export const PROTOCOL_PATHS = {
  session: '/session',
  image: (subject: DocumentSubject) => `/session/images/${subject}`,
  idscan: '/session/idscan',
} as const;

/** Header carrying the on-device decoded PDF417 payload (base64) with a `document_back` upload. */
export const BARCODE_HEADER = 'x-berbix-barcode';

/** `POST {endpoint}/session` body. */
export const CreateSessionRequestSchema = requestObject({
  idType: v.optional(IdTypeSchema),
  idCountry: v.optional(CountryCodeSchema),
});
export type CreateSessionRequest = v.InferOutput<typeof CreateSessionRequestSchema>;

/** Whether the adapter can hand this session to a phone (`POST /session/handoff`); false if unsaid. */
const handoffAvailable = v.fallback(v.boolean(), false);
const idTypeOrNull = v.fallback(v.nullable(IdTypeSchema), null);

/** `POST {endpoint}/session` answer (201). */
export const CreateSessionResponseSchema = answerObject({
  step: StepSchema,
  idType: idTypeOrNull,
  /** ISO-8601 time after which the session is gone. */
  expiresAt: v.fallback(v.string(), ''),
  handoffAvailable,
});
export type CreateSessionResponse = v.InferOutput<typeof CreateSessionResponseSchema>;

/** `GET {endpoint}/session` answer: enough to resume after a reload. Also the hand-off claim's answer. */
export const SessionStatusResponseSchema = answerObject({
  step: StepSchema,
  /** Uploads made for the current step so far. */
  attempts: v.fallback(v.number(), 0),
  done: v.fallback(v.boolean(), false),
  idType: idTypeOrNull,
  handoffAvailable,
  /**
   * True when the session has moved to another device by hand-off: this one may only follow its
   * status (`GET /session/handoff`), and its uploads are refused with `handed_off`.
   */
  watching: v.fallback(v.boolean(), false),
});
export type SessionStatusResponse = v.InferOutput<typeof SessionStatusResponseSchema>;

/** `POST {endpoint}/session/idscan` body: a barcode from scanner hardware, base64. */
export const IdScanRequestSchema = requestObject({
  pdf417: v.string('must be a base64 string'),
});
export type IdScanRequest = v.InferOutput<typeof IdScanRequestSchema>;

/** Answer to an image or id-scan upload. */
export const UploadResponseSchema = answerObject({
  issues: IssueCodesSchema,
  issueDetails: v.fallback(IssueDetailsSchema, {}),
  nextStep: StepSchema,
});
export type UploadResponse = v.InferOutput<typeof UploadResponseSchema>;
