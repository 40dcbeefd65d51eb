import * as v from 'valibot';
import { FIELD_NAMES, type FieldName } from './metadata.js';
import { absent, closedObject } from './primitives.js';

/** The canned results `PATCH /v0/transactions/override` starts from. */
export const OVERRIDE_PAYLOADS = ['us-dl', 'us-id', 'passport'] as const;
export type OverridePayload = (typeof OVERRIDE_PAYLOADS)[number];

/** Most flags one override may set. */
export const MAX_OVERRIDE_FLAGS = 64;

const flagName = v.pipe(v.string('must be a flag name'), v.regex(/^[a-z][a-z0-9_]{0,63}$/, 'must be a flag name'));

const fieldValue = v.optional(v.string('must be a string'));
const fieldValues = Object.fromEntries(FIELD_NAMES.map((name) => [name, fieldValue])) as {
  [name in FieldName]: typeof fieldValue;
};

/**
 * `PATCH /v0/transactions/override` (test mode, Bearer access token): completes the transaction
 * with a canned result, the given flags and field values. Answers 204.
 */
export const OverrideTransactionRequestSchema = closedObject({
  response_payload: absent(v.picklist(OVERRIDE_PAYLOADS, `must be one of ${OVERRIDE_PAYLOADS.join(', ')}`)),
  flags: absent(
    v.pipe(
      v.array(flagName, `must be an array of at most ${MAX_OVERRIDE_FLAGS} flags`),
      v.maxLength(MAX_OVERRIDE_FLAGS, `must be an array of at most ${MAX_OVERRIDE_FLAGS} flags`),
    ),
  ),
  override_fields: absent(closedObject(fieldValues)),
});
export type OverrideTransactionRequest = v.InferInput<typeof OverrideTransactionRequestSchema>;
