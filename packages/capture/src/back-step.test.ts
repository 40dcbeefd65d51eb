import { describe, expect, it } from 'vitest';
import { confidentCard, expectsPdf417, MissingSymbolWatch, NO_SYMBOL_MS, NO_SYMBOL_READINGS } from './back-step.js';

const corners = [
  [100, 100],
  [900, 110],
  [890, 600],
  [95, 590],
];

describe('which backs carry a PDF417', () => {
  it('US and Canadian licences and ID cards, and anything not known to be otherwise', () => {
    expect(expectsPdf417('DL', 'US')).toBe(true);
    expect(expectsPdf417('ID', 'CA')).toBe(true);
    expect(expectsPdf417('DL', null)).toBe(true);
    expect(expectsPdf417(null, null)).toBe(true);
    expect(expectsPdf417(null, 'US')).toBe(true);
    expect(expectsPdf417('DL', 'DE')).toBe(false);
    expect(expectsPdf417('P', 'US')).toBe(false);
    expect(expectsPdf417('PC', null)).toBe(false);
    expect(expectsPdf417('PRC', 'US')).toBe(false);
  });
});

describe('the found card, read defensively', () => {
  it('keeps a confident card with four finite corners, and nothing else', () => {
    expect(confidentCard({ card: { corners, confidence: 0.9 } })).toEqual({ corners, confidence: 0.9 });
    expect(confidentCard({ card: { corners, confidence: 0.3 } })).toBeNull();
    // A box printed on a card the frame cuts off is no card.
    expect(confidentCard({ card: { corners, confidence: 0.9, onTable: false } })).toBeNull();
    expect(confidentCard({ card: { corners, confidence: 0.9, onTable: true } })).toEqual({ corners, confidence: 0.9 });
    expect(confidentCard({ card: { corners, confidence: Number.NaN } })).toBeNull();
    expect(confidentCard({ card: { corners: corners.slice(0, 3), confidence: 0.9 } })).toBeNull();
    expect(
      confidentCard({ card: { corners: [...corners.slice(0, 3), [1, Number.POSITIVE_INFINITY]], confidence: 1 } }),
    ).toBeNull();
    expect(confidentCard({ card: null })).toBeNull();
    expect(confidentCard({})).toBeNull();
    expect(confidentCard(null)).toBeNull();
    expect(confidentCard({ card: 'card' })).toBeNull();
  });
});

describe('a card that shows no barcode', () => {
  /** Feeds `count` readings `gap` ms apart starting at `from`; returns the time of the last one. */
  function feed(watch: MissingSymbolWatch, count: number, gap: number, from = 0, usable = true) {
    let now = from;
    for (let i = 0; i < count; i++) {
      now = from + i * gap;
      watch.reading(false, true, usable, now);
    }
    return now;
  }

  it('is noticed after several readings over the wait, not before', () => {
    const watch = new MissingSymbolWatch();
    const last = feed(watch, NO_SYMBOL_READINGS, NO_SYMBOL_MS / 2);
    expect(last).toBe(NO_SYMBOL_MS);
    expect(watch.missing(last - 1)).toBe(false);
    expect(watch.missing(last)).toBe(true);
    // Many fast readings are not enough time; a long time with too few readings is not enough evidence.
    const fast = new MissingSymbolWatch();
    expect(fast.missing(feed(fast, 20, 10))).toBe(false);
    const few = new MissingSymbolWatch();
    feed(few, NO_SYMBOL_READINGS - 1, NO_SYMBOL_MS);
    expect(few.missing(10 * NO_SYMBOL_MS)).toBe(false);
  });

  it('starts again on any sign of a symbol, on a lost card, and never counts a reader that cannot tell', () => {
    const watch = new MissingSymbolWatch();
    const last = feed(watch, 5, 500);
    expect(watch.missing(last)).toBe(true);
    watch.reading(true, true, true, last + 1);
    expect(watch.missing(last + 1)).toBe(false);
    feed(watch, 5, 500, 10_000);
    watch.cardLost();
    expect(watch.missing(20_000)).toBe(false);
    feed(watch, 5, 500, 30_000);
    watch.reading(undefined, true, true, 33_000);
    expect(watch.missing(33_000)).toBe(false);
    feed(watch, 5, 500, 40_000);
    watch.reading(false, false, true, 43_000);
    expect(watch.missing(43_000)).toBe(false);
  });

  it('does not count frames unfit to judge (blurred, dark), but does not forget what it counted', () => {
    const watch = new MissingSymbolWatch();
    expect(watch.missing(feed(watch, 10, 500, 0, false))).toBe(false);
    feed(watch, 2, 500, 10_000);
    feed(watch, 3, 500, 11_000, false);
    watch.reading(false, true, true, 12_000);
    expect(watch.missing(12_000)).toBe(true);
  });
});
