/**
 * Reed-Solomon decoding of PDF417 codewords (GF(929)) with erasures: a cell the grid reader could
 * not read is at a known position, and a known position costs one check codeword to repair where an
 * unknown error costs two. `@zxing/library` accepts erasure positions but does not use them (its
 * key equation leaves the erasure locator out), so every unread cell spent two.
 *
 * Errors and erasures (Forney's modified syndrome): with the erasure locator G(x) and syndrome
 * S(x), solve L(x) G(x) S(x) = W(x) mod x^2t by Euclid's algorithm, stopping once the remainder's
 * degree is below (2t + f) / 2; the full locator is L(x) G(x), its roots the positions, and
 * Forney's formula the values. The field arithmetic is `@zxing/library`'s.
 */

import ModulusGF from '@zxing/library/esm/core/pdf417/decoder/ec/ModulusGF';
import ModulusPoly from '@zxing/library/esm/core/pdf417/decoder/ec/ModulusPoly';

const field = ModulusGF.PDF417_GF;
const MODULUS = field.getSize();

/** What a decode repaired: positions fixed that were not erasures (errors), and erasures given. */
export interface Repair {
  errors: number;
  erasures: number;
}

/**
 * Corrects `received` in place, `numEc` of its codewords being check codewords and `erasures` the
 * indices of codewords known to be unread. Returns what was repaired, or null when the word is
 * beyond repair (more than the check codewords can locate), leaving `received` untouched then.
 * `syndromes`: `syndromesOf(received, numEc)`, when the caller tries the same word with several
 * sets of erasures.
 */
export function correctCodewords(
  received: Int32Array,
  numEc: number,
  erasures: readonly number[],
  syndromes: Int32Array | null = syndromesOf(received, numEc),
): Repair | null {
  if (erasures.length > numEc) return null;
  const n = received.length;
  if (!syndromes) return { errors: 0, erasures: 0 };
  let erasureLocator = field.getOne();
  for (const position of erasures) {
    const b = field.exp(n - 1 - position);
    erasureLocator = erasureLocator.multiply(new ModulusPoly(field, new Int32Array([field.subtract(0, b), 1])));
  }
  const modified = lowTerms(erasureLocator.multiply(new ModulusPoly(field, syndromes)), numEc);
  const solved = euclid(field.buildMonomial(numEc, 1), modified, numEc + erasures.length);
  if (!solved) return null;
  const locator = solved.locator.multiply(erasureLocator);
  // The syndromes say the word is damaged; a locator of degree 0 places no error anywhere: more
  // errors than the check codewords can locate.
  if (locator.getDegree() === 0) return null;
  const locations = roots(locator);
  if (!locations) return null;
  const fixes = magnitudes(solved.evaluator, locator, locations);
  const positions = locations.map((x) => n - 1 - field.log(x));
  if (positions.some((p) => p < 0)) return null;
  const erased = new Set(erasures);
  let errors = 0;
  for (const [i, position] of positions.entries()) {
    received[position] = field.subtract(received[position] as number, fixes[i] as number);
    if (!erased.has(position)) errors++;
  }
  return { errors, erasures: erasures.length };
}

/** The word's syndromes, highest degree first as ModulusPoly stores them; null when all are zero (no error). */
export function syndromesOf(received: Int32Array, numEc: number): Int32Array | null {
  const syndromes = new Int32Array(numEc);
  let clean = true;
  // S(x) = sum of r(a^i) x^(i-1).
  for (let i = numEc; i > 0; i--) {
    const value = evaluate(received, field.exp(i));
    syndromes[numEc - i] = value;
    if (value !== 0) clean = false;
  }
  return clean ? null : syndromes;
}

/** The terms of `poly` below x^degree (a product reduced mod x^degree). */
function lowTerms(poly: ModulusPoly, degree: number): ModulusPoly {
  const coefficients = poly.getCoefficients();
  const keep = Math.min(coefficients.length, degree);
  return new ModulusPoly(field, coefficients.slice(coefficients.length - keep));
}

/** Euclid's algorithm on (a, b) until the remainder's degree is below bound / 2; null when it degenerates. */
function euclid(
  a: ModulusPoly,
  b: ModulusPoly,
  bound: number,
): { locator: ModulusPoly; evaluator: ModulusPoly } | null {
  let rLast = a;
  let r = b;
  let tLast = field.getZero();
  let t = field.getOne();
  while (r.getDegree() >= Math.ceil(bound / 2)) {
    const rLastLast = rLast;
    const tLastLast = tLast;
    rLast = r;
    tLast = t;
    if (rLast.isZero()) return null;
    r = rLastLast;
    let q = field.getZero();
    const inverseLead = field.inverse(rLast.getCoefficient(rLast.getDegree()));
    while (r.getDegree() >= rLast.getDegree() && !r.isZero()) {
      const shift = r.getDegree() - rLast.getDegree();
      const scale = field.multiply(r.getCoefficient(r.getDegree()), inverseLead);
      q = q.add(field.buildMonomial(shift, scale));
      r = r.subtract(rLast.multiplyByMonomial(shift, scale));
    }
    t = q.multiply(tLast).subtract(tLastLast).negative();
  }
  const atZero = t.getCoefficient(0);
  if (atZero === 0) return null;
  const inverse = field.inverse(atZero);
  return { locator: t.multiply(inverse), evaluator: r.multiply(inverse) };
}

/** The inverses of the locator's roots (Chien search); null unless it has as many as its degree. */
function roots(locator: ModulusPoly): number[] | null {
  const wanted = locator.getDegree();
  const coefficients = locator.getCoefficients();
  const found: number[] = [];
  for (let i = 1; i < MODULUS && found.length < wanted; i++) {
    if (evaluate(coefficients, i) === 0) found.push(field.inverse(i));
  }
  return found.length === wanted ? found : null;
}

/**
 * A polynomial's value at `x` (coefficients highest degree first), by Horner's rule in plain
 * integers: every product stays below 929^2, far inside a double's exact range, and it is several
 * times faster than the field's table lookups. The syndromes and the Chien search are most of the
 * decoder's time on a grid that does not read. (Reduced after every term, the value stays a small
 * integer; reduced every fourth, it does not, and the remainder of a double is slower.)
 */
function evaluate(coefficients: Int32Array, x: number): number {
  let value = 0;
  for (let i = 0; i < coefficients.length; i++) value = (value * x + (coefficients[i] as number)) % MODULUS;
  return value;
}

/** Forney's formula: the value to subtract at each location. */
function magnitudes(evaluator: ModulusPoly, locator: ModulusPoly, locations: number[]): number[] {
  const degree = locator.getDegree();
  const derivative = new Int32Array(degree);
  for (let i = 1; i <= degree; i++) derivative[degree - i] = field.multiply(i, locator.getCoefficient(i));
  const formal = new ModulusPoly(field, derivative);
  return locations.map((x) => {
    const inverse = field.inverse(x);
    return field.multiply(field.subtract(0, evaluator.evaluateAt(inverse)), field.inverse(formal.evaluateAt(inverse)));
  });
}
