/**
 * Issue codes in `issues`, in Berbix's order of importance (most important first). A client must
 * tolerate codes it does not know: the list may grow.
 */
export const ISSUE_CODES = [
  'text_unreadable',
  'no_face_on_id_detected',
  'incomplete_barcode_detected',
  'unsupported_id_type',
  'bad_upload',
  'bad_selfie',
] as const;
export type KnownIssueCode = (typeof ISSUE_CODES)[number];
/** Any issue code, known or not. */
export type IssueCode = KnownIssueCode | (string & {});

/** `issue_details`, e.g. `{ unsupported_id_type: { visa_page_of_passport: true } }`. */
export type IssueDetails = Record<string, Record<string, unknown>>;
