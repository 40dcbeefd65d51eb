import type { IdType } from '@berbix-capture/protocol';
import type { CardDetection } from './analysers/quality-metrics.js';

/**
 * The back step of a document whose back carries a PDF417 (US and Canadian licences and ID cards):
 * there the barcode decides. A quality verdict can say the frame is sharp and lit, but only a
 * decoded, AAMVA-valid barcode proves the right side is showing, so only it may capture by itself.
 */

/**
 * How long the element waits for a read before it says it cannot read the barcode and points to
 * the shutter. Nothing but a read captures by itself on such a back: a sharp frame of the wrong
 * side would pass every quality check. The shutter and the file path work throughout (the barcode
 * then travels only in the image).
 */
export const BARCODE_WAIT_MS = 10_000;

/** Document types whose back carries a PDF417 in the countries that print one. */
const PDF417_TYPES: ReadonlySet<IdType> = new Set(['DL', 'ID']);
/** AAMVA members: the United States and Canada. */
const PDF417_COUNTRIES: ReadonlySet<string> = new Set(['US', 'CA']);

/**
 * Whether the back of this document should show a PDF417. An unknown type or country counts as
 * expecting one: the element is mostly used for North American licences, and the cost of a wrong
 * "yes" (the shutter instead of auto-capture after the barcode wait) is smaller than capturing the
 * front twice.
 */
export function expectsPdf417(idType: IdType | null, country: string | null): boolean {
  if (idType !== null && !PDF417_TYPES.has(idType)) return false;
  return country === null || PDF417_COUNTRIES.has(country);
}

/** The part of the quality analyser's card detection the element uses. */
export type FoundCard = Pick<CardDetection, 'corners' | 'confidence'>;

/** Below this confidence the card finder's answer is treated as "no card". */
export const CARD_CONFIDENCE = 0.5;

const isPoint = (value: unknown): value is [number, number] =>
  Array.isArray(value) && value.length === 2 && value.every((n) => Number.isFinite(n));

/**
 * The confidently found card in a quality result's metrics, or null. Read defensively: the metrics
 * come from a worker (or a page's own analyser) and may lack the field or carry anything. A quad
 * with the card's paper around it (`onTable` false) is a box printed on a card the frame cuts off,
 * not a card: the judge calls it "no document", and the view draws no outline round it.
 */
export function confidentCard(metrics: unknown): FoundCard | null {
  const card = (metrics as { card?: unknown } | null | undefined)?.card;
  if (typeof card !== 'object' || card === null) return null;
  const { corners, confidence, onTable } = card as { corners?: unknown; confidence?: unknown; onTable?: unknown };
  if (onTable === false) return null;
  if (typeof confidence !== 'number' || !(confidence >= CARD_CONFIDENCE)) return null;
  if (!Array.isArray(corners) || corners.length !== 4 || !corners.every(isPoint)) return null;
  return { corners: corners as FoundCard['corners'], confidence };
}

/** How long a found card must show no symbol before the person is asked to turn it over. */
export const NO_SYMBOL_MS = 1500;
/** ...and over how many barcode readings at least: one slow reading is not a pattern. */
export const NO_SYMBOL_READINGS = 3;

/**
 * Notices a card held with its barcode side away: the card finder sees a card, and reading after
 * reading the barcode reader finds no symbol on it. Any sign of a symbol, or losing the card,
 * starts the count again, so a barcode that is merely hard to decode never gets "turn it over".
 * Only readings of usable frames count (sharp, lit, steady): on a blurred frame no symbol can be
 * seen on either side, and the right advice is the blur.
 */
export class MissingSymbolWatch {
  private since: number | null = null;
  private readings = 0;

  /**
   * One barcode reading. `symbolSeen` as the reader reported it (undefined: this reader cannot
   * tell, so it never counts); `cardFound` and `usable` from the latest quality result.
   */
  reading(symbolSeen: boolean | undefined, cardFound: boolean, usable: boolean, now: number): void {
    if (symbolSeen !== false || !cardFound) {
      this.reset();
      return;
    }
    if (!usable) return;
    this.since ??= now;
    this.readings++;
  }

  /** The card finder lost the card: whatever was counted was about another view. */
  cardLost(): void {
    this.reset();
  }

  /** True once the card has shown no symbol for long enough. */
  missing(now: number): boolean {
    return this.since !== null && this.readings >= NO_SYMBOL_READINGS && now - this.since >= NO_SYMBOL_MS;
  }

  reset(): void {
    this.since = null;
    this.readings = 0;
  }
}
