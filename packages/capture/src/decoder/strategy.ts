import type { Quad } from '../homography.js';
import { type GridRead, readGrid } from './grid.js';
import { extractRotated, mirror, type RotatedRect, rotateQuarter } from './image.js';
import { locateSymbol } from './locate.js';
import { barSearch, quadFromBars, type SymbolQuad, sameQuad, turnedOver } from './quad.js';
import { StepCosts } from './step-costs.js';
import type { Binarization, DecodedSymbol, GrayImage, Pdf417Decoder } from './types.js';
import { warpQuad } from './warp.js';

/** Knobs of the per-frame plan; the defaults are what the benchmark chose (see README). */
export interface ReadOptions {
  /**
   * A live frame's time, ms: an attempt beyond the ones that always run starts only when it is
   * expected to end within it (each attempt's recent cost, `StepCosts`).
   */
  budgetMs: number;
  /** Longest side given to the engine; larger crops are scaled down to it. */
  maxSide: number;
  /** Smallest side given to the engine; smaller crops (small photos) are scaled up to it. */
  minSide: number;
}

export const DEFAULT_READ_OPTIONS: ReadOptions = { budgetMs: 33, maxSide: 1000, minSide: 0 };

/**
 * Fewest bars a scan line across a PDF417 crosses: 4 in the start pattern, 5 in the stop pattern and
 * 4 per codeword column, of which there are at least three (the two row indicators and one of data).
 */
const MIN_SYMBOL_BARS = 4 + 5 + 4 * 3;

/** One step of the read plan: its name, how to make its image, the binarizations to try on it. */
type PlanStep = [name: string, make: () => GrayImage | null, binarizations: readonly Binarization[]];

/** A step that reads the symbol itself rather than handing an image to the engine. */
type DirectStep = [name: string, read: () => DecodedSymbol | null];

/** What one frame's read did, for the benchmark and for tuning. */
export interface ReadOutcome {
  symbol: DecodedSymbol | null;
  /** Attempts made, in order, e.g. `located/local`. The last one read the symbol when `symbol` is set. */
  attempts: string[];
  /** Estimated symbol angle in degrees. */
  angleDegrees: number;
  /**
   * The frame shows a PDF417: it was read, or a start and a stop bar were found with a symbol's
   * density of bars between them.
   */
  symbolSeen: boolean;
  /** Where the time went, ms: locating, preparing crops, and inside the engine. */
  phases: { locate: number; crop: number; engine: number };
  /** The first step the budget left out (null when none was): where the next frame resumes. */
  leftOut: string | null;
}

/**
 * Reads one frame. Find the symbol and its angle; find its start and stop bars and read its grid
 * through the perspective transform they give (our own reader), which always runs, as does the
 * engine on the whole frame when the located region covers half of it. The rest (that grid
 * refined when it nearly read, the bars searched from the other end and at full resolution, the
 * engine on the rectified symbol and on the deskewed crop, other binarizations, the frame turned
 * or mirrored) runs only when `costs` expects it to end within `budgetMs`: on a live camera the
 * next frame, 33 ms later, is a better bet than a long search in this one. A still photo has no
 * next frame: give it an infinite budget. `resumeAt`: the step the previous frame of the same scene
 * left out (its outcome's `leftOut`), tried right after the first. `costs`: what each attempt has
 * cost lately, kept from frame to frame by the caller (a fresh one expects every attempt to be free,
 * so the budget then only stops attempts from starting after it).
 */
