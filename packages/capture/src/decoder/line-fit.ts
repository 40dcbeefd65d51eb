/** Straight-line fits for the symbol's outline and rows: least squares, and a robust one that ignores outliers. */

/**
 * The least-squares line through points (u, v), as v = a + b u: the bars' edges as x = a + b y
 * through (y, x), the rows as row = a + b k through (scan line, row). b is 0 when every u is equal.
 */
export function leastSquares(points: ReadonlyArray<readonly [number, number]>): { a: number; b: number } {
  let sy = 0;
  let sx = 0;
  let syy = 0;
  let sxy = 0;
  for (const [y, x] of points) {
    sy += y;
    sx += x;
    syy += y * y;
    sxy += x * y;
  }
  const n = points.length;
  const den = n * syy - sy * sy;
  const b = den === 0 ? 0 : (n * sxy - sx * sy) / den;
  return { a: (sx - b * sy) / n, b };
}

/**
 * y = p + q f through the most points (within `tolerance`, tried through every pair), refitted on
 * them; null unless at least `minCount` points agree.
 */
export function robustLine(
  points: Array<[number, number]>,
  tolerance: number,
  minCount: number,
): { p: number; q: number } | null {
  let best: { p: number; q: number; count: number } | null = null;
  for (let i = 0; i < points.length; i++) {
    for (let j = i + 1; j < points.length; j++) {
      const [fi, yi] = points[i] as [number, number];
      const [fj, yj] = points[j] as [number, number];
      const q = (yj - yi) / (fj - fi);
      const p = yi - q * fi;
      let count = 0;
      for (const [f, y] of points) if (Math.abs(y - (p + q * f)) <= tolerance) count++;
      if (!best || count > best.count) best = { p, q, count };
    }
  }
  if (!best || best.count < minCount) return null;
  // Refit on the inliers.
  const inliers = points.filter(([f, y]) => Math.abs(y - (best.p + best.q * f)) <= tolerance);
  const fit = leastSquares(inliers.map(([f, y]) => [f, y] as const));
  return { p: fit.a, q: fit.b };
}
