import * as v from 'valibot';
import { absent, berbixId, closedObject, objectOf, openObject, optionalText } from './primitives.js';

/** Names of `fields`, as the contract lists them (address fields come from the PDF417 barcode only). */
export const FIELD_NAMES = [
  'given_name',
  'middle_name',
  'family_name',
  'date_of_birth',
  'sex',
  'age',
  'nationality',
  'id_expiry_date',
  'id_issue_date',
  'id_number',
  'id_type',
  'id_issuer',
  'email_address',
  'phone_number',
  'address_street',
  'address_city',
  'address_subdivision',
  'address_postal_code',
  'address_country',
  'address_unit',
] as const;
export type FieldName = (typeof FIELD_NAMES)[number];

/** One extracted field: its value, how sure Berbix is, and where the value came from. */
export const TransactionFieldSchema = openObject({
  value: v.string('must be a string'),
  confidence: v.string('must be a string'),
  sources: absent(
    v.array(
      openObject({
        value: v.string('must be a string'),
        type: v.string('must be a string'),
        confidence: v.string('must be a string'),
      }),
      'must be an array',
    ),
  ),
});
export type TransactionField = v.InferOutput<typeof TransactionFieldSchema>;

/** Short-lived URLs of one captured image; absent (or null) when there is none. */
export const TransactionImageSchema = openObject({
  full_image: optionalText,
  cropped_image: optionalText,
  face_image: optionalText,
});
export type TransactionImage = v.InferOutput<typeof TransactionImageSchema>;

/** A list that may be absent or null, read as empty. */
function listOrEmpty<TItem extends v.GenericSchema>(item: TItem) {
  return v.optional(
    v.pipe(
      v.nullable(v.array(item, 'must be an array')),
      v.transform((list) => list ?? []),
    ),
    [],
  );
}

/**
 * `GET /v0/transactions` (and `PATCH`): the transaction's metadata, snake_case as Berbix sends it,
 * with `id` and `duplicates[].transaction_id` read as exact decimal strings. Fields absent until the
 * transaction completes are optional; unknown fields are kept.
 */
export const TransactionMetadataSchema = openObject({
  entity: v.string('must be a string'),
  id: berbixId,
  customer_uid: v.string('must be a string'),
  /** `accept`, `reject`, `review`...; absent until complete. */
  action: v.nullish(v.string('must be a string')),
  flags: listOrEmpty(v.string('must be a string')),
  fields: v.optional(
    v.pipe(
      v.nullable(objectOf(v.record(v.string(), TransactionFieldSchema))),
      v.transform((fields) => fields ?? {}),
    ),
    {},
  ),
  images: absent(
    openObject({
      front: absent(TransactionImageSchema),
      back: absent(TransactionImageSchema),
      selfie: absent(TransactionImageSchema),
      liveness: absent(TransactionImageSchema),
    }),
  ),
  duplicates: absent(
    v.array(openObject({ customer_uid: v.string('must be a string'), transaction_id: berbixId }), 'must be an array'),
  ),
  dashboard_url: optionalText,
  created_at: optionalText,
  completed_at: v.nullish(v.string('must be a string')),
});
export type TransactionMetadata = v.InferOutput<typeof TransactionMetadataSchema>;
/** The metadata as a server writes it (ids may be numbers or bigints). */
export type TransactionMetadataBody = v.InferInput<typeof TransactionMetadataSchema>;

/** An action name such as accept, reject or review. */
const actionName = v.pipe(
  v.string('must be a string'),
  v.regex(/^[a-z][a-z0-9_-]{0,63}$/, 'must be an action name such as accept, reject or review'),
);

/** `PATCH /v0/transactions` (Bearer access token): a reviewer's decision, a note, or both. */
export const UpdateTransactionRequestSchema = v.pipe(
  closedObject({ action: absent(actionName), note: optionalText }),
  v.forward(
    v.check((body) => body.action !== undefined || body.note !== undefined, 'send action, note or both'),
    ['action'],
  ),
);
export type UpdateTransactionRequest = v.InferInput<typeof UpdateTransactionRequestSchema>;
