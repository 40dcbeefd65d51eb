import * as v from 'valibot';
import { IMAGE_SUBJECTS } from '../steps.js';
import { absent, base64Text, closedObject, objectOf, openObject, requiredText, stepSchema } from './primitives.js';

/** Image formats Berbix accepts. */
export const IMAGE_FORMATS = ['image/jpeg', 'image/png'] as const;
export type ImageFormat = (typeof IMAGE_FORMATS)[number];

/** The only barcode symbology the API speaks. */
const pdf417 = v.pipe(requiredText, v.literal('pdf417', 'must be "pdf417"'));

/** The PDF417 payload decoded on the device, sent with the `document_back` image it was read from. */
export const ExtractedBarcodeSchema = closedObject({
  barcode_type: pdf417,
  /** Base64 of the decoded payload. */
  extracted_data: base64Text,
});

/** One image of `POST /v0/images/upload`. */
export const UploadImageSchema = closedObject({
  image_subject: v.pipe(requiredText, v.picklist(IMAGE_SUBJECTS, `must be one of ${IMAGE_SUBJECTS.join(', ')}`)),
  format: v.pipe(requiredText, v.picklist(IMAGE_FORMATS, 'must be image/jpeg or image/png')),
  /** Base64 of the encoded JPEG or PNG file. */
  data: base64Text,
  supplementary_data: absent(closedObject({ extracted_barcode: absent(ExtractedBarcodeSchema) })),
});
export type UploadImageBody = v.InferInput<typeof UploadImageSchema>;

const arrayOf = <TItem extends v.GenericSchema>(item: TItem) =>
  v.array(item, (issue) => (issue.input === null || issue.input === undefined ? 'is required' : 'must be an array'));

/**
 * `POST /v0/images/upload` (Bearer client token): one document image a call, or the three selfie
 * subjects together.
 */
export const ImagesUploadRequestSchema = closedObject({
  images: v.pipe(
    arrayOf(UploadImageSchema),
    v.minLength(1, 'must hold at least one image'),
    v.maxLength(3, 'must hold one image, or the three selfie images'),
  ),
});
export type ImagesUploadRequest = v.InferInput<typeof ImagesUploadRequestSchema>;

/** `POST /v0/idscans/upload` (Bearer client token): one PDF417 payload read by scanner hardware. */
export const IdScansUploadRequestSchema = closedObject({
  id_scans: v.pipe(
    arrayOf(closedObject({ scan_type: pdf417, extracted_data: base64Text })),
    v.length(1, 'must hold exactly one scan'),
  ),
});
export type IdScansUploadRequest = v.InferInput<typeof IdScansUploadRequestSchema>;

/**
 * The 200 answer of either upload. `issues` (most important first) may hold codes this project does
 * not know: the list may grow. The same `next_step` again means "retake".
 */
export const UploadAnswerSchema = openObject({
  issues: v.optional(
    v.pipe(
      v.nullable(v.array(v.string('must be an issue code'), 'must be an array')),
      v.transform((issues) => issues ?? []),
    ),
    [],
  ),
  issue_details: v.optional(
    v.pipe(
      v.nullable(objectOf(v.record(v.string(), objectOf(v.record(v.string(), v.unknown()))))),
      v.transform((details) => details ?? {}),
    ),
    {},
  ),
  next_step: stepSchema,
});
export type UploadAnswer = v.InferOutput<typeof UploadAnswerSchema>;
/** The answer as a server writes it. */
export type UploadAnswerBody = v.InferInput<typeof UploadAnswerSchema>;
