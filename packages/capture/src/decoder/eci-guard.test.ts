import DecodedBitStreamParser from '@zxing/library/esm/core/pdf417/decoder/DecodedBitStreamParser';
import { describe, expect, it } from 'vitest';
import { hasUnsupportedEci, installEciGuard } from './eci-guard.js';

// Codeword 0 counts the data codewords (itself included); 900 latches to text compaction, where
// one codeword holds two letters: 1 = "AB". Two error-correction codewords follow, as in a symbol.
const words = (...data: number[]) => Int32Array.from([data.length + 1, ...data, 0, 0]);

describe('ECI guard', () => {
  it('flags character sets other than ISO-8859-1, and every other ECI', () => {
    expect(hasUnsupportedEci(words(900, 1))).toBe(false);
    expect(hasUnsupportedEci(words(927, 3, 900, 1))).toBe(false);
    expect(hasUnsupportedEci(words(927, 20, 900, 1))).toBe(true); // Shift JIS
    expect(hasUnsupportedEci(words(926, 5, 7, 900, 1))).toBe(true);
    expect(hasUnsupportedEci(words(925, 5, 900, 1))).toBe(true);
  });

  it('looks only at the data codewords, not the error correction after them', () => {
    const codewords = Int32Array.from([3, 900, 1, 927, 20]);
    expect(hasUnsupportedEci(codewords)).toBe(false);
  });

  it('makes the parser refuse a Shift JIS symbol it would decode as ISO-8859-1, and keep the rest', () => {
    installEciGuard();
    expect(DecodedBitStreamParser.decode(words(900, 1), '2').getText()).toBe('AB');
    expect(DecodedBitStreamParser.decode(words(927, 3, 900, 1), '2').getText()).toBe('AB');
    expect(() => DecodedBitStreamParser.decode(words(927, 20, 900, 1), '2')).toThrow();
  });
});
