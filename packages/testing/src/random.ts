/** The sandbox's Mulberry32, so every generated frame is reproducible from its seed (one copy of it). */
export { seededRandom } from '@berbix-capture/sandbox/random';

/** Uniform in [min, max). */
export function between(random: () => number, min: number, max: number): number {
  return min + (max - min) * random();
}

export function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}
