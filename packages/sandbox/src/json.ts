/**
 * JSON with exact 64-bit integers. Berbix's `transaction_id` is a 64-bit integer; the sandbox hands
 * out ids above 2^53 so that clients which lose precision are caught by their own tests.
 */
const BIGINT_MARK = '\u0000bigint:';

export function stringifyJson(value: unknown): string {
  return JSON.stringify(value, (_key, v) => (typeof v === 'bigint' ? `${BIGINT_MARK}${v}` : v)).replace(
    /"\\u0000bigint:(-?\d+)"/g,
    '$1',
  );
}
