import { encodeAamva } from '@berbix-capture/aamva';
import { pdf417Modules } from '@berbix-capture/testing/pdf417-scene';
import { seededRandom } from '@berbix-capture/testing/random';
import { describe, expect, it } from 'vitest';
import { PAD_LEFT, PAD_RIGHT_MODULES, readLine, SUB } from './scanline.js';

const COLUMNS = 5;
const { rows, width } = pdf417Modules(
  encodeAamva({ familyName: 'LINE', givenName: 'SCAN', documentNumber: 'S1234567' }, { version: 10 }),
  COLUMNS,
  2,
);

/**
 * A scan line as the grid reader samples it: `SUB` samples a module, from `PAD_LEFT` samples before
 * the start pattern to `PAD_RIGHT_MODULES` past the stop pattern's bar, dark 40 and light 200.
 */
function profileOf(modules: boolean[]): Float32Array {
  const count = (width - 18 + PAD_RIGHT_MODULES) * SUB + PAD_LEFT + SUB;
  const profile = new Float32Array(count).fill(200);
  for (let i = 0; i < count; i++) {
    // Sample i's centre lies (i + 0.5 - PAD_LEFT - SUB / 2) / SUB modules into the symbol.
    const module = Math.floor((i + 0.5 - PAD_LEFT - SUB / 2) / SUB);
    if (modules[module]) profile[i] = 40;
  }
  return profile;
}

describe('a scan line', () => {
  it('reads every codeword of a row, and still does with one of its two bars hidden', () => {
    const row = rows[0] as boolean[];
    expect(readLine(profileOf(row), COLUMNS).every((read) => read?.weight === 3)).toBe(true);
    const noStopBar = row.map((dark, m) => dark && m < width - 18);
    expect(readLine(profileOf(noStopBar), COLUMNS).filter((read) => read !== null).length).toBeGreaterThan(COLUMNS);
  });

  it('reads nothing where neither bar is: a line past the symbol, across print', () => {
    // Print as dense as a symbol's (modules dark at random) but no start or stop bar: a quad found
    // too tall sends its top and bottom scan lines across it, and windows with modules flipped
    // match codewords there now and then; those votes would be noise.
    const random = seededRandom(7);
    for (let line = 0; line < 20; line++) {
      const print = Array.from({ length: width }, () => random() < 0.45);
      for (let m = 0; m < 8; m++) print[m] = m % 2 === 0 ? random() < 0.5 : false;
      for (let m = width - 18; m < width - 11; m++) print[m] = false;
      expect(readLine(profileOf(print), COLUMNS).every((read) => read === null)).toBe(true);
    }
  });
});