export async function readPdf417(
  image: GrayImage,
  decoder: Pdf417Decoder,
  options: ReadOptions = DEFAULT_READ_OPTIONS,
  resumeAt: string | null = null,
  costs: StepCosts = new StepCosts(),
): Promise<ReadOutcome> {
  const started = performance.now();
  const estimate = locateSymbol(image);
  const phases = { locate: performance.now() - started, crop: 0, engine: 0 };
  const attempts: string[] = [];
  const plan: Array<PlanStep | DirectStep> = [];
  /**
   * Steps that may have nothing to try on a frame, and how to tell: those are passed over, neither
   * an attempt nor a step the budget left out (the next frame would resume at a step with no work).
   */
  const hasWork = new Map<string, () => boolean>();
  let symbolSeen = false;
  const all = decoder.binarizations;
  const first = all.slice(0, 1);
  if (estimate.region) {
    const region = estimate.region;
    const search = barSearch(image, region);
    const found = quadFromBars(search);
    // The frame shows a symbol when its bars bound one: a start and a stop bar with a symbol's
    // density of bars between them, whether or not it then reads. A lone thick bar, or two with
    // sparse print between, is as often a card's edge, a stripe or a line of text; taken for a
    // symbol, it keeps a person showing the front from hearing "turn it over".
    symbolSeen = found !== null && found.barsPerLine >= MIN_SYMBOL_BARS;
    const quadMs = performance.now() - started;
    phases.locate = quadMs;
    // Each quad is read once: a search that finds bars within a quarter module of a quad already
    // read (the same bars, from the other end or from the finer location) would repeat that read.
    const quadsRead: SymbolQuad[] = [];
    const readQuad = (quad: SymbolQuad | null): GridRead | null => {
      if (!quad || quadsRead.some((done) => sameQuad(quad, done))) return null;
      quadsRead.push(quad);
      return readGrid(image, quad.gridQuad, quad.modulePx, quad.barsPerLine);
    };
    let firstGrid: GridRead | null = null;
    if (found) {
      plan.push([
        'grid',
        () => {
          firstGrid = readQuad(found);
          return firstGrid?.symbol ?? null;
        },
      ]);
      // Only the first quad's grid is refined when it nearly read, and as a step of its own: it
      // costs as much as the read and seldom reads (2 of 52 such grids on frames-dev), so within
      // the budget, or first thing on the next frame; the later quads are the same bars found again.
      const refine = () => (firstGrid as GridRead | null)?.refine ?? null;
      plan.push(['grid-refined', () => refine()?.() ?? null]);
      hasWork.set('grid-refined', () => refine() !== null);
    }
    // The bars searched again in the crop turned over: the scan lines and the line fit then meet
    // the symbol from its other end, and a bar missed or misfitted one way is often found the other.
    plan.push(['grid-turned', () => readQuad(quadFromBars(turnedOver(search)))?.symbol ?? null]);
    // Then the engine on the symbol warped upright, which reads photographs our grid misses.
    const scale = fitScale(region.width, region.height, options);
    const located = once(() => extractRotated(image, region, scale));
    const rectified = once(() => (found ? rectify(image, found.quad, found.modulePx, options) : null));
    if (found) plan.push(['rectified', rectified, first]);
    // Located again at full resolution: at 2 px a module the bars blur away in the half-size
    // analysis image, and a card edge or the rows' boundaries can win the angle and the region.
    plan.push([
      'grid-fine',
      () => {
        const fine = locateSymbol(image, Math.max(image.width, image.height));
        if (!fine.region || sameRegion(fine.region, region, !found)) return null;
        const fineSearch = barSearch(image, fine.region);
        return (
          readQuad(quadFromBars(fineSearch))?.symbol ?? readQuad(quadFromBars(turnedOver(fineSearch)))?.symbol ?? null
        );
      },
    ]);
    plan.push(['located', located, first]);
    if (all.length > 1) {
      if (found) plan.push(['rectified-more', rectified, all.slice(1)]);
      plan.push(['located-more', located, all.slice(1)]);
    }
    if (!decoder.handlesUpsideDown) {
      plan.push([
        'located-180',
        () => extractRotated(image, { ...region, angle: region.angle + Math.PI }, scale),
        first,
      ]);
    }
  }
  const whole = {
    cx: image.width / 2,
    cy: image.height / 2,
    width: image.width,
    height: image.height,
    angle: estimate.angle,
  };
  const wholeScaled = once(() => {
    const scale = fitScale(image.width, image.height, options);
    return scale === 1 ? image : extractRotated(image, { ...whole, angle: 0 }, scale);
  });
  // The frame as it is, to the engine's own detector. When the located region covers half the
  // image or more, the locator did not tell the symbol from its surroundings (a symbol edge to edge
  // in a photo has no quiet zone to frame; print around a symbol can join it), so everything framed
  // from that region may have cut the symbol: then a step on the whole frame runs whatever the
  // budget. The engine's detector follows rows near the horizontal only (it tries a frame upside
  // down, never turned a quarter), so for a located symbol nearer standing on its side than lying
  // that step is the frame turned a quarter, and the frame as it is comes next, within the budget.
  // With nothing located (most frames without a symbol) the angle is only the edges' commonest
  // direction, and the frame as it is, scaled down, is the cheaper look.
  const region = estimate.region;
  const fillsImage = !region || region.width * region.height >= 0.5 * image.width * image.height;
  const standing = region !== null && Math.abs(Math.sin(estimate.angle)) > Math.SQRT1_2;
  // Full resolution: scaled to 1000 px the specimen at 90 degrees no longer reads.
  const quarter: PlanStep = ['whole-quarter', once(() => rotateQuarter(image, 1)), first];
  const exempt = !fillsImage ? null : standing ? 'whole-quarter' : 'whole';
  if (exempt === 'whole-quarter') plan.push(quarter);
  plan.push([fillsImage ? 'whole' : 'whole-frame', wholeScaled, first]);
  // A symbol on its side (within 1.5 degrees of a quarter turn) is deskewed exactly by turning the
  // pixels, without resampling: the specimen at 90 degrees reads only that way.
  const tolerance = (1.5 * Math.PI) / 180;
  const onItsSide = Math.abs(Math.abs(estimate.angle) - Math.PI / 2) < tolerance;
  const quarterPlanned = exempt === 'whole-quarter';
  if (onItsSide) {
    if (!quarterPlanned) plan.push(quarter);
  } else if (Math.abs(estimate.angle) > tolerance) {
    plan.push([
      'whole-deskewed',
      () => extractRotated(image, whole, fitScale(whole.width, whole.height, options)),
      first,
    ]);
  }
  if (all.length > 1) plan.push(['whole-more', wholeScaled, all.slice(1)]);
  // Last resorts: a symbol standing on its side that was not located; a mirrored symbol.
  if (!onItsSide && !quarterPlanned) plan.push(quarter);
  if (!decoder.handlesMirrored) {
    const region = estimate.region;
    plan.push([
      'mirrored',
      () => mirror(region ? extractRotated(image, region, fitScale(region.width, region.height, options)) : image),
      first,
    ]);
  }

  // The plan's first step always runs (our grid reader on the quad the bars give, when they gave
  // one), as do the step the previous frame's budget left out (so each held frame gets one step
  // further) and the whole frame (`exempt`) when the region may have cut the symbol; every other
  // only when it is expected to end within the budget (`costs`).
  const names = plan.map(([name]) => name);
  const angleDegrees = (estimate.angle * 180) / Math.PI;
  let leftOut: string | null = null;
  /** Whether the budget leaves out this attempt; the first step it leaves out is where the next frame resumes. */
  const skip = (stage: number, attempt: string) => {
    const name = names[stage] as string;
    if (stage === 0 || name === resumeAt || name === exempt) return false;
    if (performance.now() - started + costs.expected(image, attempt) <= options.budgetMs) return false;
    leftOut ??= name;
    return true;
  };
  for (const stage of stageOrder(names, resumeAt)) {
    const step = plan[stage] as PlanStep | DirectStep;
    const name = step[0];
    if (hasWork.get(name)?.() === false) continue;
    if (step.length === 2) {
      if (skip(stage, name)) continue;
      attempts.push(name);
      const readStarted = performance.now();
      const symbol = step[1]();
      const readMs = performance.now() - readStarted;
      phases.engine += readMs;
      costs.record(image, name, readMs);
      if (symbol) return { symbol, attempts, angleDegrees, symbolSeen: true, phases, leftOut: null };
      continue;
    }
    const [, make, binarizations] = step;
    // The first attempt's time takes in making the image (the crops are made once and shared).
    let attemptStarted = 0;
    let candidate: GrayImage | null = null;
    for (const binarization of binarizations) {
      const attempt = `${name}/${binarization}`;
      if (skip(stage, attempt)) continue;
      if (!candidate) {
        attemptStarted = performance.now();
        candidate = make();
        phases.crop += performance.now() - attemptStarted;
        if (!candidate) break;
      }
      attempts.push(attempt);
      const engineStarted = performance.now();
      const symbol = await decoder.decode(candidate, binarization);
      const ended = performance.now();
      phases.engine += ended - engineStarted;
      costs.record(image, attempt, ended - attemptStarted);
      attemptStarted = ended;
      if (symbol) return { symbol, attempts, angleDegrees, symbolSeen: true, phases, leftOut: null };
    }
  }
  return { symbol: null, attempts, angleDegrees, symbolSeen, phases, leftOut };
}

