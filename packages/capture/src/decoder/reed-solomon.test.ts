import ModulusGF from '@zxing/library/esm/core/pdf417/decoder/ec/ModulusGF';
import ModulusPoly from '@zxing/library/esm/core/pdf417/decoder/ec/ModulusPoly';
import { describe, expect, it } from 'vitest';
import { correctCodewords } from './reed-solomon.js';

const field = ModulusGF.PDF417_GF;

/** A PDF417 codeword sequence: `data` followed by `checks` check codewords (the generator's roots a^1..a^k). */
function encode(data: number[], checks: number): Int32Array {
  let generator = field.getOne();
  for (let i = 1; i <= checks; i++) {
    generator = generator.multiply(new ModulusPoly(field, new Int32Array([1, field.subtract(0, field.exp(i))])));
  }
  let remainder = new ModulusPoly(field, new Int32Array([...data, ...new Array<number>(checks).fill(0)]));
  const lead = field.inverse(generator.getCoefficient(generator.getDegree()));
  while (!remainder.isZero() && remainder.getDegree() >= generator.getDegree()) {
    const scale = field.multiply(remainder.getCoefficient(remainder.getDegree()), lead);
    remainder = remainder.subtract(generator.multiplyByMonomial(remainder.getDegree() - generator.getDegree(), scale));
  }
  const word = new Int32Array(data.length + checks);
  word.set(data);
  const tail = remainder.getCoefficients();
  tail.forEach((value, i) => {
    word[word.length - tail.length + i] = field.subtract(0, value);
  });
  return word;
}

function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
}

/** The word with `errors` codewords changed and `erasures` more zeroed, at distinct seeded positions. */
function damage(word: Int32Array, errors: number, erasures: number, seed: number) {
  const next = seeded(seed);
  const positions = new Set<number>();
  while (positions.size < errors + erasures) positions.add(Math.floor(next() * word.length));
  const all = [...positions];
  const damaged = Int32Array.from(word);
  for (const p of all.slice(0, errors)) damaged[p] = ((damaged[p] as number) + 1 + Math.floor(next() * 927)) % 929;
  for (const p of all.slice(errors)) damaged[p] = 0;
  return { damaged, erased: all.slice(errors) };
}

describe('Reed-Solomon with erasures', () => {
  const next = seeded(5);
  const word = encode(
    Array.from({ length: 378 }, () => Math.floor(next() * 929)),
    64,
  );

  it('leaves a clean word alone', () => {
    const copy = Int32Array.from(word);
    expect(correctCodewords(copy, 64, [])).toEqual({ errors: 0, erasures: 0 });
    expect(copy).toEqual(word);
  });

  it.each([
    [32, 0],
    [0, 64],
    [12, 40],
    [20, 24],
  ])(
    'repairs %i errors and %i erasures (twice the errors plus the erasures within the 64 check codewords)',
    (errors, erasures) => {
      const { damaged, erased } = damage(word, errors, erasures, 100 + errors + erasures);
      const repair = correctCodewords(damaged, 64, erased);
      expect(repair).toEqual({ errors, erasures });
      expect(damaged).toEqual(word);
    },
  );

  it('refuses, leaving the word untouched, when the damage is beyond what the check codewords locate', () => {
    for (const [errors, erasures] of [
      [13, 40],
      [33, 0],
    ] as const) {
      const { damaged, erased } = damage(word, errors, erasures, 7 + errors);
      const before = Int32Array.from(damaged);
      expect(correctCodewords(damaged, 64, erased)).toBeNull();
      expect(damaged).toEqual(before);
    }
    expect(correctCodewords(Int32Array.from(word), 4, [0, 1, 2, 3, 4])).toBeNull();
  });
});

describe('Reed-Solomon on words beyond repair', () => {
  it('answers null, never throws, when the damage leaves no error to locate', () => {
    // 195 codewords with 16 checks as the votes of one of our own generated severe frames gave
    // them (read with sparser scan lines): the syndromes are not zero, and the Euclidean algorithm
    // ends on a constant locator (it threw inside ZXing's polynomial code before).
    const received = Int32Array.from([
      262, 712, 756, 480, 780, 786, 89, 730, 748, 727, 892, 906, 820, 672, 846, 807, 161, 529, 119, 757, 335, 729, 886,
      354, 780, 324, 624, 645, 272, 924, 355, 748, 334, 656, 384, 254, 217, 437, 757, 179, 901, 64, 10, 30, 900, 881,
      13, 548, 866, 183, 810, 766, 8, 7, 2, 843, 358, 0, 121, 2, 60, 870, 418, 13, 198, 0, 93, 843, 333, 60, 89, 453,
      61, 404, 394, 885, 92, 103, 433, 149, 453, 30, 840, 122, 182, 2, 298, 885, 93, 553, 200, 724, 419, 453, 2, 270,
      364, 569, 453, 3, 102, 325, 742, 885, 91, 8, 31, 1, 60, 64, 869, 453, 31, 840, 61, 885, 90, 208, 32, 60, 88, 58,
      885, 90, 721, 90, 493, 90, 628, 186, 184, 238, 885, 92, 178, 34, 96, 186, 127, 60, 123, 598, 414, 859, 248, 869,
      453, 66, 618, 29, 453, 94, 419, 453, 95, 419, 453, 96, 419, 355, 415, 390, 749, 475, 391, 74, 663, 791, 133, 569,
      475, 392, 841, 123, 186, 208, 714, 779, 359, 173, 535, 75, 426, 70, 331, 509, 497, 452, 254, 189, 248, 760, 413,
      908, 100,
    ]);
    expect(correctCodewords(received, 16, [])).toBeNull();
  });

  it('answers null or a repair for any word and erasure list, never an exception', () => {
    const next = seeded(99);
    for (let trial = 0; trial < 300; trial++) {
      const checks = 2 << Math.floor(next() * 5);
      const length = checks + 1 + Math.floor(next() * 120);
      const word = Int32Array.from({ length }, () => Math.floor(next() * 929));
      const erasures = [
        ...new Set(Array.from({ length: Math.floor(next() * checks) }, () => Math.floor(next() * length))),
      ];
      expect(() => correctCodewords(word, checks, erasures)).not.toThrow();
    }
  });
});
