import * as v from 'valibot';

/** Steps of Berbix's API-only flow, as `first_step` / `next_step` name them. */
export const STEPS = [
  'upload_document_front',
  'upload_document_back',
  'upload_selfie_basic',
  'upload_selfie_liveness',
  'done',
] as const;
export const StepSchema = v.picklist(STEPS, `must be one of ${STEPS.join(', ')}`);
export type Step = v.InferOutput<typeof StepSchema>;

export function isStep(value: unknown): value is Step {
  return typeof value === 'string' && (STEPS as readonly string[]).includes(value);
}

/** Image subjects accepted by `POST /v0/images/upload`. */
export const IMAGE_SUBJECTS = [
  'document_front',
  'document_back',
  'document_barcode',
  'selfie_front',
  'selfie_left',
  'selfie_right',
] as const;
export type ImageSubject = (typeof IMAGE_SUBJECTS)[number];

/** The subjects a person captures with this project (selfies are out of scope). */
export const DOCUMENT_SUBJECTS = ['document_front', 'document_back'] as const;
export const DocumentSubjectSchema = v.picklist(DOCUMENT_SUBJECTS, 'must be document_front or document_back');
export type DocumentSubject = v.InferOutput<typeof DocumentSubjectSchema>;

export function isDocumentSubject(value: unknown): value is DocumentSubject {
  return typeof value === 'string' && (DOCUMENT_SUBJECTS as readonly string[]).includes(value);
}

/** The step at which each document subject is expected. */
export const STEP_FOR_SUBJECT: Record<DocumentSubject, Step> = {
  document_front: 'upload_document_front',
  document_back: 'upload_document_back',
};

/** `id_type` values: passport, driver's licence, permanent resident card, passport card, other ID. */
export const ID_TYPES = ['P', 'DL', 'PRC', 'PC', 'ID'] as const;
export const IdTypeSchema = v.picklist(ID_TYPES, `must be one of ${ID_TYPES.join(', ')}`);
export type IdType = v.InferOutput<typeof IdTypeSchema>;

export function isIdType(value: unknown): value is IdType {
  return typeof value === 'string' && (ID_TYPES as readonly string[]).includes(value);
}

/** ISO 3166-1 alpha-2: two upper-case letters. */
export const CountryCodeSchema = v.pipe(
  v.string('must be an ISO 3166-1 alpha-2 code'),
  v.regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code'),
);

export function isCountryCode(value: unknown): value is string {
  return typeof value === 'string' && /^[A-Z]{2}$/.test(value);
}
