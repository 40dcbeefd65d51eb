/**
 * Parses a Berbix JSON answer, keeping 64-bit integer ids exact. `JSON.parse` would round
 * `transaction_id` above 2^53, so integer values of id fields are quoted before parsing.
 */
const EXACT_INTEGER_FIELDS = /"(transaction_id|id)"\s*:\s*(-?\d{16,})/g;

export function parseJsonExact(text: string): unknown {
  return JSON.parse(text.replace(EXACT_INTEGER_FIELDS, '"$1":"$2"'));
}
