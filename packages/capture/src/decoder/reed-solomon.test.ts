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
