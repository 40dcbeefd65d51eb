import { parseAamva } from '@berbix-capture/aamva';
import type { FieldName, OverridePayload } from '@berbix-capture/protocol/berbix';
import { BARCODE_FIELDS } from './barcode-fields.js';

/**
 * Verification results: `fields`, `flags` and `action` of a finished transaction, computed from the
 * AAMVA payload of its barcode the way Berbix reports them (address fields come from the barcode
 * only), or replaced by `PATCH /v0/transactions/override`.
 */
export type Confidence = 'high' | 'medium' | 'low';
/** A type, not an interface, so that it fits the contract's open-ended field schema. */
export type FieldValue = {
  value: string;
  confidence: Confidence;
  sources: Array<{ value: string; type: string; confidence: Confidence }>;
};
export type Action = 'accept' | 'review' | 'reject';
export interface TransactionResult {
  fields: Record<string, FieldValue>;
  flags: string[];
  action: Action;
}

/** Flags that make the action `reject`, then `review`; anything else is `accept`. */
const REJECT_FLAGS = ['id_expired', 'id_under_18'];
const REVIEW_FLAGS = ['id_no_barcode_detected', 'id_duplicate_detected', 'id_barcode_mismatch'];

export function actionFor(flags: readonly string[]): Action {
  if (flags.some((flag) => REJECT_FLAGS.includes(flag))) return 'reject';
  if (flags.some((flag) => REVIEW_FLAGS.includes(flag))) return 'review';
  return 'accept';
}

export interface ResultInput {
  /** The barcode payload, if one was read or accepted. */
  barcode?: Uint8Array;
  /** The transaction's requested id type, used when no barcode says what the document is. */
  idType?: string;
  email?: string;
  phone?: string;
  /** Whether another customer already finished with the same document. */
  duplicate: boolean;
  now: Date;
}

/** The result of a transaction that reached `done`. */
export function computeResult(input: ResultInput): TransactionResult {
  const fields: Record<string, FieldValue> = {};
  const flags: string[] = [];
  const parsed = input.barcode ? parseAamva(input.barcode) : undefined;
  if (parsed?.valid) {
    for (const [from, to] of BARCODE_FIELDS) {
      const value = parsed.fields[from];
      if (value) fields[to] = field(value, 'barcode');
    }
    if (parsed.documentType) fields.id_type = field(parsed.documentType, 'barcode');
    const dob = parsed.fields.dateOfBirth;
    if (dob) {
      const age = ageOn(dob, input.now);
      fields.age = field(String(age), 'computed');
      if (age < 18) flags.push('id_under_18');
      if (age < 21) flags.push('id_under_21');
    }
    const expiry = parsed.fields.expiryDate;
    if (expiry && expiry < isoDate(input.now)) flags.push('id_expired');
  } else {
    // A passport has no barcode to miss.
    if (input.idType !== 'P') flags.push('id_no_barcode_detected');
    if (input.idType) fields.id_type = field(input.idType, 'request');
  }
  if (input.email) fields.email_address = field(input.email, 'request');
  if (input.phone) fields.phone_number = field(input.phone, 'request');
  if (input.duplicate) flags.push('id_duplicate_detected');
  return { fields, flags, action: actionFor(flags) };
}

/** The `(issuer, number)` key that identifies one document, for duplicate detection. */
export function documentKey(result: TransactionResult | undefined): string | undefined {
  const number = result?.fields.id_number?.value;
  return number ? `${result?.fields.id_issuer?.value ?? ''}/${number}` : undefined;
}

/** Canned results for `PATCH /v0/transactions/override` `response_payload`: fictional people. */
export const RESPONSE_PAYLOADS: Record<OverridePayload, Partial<Record<FieldName, string>>> = {
  'us-dl': {
    given_name: 'ALEX',
    middle_name: 'SAMPLE',
    family_name: 'DOE',
    date_of_birth: '1990-01-31',
    sex: 'F',
    id_expiry_date: '2030-01-31',
    id_issue_date: '2022-01-31',
    id_number: 'D1234567',
    id_type: 'DL',
    id_issuer: 'CA',
    address_street: '123 MAIN ST',
    address_city: 'SACRAMENTO',
    address_subdivision: 'CA',
    address_postal_code: '95814',
    address_country: 'USA',
  },
  'us-id': {
    given_name: 'SAM',
    family_name: 'ROE',
    date_of_birth: '1985-06-15',
    sex: 'M',
    id_expiry_date: '2031-06-15',
    id_issue_date: '2023-06-15',
    id_number: 'I7654321',
    id_type: 'ID',
    id_issuer: 'NY',
    address_street: '1 STATE ST',
    address_city: 'ALBANY',
    address_subdivision: 'NY',
    address_postal_code: '12207',
    address_country: 'USA',
  },
  passport: {
    given_name: 'JORDAN',
    family_name: 'SAMPLE',
    date_of_birth: '1979-03-03',
    sex: 'X',
    nationality: 'US',
    id_expiry_date: '2032-03-03',
    id_issue_date: '2022-03-03',
    id_number: '963545637',
    id_type: 'P',
    id_issuer: 'US',
  },
};

export interface OverrideInput {
  responsePayload?: keyof typeof RESPONSE_PAYLOADS;
  flags?: string[];
  overrideFields?: Partial<Record<FieldName, string>>;
  now: Date;
}

/**
 * The result after an override: a response payload replaces all fields, override fields replace
 * single ones, flags replace the flags; the action follows the flags.
 */
export function overrideResult(current: TransactionResult | undefined, input: OverrideInput): TransactionResult {
  let fields: Record<string, FieldValue> = { ...(current?.fields ?? {}) };
  if (input.responsePayload) {
    fields = {};
    for (const [name, value] of Object.entries(RESPONSE_PAYLOADS[input.responsePayload])) {
      if (value !== undefined) fields[name] = field(value, 'override');
    }
    const dob = fields.date_of_birth?.value;
    if (dob) fields.age = field(String(ageOn(dob, input.now)), 'computed');
  }
  for (const [name, value] of Object.entries(input.overrideFields ?? {})) {
    if (value !== undefined) fields[name] = field(value, 'override');
  }
  const flags = input.flags ? [...new Set(input.flags)] : (current?.flags ?? []);
  return { fields, flags, action: actionFor(flags) };
}

function field(value: string, type: string): FieldValue {
  return { value, confidence: 'high', sources: [{ value, type, confidence: 'high' }] };
}

function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** Whole years between an ISO date of birth and `now` (UTC). */
export function ageOn(dateOfBirth: string, now: Date): number {
  const [y, m, d] = dateOfBirth.split('-').map(Number) as [number, number, number];
  const today = isoDate(now);
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  return ty - y - (tm < m || (tm === m && td < d) ? 1 : 0);
}
