/**
 * Parses a Berbix JSON answer, keeping 64-bit integer ids exact. `JSON.parse` would round
 * `transaction_id` above 2^53, so integer values of id fields are quoted before parsing.
 */
const EXACT_INTEGER_FIELDS = /"(transaction_id|id)"\s*:\s*(-?\d{16,})/g;

export function parseJsonExact(text: string): unknown {
  return JSON.parse(text.replace(EXACT_INTEGER_FIELDS, '"$1":"$2"'));
}

/** An id field as a decimal string, whether it arrived as a number or a string. */
export function idString(value: unknown): string | null {
  if (typeof value === 'string' && /^-?\d+$/.test(value)) return value;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  if (typeof value === 'bigint') return value.toString();
  return null;
}
