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
