import * as v from 'valibot';

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

// Plain checks rather than valibot's array and record schemas: the element reads these, and those
// two schemas alone would be a third of the contract's code in its bundle.
const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

export const IssueDetailsSchema = v.custom<IssueDetails>(
  (value) => isObject(value) && Object.values(value).every(isObject),
  'must map issue codes to objects',
);

/** Issue codes as sent: any string, so that codes added later pass through. */
export const IssueCodesSchema = v.custom<IssueCode[]>(
  (value) => Array.isArray(value) && value.every((code) => typeof code === 'string'),
  'must be a list of issue codes',
);
