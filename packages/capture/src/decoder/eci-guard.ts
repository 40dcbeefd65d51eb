import FormatException from '@zxing/library/esm/core/FormatException';
import DecodedBitStreamParser from '@zxing/library/esm/core/pdf417/decoder/DecodedBitStreamParser';

/**
 * PDF417's Extended Channel Interpretation designators: user-defined (925), general purpose (926)
 * and character set (927). Data codewords are all below 900, so these values only ever designate.
 */
const ECI_DESIGNATORS = new Set([925, 926, 927]);
/** Character-set ECIs that mean ISO-8859-1, the only set `@zxing/library` decodes bytes in. */
const LATIN1_CHARSETS = new Set([1, 3]);

/**
 * Whether the data codewords (codeword 0 counts them) switch to an interpretation the parser does
 * not apply: any general-purpose or user-defined ECI, or a character set other than ISO-8859-1.
 */
export function hasUnsupportedEci(codewords: ArrayLike<number>): boolean {
  const end = Math.min(codewords[0] ?? 0, codewords.length);
  for (let i = 1; i < end; i++) {
    const code = codewords[i] as number;
    if (!ECI_DESIGNATORS.has(code)) continue;
    if (code !== 927 || !LATIN1_CHARSETS.has(codewords[i + 1] as number)) return true;
  }
  return false;
}

let installed = false;

/**
 * Makes `@zxing/library`'s PDF417 bit-stream parser refuse symbols that switch character set.
 * It reads a character-set ECI and then keeps decoding bytes as ISO-8859-1, so a symbol in, say,
 * Shift JIS or mixed sets decodes to wrong text; and a wrong text is worse than none. AAMVA
 * barcodes use no ECI, so refusing costs the element nothing. The parser is a static method that
 * the library's reader and our grid reader call, so the guard wraps it once for every caller in this bundle
 * (the library is vendored into this package's `dist/`, so no other code shares this copy).
 */
export function installEciGuard(): void {
  if (installed) return;
  installed = true;
  const parse = DecodedBitStreamParser.decode.bind(DecodedBitStreamParser);
  DecodedBitStreamParser.decode = (codewords: Int32Array, ecLevel: string) => {
    if (hasUnsupportedEci(codewords)) throw FormatException.getFormatInstance();
    return parse(codewords, ecLevel);
  };
}
