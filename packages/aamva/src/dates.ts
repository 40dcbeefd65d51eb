/** Date orders used by AAMVA payloads: version 1 and Canada write CCYYMMDD, the US MMDDCCYY. */
export type DateOrder = 'MDY' | 'YMD';

/** Parses an 8-digit AAMVA date into ISO `YYYY-MM-DD`, or null when it is not a real calendar date. */
export function parseAamvaDate(raw: string, order: DateOrder): string | null {
  if (!/^\d{8}$/.test(raw)) return null;
  const year = Number(order === 'YMD' ? raw.slice(0, 4) : raw.slice(4, 8));
  const month = Number(order === 'YMD' ? raw.slice(4, 6) : raw.slice(0, 2));
  const day = Number(order === 'YMD' ? raw.slice(6, 8) : raw.slice(2, 4));
  if (!isCalendarDate(year, month, day)) return null;
  return `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}`;
}

/** Formats ISO `YYYY-MM-DD` in an AAMVA order. Throws `RangeError` on anything else (encoder input check). */
export function formatAamvaDate(iso: string, order: DateOrder): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!match || !isCalendarDate(Number(match[1]), Number(match[2]), Number(match[3]))) {
    throw new RangeError('date must be an ISO calendar date YYYY-MM-DD');
  }
  const [, y, m, d] = match;
  return order === 'YMD' ? `${y}${m}${d}` : `${m}${d}${y}`;
}

function isCalendarDate(year: number, month: number, day: number): boolean {
  if (year < 1800 || year > 2200 || month < 1 || month > 12 || day < 1) return false;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= daysInMonth;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}
