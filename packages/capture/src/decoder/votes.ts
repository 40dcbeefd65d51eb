/**
 * The grid reader's ballot: every scan line that crosses a cell votes for the codeword it read
 * there (an exact read counts more than one with modules flipped), and Reed-Solomon decides on the
 * winners, with the cells nobody read and the least sure ones given to it as erasures.
 */

import DecodedBitStreamParser from '@zxing/library/esm/core/pdf417/decoder/DecodedBitStreamParser';
import { installEciGuard } from './eci-guard.js';
import { bytesFromWindows1252Text, textFromBytes } from './payload.js';
import { correctCodewords, syndromesOf } from './reed-solomon.js';
import type { Read } from './scanline.js';
import type { DecodedSymbol } from './types.js';

export function newVotes(cells: number): Array<Map<number, number>> {
  return Array.from({ length: cells }, () => new Map());
}

export function vote(votes: Array<Map<number, number>>, row: number, columns: number, j: number, read: Read): void {
  if (row < 0) return;
  const cell = votes[row * columns + j - 1];
  cell?.set(read.value, (cell.get(read.value) ?? 0) + read.weight);
}

/** The winning codeword of each cell, corrected by Reed-Solomon, as text; null unless sure. */
export function decodeVotes(votes: Array<Map<number, number>>, ecLevel: number): DecodedSymbol | null {
  const total = votes.length;
  const numEc = 1 << (ecLevel + 1);
  const codewords = new Int32Array(total);
  const unread: number[] = [];
  // How sure each cell is: its winner's votes less the runner-up's.
  const sureness = new Float64Array(total);
  for (let i = 0; i < total; i++) {
    let value = -1;
    let count = 0;
    let second = 0;
    for (const [v, n] of votes[i] as Map<number, number>) {
      if (n > count) {
        second = count;
        value = v;
        count = n;
      } else if (n > second) second = n;
    }
    if (value < 0) unread.push(i);
    codewords[i] = Math.max(0, value);
    sureness[i] = value < 0 ? -1 : count - second;
  }
  // Reed-Solomon must have check codewords to spare (an unread cell costs one, a wrong one two), so
  // that it never settles on a wrong word that happens to be near.
  const spare = 2 * Math.max(1, numEc / 16);
  if (unread.length > numEc - spare) return null;
  // The least sure cells are tried as erasures too, a few more each time: a wrong winner erased
  // costs one check codeword instead of two.
  const order = Array.from({ length: total }, (_, i) => i).sort(
    (a, b) => (sureness[a] as number) - (sureness[b] as number),
  );
  const budget = numEc - spare;
  // Every attempt starts from the same word: its syndromes are worked out once.
  const syndromes = syndromesOf(codewords, numEc);
  let tried = -1;
  let repaired: Int32Array | null = null;
  for (const share of [0, 0.25, 0.5, 0.75, 1]) {
    // The unread cells sort first (sureness -1), so every attempt erases at least those.
    const erased = Math.max(unread.length, Math.round(share * budget));
    if (erased === tried) continue;
    tried = erased;
    const attempt = Int32Array.from(codewords);
    const repair = correctCodewords(attempt, numEc, order.slice(0, erased), syndromes);
    if (!repair || 2 * repair.errors + repair.erasures > budget) continue;
    // A repaired word has no syndrome left.
    const check = correctCodewords(attempt, numEc, []);
    if (check && check.errors === 0) {
      repaired = attempt;
      break;
    }
  }
  if (!repaired) return null;
  codewords.set(repaired);
  const declared = codewords[0] as number;
  if (declared < 2 || declared > total - numEc) return null;
  // The parser refuses a symbol that switches character set (it throws, a miss below).
  installEciGuard();
  try {
    const text = DecodedBitStreamParser.decode(codewords, String(ecLevel)).getText();
    if (!text) return null;
    const bytes = bytesFromWindows1252Text(text);
    return { bytes, text: bytes.length === text.length ? textFromBytes(bytes) : text };
  } catch {
    return null;
  }
}
