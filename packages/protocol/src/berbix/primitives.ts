import * as v from 'valibot';
import { objectOf } from '../plain-object.js';
import { ID_TYPES, STEPS } from '../steps.js';

/**
 * The building blocks of the Berbix v0 schemas. Every message says what the contract wants and
 * never repeats what was sent. Optional fields accept `null` as absent (several SDKs send nulls)
 * and read as `undefined`.
 */

const isAbsent = (issue: v.BaseIssue<unknown>) => issue.input === null || issue.input === undefined;

export { objectOf };

/** An object with exactly these fields: a field outside the contract is refused (as stripe-mock does). */
/* @__NO_SIDE_EFFECTS__ */
export function closedObject<TEntries extends v.ObjectEntries>(entries: TEntries) {
  return objectOf(v.strictObject(entries));
}

/** An object with at least these fields, keeping the others (answers may grow). */
export function openObject<TEntries extends v.ObjectEntries>(entries: TEntries) {
  return objectOf(v.looseObject(entries));
}

/** A string that must be there and not be empty. */
export const requiredText = v.pipe(
  v.string((issue) => (isAbsent(issue) ? 'is required' : 'must be a string')),
  v.nonEmpty('is required'),
);

/** `schema`, or absent: `null` and a missing key both read as `undefined`. */
export function absent<TSchema extends v.GenericSchema>(schema: TSchema) {
  return v.optional(
    v.pipe(
      v.nullable(schema),
      v.transform((value) => value ?? undefined),
    ),
  );
}

/** An optional string. */
export const optionalText = absent(v.string('must be a string'));

/** An optional boolean. */
export const optionalBoolean = absent(v.boolean('must be a boolean'));

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const BASE64URL = /^[A-Za-z0-9_-]*$/;

/** Whether `text` is standard or URL-safe base64, once whitespace is removed. */
export function isBase64(text: string): boolean {
  const compact = text.replace(/\s+/g, '');
  return BASE64.test(compact) || BASE64URL.test(compact);
}

/** Base64 bytes (standard or URL-safe; whitespace tolerated, as the SDKs wrap lines). */
export const base64Text = v.pipe(
  requiredText,
  v.check((text) => text.replace(/\s+/g, '') !== '', 'is empty'),
  v.check(isBase64, 'must be base64'),
);

/**
 * A 64-bit Berbix id as an exact decimal string. It arrives as a JSON number (a client's parser may
 * keep big ones as strings or bigints); a number past 2^53 has already lost digits, so it is refused.
 */
const NOT_AN_ID = 'must be a whole number';
export const berbixId = v.pipe(
  v.union(
    [
      v.pipe(v.string(), v.regex(/^\d{1,20}$/, NOT_AN_ID)),
      v.pipe(v.number(), v.safeInteger(NOT_AN_ID), v.minValue(0, NOT_AN_ID)),
      v.pipe(
        v.bigint(),
        v.check((id) => id >= 0n && id < 2n ** 64n, NOT_AN_ID),
      ),
    ],
    NOT_AN_ID,
  ),
  v.transform((id) => String(id)),
);

/** A step of the API-only flow (`first_step`, `next_step`). */
export const stepSchema = v.picklist(STEPS, `must be one of ${STEPS.join(', ')}`);

/** `id_type`: passport, driver's licence, permanent resident card, passport card, other ID. */
export const idTypeSchema = v.picklist(ID_TYPES, `must be one of ${ID_TYPES.join(', ')}`);

/** ISO 3166-1 alpha-2. */
export const countryCodeSchema = v.pipe(
  v.string('must be a string'),
  v.regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code'),
);
