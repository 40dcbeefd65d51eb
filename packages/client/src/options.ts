import { ID_TYPES } from '@berbix-capture/protocol';
import { type OverridePayload, readWire } from '@berbix-capture/protocol/berbix';
import * as v from 'valibot';

/**
 * The options callers pass, as schemas: the types callers see are derived from them, and so are the
 * "unknown option" checks. A bad option is a `TypeError` naming it (`customerUid is required`);
 * these are the caller's own values, so naming them is safe.
 */

/**
 * Berbix documents no length limits; these keep a caller's bug (or a hostile value passed through)
 * from turning into a megabyte request. Ids, keys, emails, notes are all far shorter.
 */
export const MAX_TEXT_LENGTH = 4096;
const TOO_LONG = `must be at most ${MAX_TEXT_LENGTH} characters`;
const absentOr = (absent: string, otherwise: string) => (issue: v.BaseIssue<unknown>) =>
  issue.input === undefined || issue.input === null ? absent : otherwise;

const requiredText = v.pipe(v.string('is required'), v.nonEmpty('is required'), v.maxLength(MAX_TEXT_LENGTH, TOO_LONG));
const optionalText = v.optional(v.pipe(v.string('must be a string'), v.maxLength(MAX_TEXT_LENGTH, TOO_LONG)));

/** Throws a `TypeError` for the first problem of `value` against `schema`, or returns the value read. */
export function checkOptions<TSchema extends v.GenericSchema>(
  schema: TSchema,
  value: unknown,
  notAnObject: string,
): v.InferOutput<TSchema> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new TypeError(notAnObject);
  const reading = readWire(schema, value, { nameable: () => true });
  if (!reading.ok) throw new TypeError(`${reading.problem.path} ${reading.problem.message}`);
  return reading.value;
}

/** Throws a `TypeError` naming every key of `value` that `entries` does not declare. */
export function refuseUnknownKeys(value: object, entries: v.ObjectEntries, what: string): void {
  const allowed = Object.keys(entries);
  const unknown = Object.keys(value).filter((key) => !allowed.includes(key));
  if (unknown.length > 0) {
    throw new TypeError(`unknown ${what}(s) ${unknown.join(', ')}; allowed: ${allowed.join(', ')}`);
  }
}

const transactionEntries = {
  /** Your id for the person; Berbix links their transactions by it. */
  customerUid: requiredText,
  templateKey: requiredText,
  email: optionalText,
  phone: optionalText,
  consentsToAutomatedFacialRecognition: v.optional(v.boolean('must be a boolean')),
};

/** Options of `POST /v0/transactions` common to every kind of transaction. */
export const TransactionOptionsSchema = v.object(transactionEntries);

/** Options of an API-only transaction. */
export const ApiOnlyTransactionOptionsSchema = v.object({
  ...transactionEntries,
  /** ISO 3166-1 alpha-2. */
  idCountry: v.optional(
    v.pipe(
      v.string('must be an ISO 3166-1 alpha-2 code such as US'),
      v.regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code such as US'),
    ),
  ),
  idType: v.optional(v.picklist(ID_TYPES, `must be one of ${ID_TYPES.join(', ')}`)),
});

/** Options of a transaction for Berbix's hosted flow. */
export const HostedTransactionOptionsSchema = v.object({
  ...transactionEntries,
  completionEmail: optionalText,
  redirectUrl: optionalText,
});

/** `PATCH /v0/transactions`. */
export const UpdateTransactionOptionsSchema = v.object({ action: optionalText, note: optionalText });

const isPayload = (value: unknown) => typeof value === 'string' && value.length <= MAX_TEXT_LENGTH;
const isStringMap = (value: unknown) =>
  value !== null &&
  typeof value === 'object' &&
  !Array.isArray(value) &&
  Object.values(value).every((entry) => typeof entry === 'string');

/** `PATCH /v0/transactions/override` (test mode only). */
export const OverrideTransactionOptionsSchema = v.object({
  responsePayload: v.optional(
    v.custom<OverridePayload | (string & {})>(
      isPayload,
      absentOr('must be a string', `must be a string of at most ${MAX_TEXT_LENGTH} characters`),
    ),
  ),
  flags: v.optional(v.array(v.string('must be an array of strings'), 'must be an array of strings')),
  overrideFields: v.optional(v.custom<Record<string, string>>(isStringMap, 'must map field names to strings')),
});

export type TransactionOptions = v.InferInput<typeof TransactionOptionsSchema>;
export type ApiOnlyTransactionOptions = v.InferInput<typeof ApiOnlyTransactionOptionsSchema>;
export type HostedTransactionOptions = v.InferInput<typeof HostedTransactionOptionsSchema>;
export type UpdateTransactionOptions = v.InferInput<typeof UpdateTransactionOptionsSchema>;
export type OverrideTransactionOptions = v.InferInput<typeof OverrideTransactionOptionsSchema>;
