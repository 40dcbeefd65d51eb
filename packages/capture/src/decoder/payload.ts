/**
 * Text <-> bytes for engines that only give text. PDF417 byte compaction without an ECI is
 * ISO-8859-1, which AAMVA uses; so text whose every character fits in a byte maps back 1:1, and
 * anything else (an ECI to UTF-8) is encoded as UTF-8.
 */
export function bytesFromText(text: string): Uint8Array {
  let latin1 = true;
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) > 0xff) {
      latin1 = false;
      break;
    }
  }
  if (!latin1) return new TextEncoder().encode(text);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/** Bytes as text: UTF-8 when they are valid UTF-8, else ISO-8859-1 (never lossy). */
export function textFromBytes(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    let text = '';
    for (let i = 0; i < bytes.length; i += 4096) text += String.fromCharCode(...bytes.subarray(i, i + 4096));
    return text;
  }
}

/** Unicode code points of windows-1252's 0x80-0x9F (0 where it has none and maps to U+0080+n). */
const CP1252_HIGH = [
  0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017d, 0, 0,
  0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0, 0x017e, 0x0178,
];
const FROM_CP1252 = new Map(CP1252_HIGH.map((code, i) => [code, 0x80 + i] as const).filter(([code]) => code !== 0));

/**
 * Bytes back from text that was decoded as "ISO-8859-1" by a browser `TextDecoder`, which per the
 * WHATWG Encoding standard is really windows-1252 (0x82 becomes U+201A...). `@zxing/library` does
 * that for byte compaction. Falls back to `bytesFromText` when the text has other characters (an
 * ECI to UTF-8).
 */
export function bytesFromWindows1252Text(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const byte = code <= 0xff ? code : FROM_CP1252.get(code);
    if (byte === undefined) return bytesFromText(text);
    bytes[i] = byte;
  }
  return bytes;
}
