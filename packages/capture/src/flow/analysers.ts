import { QualityAnalyser } from '../analysers/quality.js';
import type { FrameAnalyser } from '../analysers/types.js';
import { createPdf417Analyser, DEFAULT_PDF417_ENGINE, isPdf417Engine, type Pdf417Engine } from '../decoder/index.js';

/** The analysers in use when the page sets none: built once, the decoder rebuilt when `decoder` changes. */
export class DefaultAnalysers {
  readonly quality = new QualityAnalyser();
  private pdf417: FrameAnalyser | null = null;
  private engine: Pdf417Engine | null = null;

  /** The quality analyser plus the PDF417 reader the `decoder` attribute names (`off`: none). */
  for(decoder: string | undefined): FrameAnalyser[] {
    const wanted = (decoder ?? '').trim().toLowerCase();
    const engine: Pdf417Engine | null =
      wanted === 'off' ? null : isPdf417Engine(wanted) ? wanted : DEFAULT_PDF417_ENGINE;
    if (this.engine !== engine) {
      this.pdf417?.dispose?.();
      this.pdf417 = engine ? createPdf417Analyser({ engine }) : null;
      this.engine = engine;
    }
    return this.pdf417 ? [this.quality, this.pdf417] : [this.quality];
  }

  /** A page that takes over the analysers frees the default ones (and the decoder's worker). */
  dispose(): void {
    this.quality.dispose();
    this.pdf417?.dispose?.();
  }
}

/** The page's analysers, minus anything that does not have the analyser shape (never throws on bad input). */
export function usableAnalysers(analysers: unknown, defaults: () => FrameAnalyser[]): FrameAnalyser[] {
  if (analysers === undefined || analysers === null) return defaults();
  if (!Array.isArray(analysers)) return [];
  return analysers.filter(
    (a): a is FrameAnalyser =>
      typeof a === 'object' &&
      a !== null &&
      typeof a.id === 'string' &&
      Array.isArray(a.steps) &&
      typeof a.analyse === 'function',
  );
}