/**
 * The order the plan's steps run in: the first always first; then, when `resumeAt` names a later
 * step, from that step to the end and round to the ones before it. On a live camera the person
 * holds the same symbol in view, so the steps one frame's budget left out are the next frame's
 * first tries after its grid read: every fallback gets its turn within a few frames even where one
 * frame's budget only covers the first step or two (a slow phone, a frame that fails slowly).
 */
function stageOrder(names: string[], resumeAt: string | null): number[] {
  const stages = names.map((_, index) => index);
  const resume = resumeAt === null ? -1 : names.indexOf(resumeAt);
  if (resume <= 0) return stages;
  return [0, ...stages.slice(resume), ...stages.slice(1, resume)];
}

/** A value computed on first use and kept. */
function once<T>(make: () => T): () => T {
  let made: { value: T } | null = null;
  return () => {
    made ??= { value: make() };
    return made.value;
  };
}

/** Output pixels per module of the rectified symbol: ZXing counts bar widths, and 3 px per module keeps a 1-module bar from vanishing at a pixel boundary. */
const RECTIFIED_MODULE_PX = 3;

/** Warps the symbol's quad to an upright image at about `RECTIFIED_MODULE_PX` per module, with a quiet zone. */
function rectify(image: GrayImage, quad: Quad, modulePx: number, options: ReadOptions): GrayImage | null {
  const [tl, tr, br, bl] = quad;
  const across = (Math.hypot(tr[0] - tl[0], tr[1] - tl[1]) + Math.hypot(br[0] - bl[0], br[1] - bl[1])) / 2;
  const down = (Math.hypot(bl[0] - tl[0], bl[1] - tl[1]) + Math.hypot(br[0] - tr[0], br[1] - tr[1])) / 2;
  let scale = Math.min(2.5, RECTIFIED_MODULE_PX / modulePx);
  if (across * scale > options.maxSide * 1.6) scale = (options.maxSide * 1.6) / across;
  const margin = Math.round(6 * modulePx * scale);
  return warpQuad(image, quad, Math.round(across * scale), Math.round(down * scale), margin);
}

