/** Per engine and corpus, the figures of the JSON shape. */
export interface Stats {
  images: number;
  decoded: number;
  correct: number;
  /** Decoded to something other than the expected content. */
  wrong: number;
  /** ...and that something parsed as valid AAMVA: the element would have captured on it. */
  wrongAamvaValid: number;
  medianMs: number;
  p95Ms: number;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] as number;
}

/** One image read by one engine. */
export interface Sample {
  engine: string;
  corpus: string;
  decoded: boolean;
  correct: boolean;
  aamvaValid?: boolean;
  ms: number;
  /** Quarter turns the image was given (folders), for the per-rotation table. */
  turns?: number;
}

export function summarise(samples: Sample[]): Record<string, Record<string, Stats>> {
  const groups = new Map<string, Map<string, typeof samples>>();
  for (const sample of samples) {
    const byCorpus = groups.get(sample.engine) ?? new Map<string, typeof samples>();
    groups.set(sample.engine, byCorpus);
    const list = byCorpus.get(sample.corpus) ?? [];
    list.push(sample);
    byCorpus.set(sample.corpus, list);
  }
  const table: Record<string, Record<string, Stats>> = {};
  for (const [engine, byCorpus] of groups) {
    table[engine] = {};
    for (const [corpus, list] of byCorpus) {
      const times = list.map((s) => s.ms).sort((a, b) => a - b);
      table[engine][corpus] = {
        images: list.length,
        decoded: list.filter((s) => s.decoded).length,
        correct: list.filter((s) => s.correct).length,
        wrong: list.filter((s) => s.decoded && !s.correct).length,
        wrongAamvaValid: list.filter((s) => s.decoded && !s.correct && s.aamvaValid).length,
        medianMs: round(percentile(times, 50)),
        p95Ms: round(percentile(times, 95)),
      };
    }
  }
  return table;
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