/** Scale that brings the longer side under `maxSide` and the shorter over `minSide`. */
function fitScale(width: number, height: number, options: ReadOptions): number {
  const long = Math.max(width, height);
  const short = Math.min(width, height);
  if (long > options.maxSide) return options.maxSide / long;
  if (short < options.minSide) return Math.min(options.minSide / short, options.maxSide / long);
  return 1;
}

/** Whether two estimates frame the same symbol the same way (then reading again would repeat a failure). */
function sameRegion(a: RotatedRect, b: RotatedRect, bySize: boolean): boolean {
  let turn = Math.abs(a.angle - b.angle) % Math.PI;
  turn = Math.min(turn, Math.PI - turn);
  const apart = Math.hypot(a.cx - b.cx, a.cy - b.cy);
  // With `bySize` the size counts too: the bars are searched in a crop of the region, and when the
  // first search found no quad, a region that did not take in the print around the symbol gives
  // another crop (and another search) at the same place and angle.
  const alike = (p: number, q: number) => Math.abs(p - q) < 0.1 * Math.max(p, q);
  return (
    turn < (3 * Math.PI) / 180 &&
    apart < 0.1 * Math.max(a.width, b.width) &&
    (!bySize || (alike(a.width, b.width) && alike(a.height, b.height)))
  );
}
