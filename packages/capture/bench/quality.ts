/**
 * `pnpm bench:quality [--own N] [--decoder-frames N] [--no-frames-dev] [--frames-dev DIR] [--rotations] [--out NAME]`
 *
 * The quality judge and card finder through the shipped quality worker, in Debian's Chromium
 * (Playwright), on:
 *   1. `../shared/pdf417/frames-dev` (frames nobody on the project drew; licence backs): its
 *      manifest gives each frame's card quad, whether it is clean, and where its glare is;
 *   2. the project's own card scenes (`@berbix-capture/testing/card-scenes`): fronts and backs on plain,
 *      white, textured and cluttered backgrounds, N clean frames and N of each degraded kind;
 *   3. the decoder's generated licence backs (`@berbix-capture/testing/pdf417-scene`), N per level (no
 *      corner truth there: verdicts and how often a card is found).
 * Reports, per corpus, how often clean frames are judged good, degraded frames flagged (and as
 * what), the corner error as a share of the card diagonal, glare over the symbol flagged (where the
 * manifest aims a highlight at it, and where the frame's pixels show bars washed out), and the
 * worker's milliseconds per frame with the load average. For frames-dev (licence backs) it also
 * reports what the element tells the person on the back step, where an AAMVA-valid barcode read,
 * not the quality verdict, is "good" (`backStepSays`). With `--rotations`, frames-dev's frames are
 * also measured turned 90, 180 and 270 degrees, for the card corners by rotation. Writes
 * `results/NAME.json` and `.txt`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SCENE_KINDS } from '@berbix-capture/testing/card-scenes';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '@berbix-capture/testing/chromium';
import { chromium } from 'playwright';
import { cornerError, type Quad } from '../src/analysers/card-geometry.js';
import type { CardDetection, QualityMetrics, QualityVerdict } from '../src/analysers/quality-metrics.js';
import { QUALITY_THRESHOLDS } from '../src/analysers/quality-metrics.js';
import { buildBenchPage, serveBenchPage } from './page-server.js';
import type { Measured } from './quality-page/main.js';
import { percentile } from './stats.js';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const REPO = resolve(HERE, '../../..');
/** A corner error within this share of the card diagonal counts as found. */
const CORNER_TOLERANCE = 0.03;

interface Options {
  own: number;
  decoderFrames: number;
  framesDev: string | null;
  /** Also measure frames-dev turned 90, 180 and 270 degrees (card corners by rotation). */
  rotations: boolean;
  out: string;
}

function parseArgs(argv: string[]): Options {
  const options: Options = {
    own: 30,
    decoderFrames: 30,
    framesDev: resolve(REPO, '../shared/pdf417/frames-dev'),
    rotations: false,
    out: `quality-${new Date().toISOString().slice(0, 10)}`,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const value = () => {
      const next = argv[++i];
      if (next === undefined) throw new Error(`${arg} needs a value`);
      return next;
    };
    if (arg === '--') continue;
    else if (arg === '--own') options.own = count(value(), arg);
    else if (arg === '--decoder-frames') options.decoderFrames = count(value(), arg);
    else if (arg === '--frames-dev') options.framesDev = resolve(value());
    else if (arg === '--no-frames-dev') options.framesDev = null;
    else if (arg === '--rotations') options.rotations = true;
    else if (arg === '--out') {
      options.out = value();
      if (!/^[\w.-]+$/.test(options.out)) throw new Error('--out is a file name (letters, digits, . _ -)');
    } else throw new Error(`unknown option ${arg}`);
  }
  return options;
}

function count(text: string, name: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer`);
  return n;
}

interface ManifestFrame {
  file: string;
  set: string;
  geometry: {
    cardQuad: Quad;
    symbolQuad: number[][];
    modulePx: { mean: number };
    crop: unknown;
    portraitHeld: boolean;
  };
  degradation: { glare: { symbolAreaInCore: number } | null };
  checks: { cleanFrame: boolean };
}

/** One measured frame, reduced to what the report needs. */
interface Row {
  corpus: string;
  /** The frame's file, for frames-dev (so a miss can be looked at). */
  file?: string;
  /** The figures the verdict came from (the card is in `card`). */
  metrics?: Omit<QualityMetrics, 'card'>;
  group: string;
  clean: boolean;
  /** What a degraded frame should be flagged as, when known. */
  expected: QualityVerdict | null;
  verdict: QualityVerdict;
  card: CardDetection | null;
  cornerError: number | null;
  glareOnSymbol: boolean;
  /** frames-dev: share of the symbol whose bars are washed out, measured on the frame's pixels. */
  symbolHidden?: number;
  /**
   * frames-dev: what the element says on a licence's back step: `good` when the barcode reads
   * (AAMVA-valid), else "reading the barcode" for a good verdict, else the verdict's advice.
   */
  backStepSays?: QualityVerdict | 'reading-barcode';
  workerMs: number;
  roundTripMs: number;
}

function confident(card: CardDetection | null): CardDetection | null {
  return card && card.confidence >= QUALITY_THRESHOLDS.minConfidence ? card : null;
}

function withoutCard(metrics: QualityMetrics): Omit<QualityMetrics, 'card'> {
  const { card: _card, ...rest } = metrics;
  return rest;
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const manifestFile = options.framesDev
    ? (JSON.parse(readFileSync(join(options.framesDev, 'manifest.json'), 'utf8')) as {
        frameSize: [number, number];
        frames: ManifestFrame[];
      })
    : null;
  const manifest: ManifestFrame[] = manifestFile?.frames ?? [];
  const frameSize = manifestFile?.frameSize ?? [0, 0];
  /** frames-dev card corners within 3%, by set and rotation: [within, frames]. */
  const cornersByRotation: CornersByRotation = {};
  const files = manifest.map((f) => join(options.framesDev as string, f.file));
  process.stderr.write('building the benchmark page...\n');
  const outDir = await buildBenchPage(join(HERE, 'quality-page'), 'quality');
  const server = await serveBenchPage(outDir, files, 'frame');
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
  const rows: Row[] = [];
  const loadAtStart = loadavg();
  try {
    const page = await browser.newPage();
    page.on('pageerror', (error) => console.error('page error:', error.message));
    await page.goto(server.url);
    await page.waitForSelector('body[data-ready="true"]');
    await page.evaluate(() => window.qbench.init());

    for (const [index, frame] of manifest.entries()) {
      const url = `${server.url}frame/${index}`;
      const m: Measured = await page.evaluate((url) => window.qbench.file(url), url);
      const symbolHidden: number = await page.evaluate(
        ([url, quad, module]) => window.qbench.symbolHidden(url, quad, module),
        [url, frame.geometry.symbolQuad, frame.geometry.modulePx.mean] as const,
      );
      const reads: boolean = await page.evaluate((url) => window.qbench.backStepReads(url), url);
      const card = confident(m.result.metrics.card);
      rows.push({
        corpus: 'frames-dev',
        file: frame.file,
        metrics: withoutCard(m.result.metrics),
        group: frame.set,
        clean: frame.checks.cleanFrame,
        expected: null,
        verdict: m.result.verdict,
        card: m.result.metrics.card,
        cornerError: card ? cornerError(card.corners as Quad, frame.geometry.cardQuad) : null,
        glareOnSymbol: (frame.degradation.glare?.symbolAreaInCore ?? 0) > 0,
        symbolHidden,
        backStepSays: reads ? 'good' : m.result.verdict === 'good' ? 'reading-barcode' : m.result.verdict,
        workerMs: m.workerMs,
        roundTripMs: m.roundTripMs,
      });
    }
    if (manifest.length) process.stderr.write(`frames-dev: ${manifest.length} frames (${secs(started)} s)\n`);
    if (options.rotations) {
      for (const [index, frame] of manifest.entries()) {
        const within = (rows.find((row) => row.file === frame.file)?.cornerError ?? 1) <= CORNER_TOLERANCE;
        countCorners(cornersByRotation, frame.set, 0, within);
        const url = `${server.url}frame/${index}`;
        let truth = frame.geometry.cardQuad;
        let [width, height] = frameSize;
        for (let turns = 1; turns <= 3; turns++) {
          // One quarter turn clockwise more than the last: (x, y) -> (height - y, x).
          truth = truth.map(([x, y]) => [height - y, x]) as unknown as Quad;
          [width, height] = [height, width];
          const m: Measured = await page.evaluate(([url, turns]) => window.qbench.fileTurned(url, turns), [
            url,
            turns,
          ] as const);
          const card = confident(m.result.metrics.card);
          const error = card ? cornerError(card.corners as Quad, truth) : null;
          countCorners(cornersByRotation, frame.set, 90 * turns, error !== null && error <= CORNER_TOLERANCE);
        }
      }
      process.stderr.write(`frames-dev turned: ${3 * manifest.length} frames (${secs(started)} s)\n`);
    }

    for (const kind of SCENE_KINDS) {
      for (let seed = 1; seed <= options.own; seed++) {
        const m = await page.evaluate(({ seed, kind }) => window.qbench.ownScene(seed, kind), { seed, kind });
        const card = confident(m.result.metrics.card);
        rows.push({
          corpus: 'own-scenes',
          group: kind,
          clean: kind === 'clean',
          expected: kind === 'clean' ? 'good' : (kind as QualityVerdict),
          verdict: m.result.verdict,
          card: m.result.metrics.card,
          cornerError: card && kind !== 'no-document' ? cornerError(card.corners as Quad, m.truth as Quad) : null,
          glareOnSymbol: kind === 'glare',
          workerMs: m.workerMs,
          roundTripMs: m.roundTripMs,
        });
      }
      process.stderr.write(`own scenes, ${kind}: ${options.own} frames (${secs(started)} s)\n`);
    }

    for (const [levelIndex, level] of (['mild', 'moderate', 'severe'] as const).entries()) {
      for (let i = 0; i < options.decoderFrames; i++) {
        // Same seeds as bench:pdf417's camera corpus.
        const seed = 1_000 * (levelIndex + 1) + i;
        const m = await page.evaluate(({ seed, level }) => window.qbench.decoderScene(seed, level), { seed, level });
        rows.push({
          corpus: 'decoder-scenes',
          group: level,
          clean: level === 'mild' && !m.params.glarePeak,
          expected: null,
          verdict: m.result.verdict,
          card: m.result.metrics.card,
          cornerError: null,
          glareOnSymbol: false,
          workerMs: m.workerMs,
          roundTripMs: m.roundTripMs,
        });
      }
      if (options.decoderFrames)
        process.stderr.write(`decoder scenes, ${level}: ${options.decoderFrames} frames (${secs(started)} s)\n`);
    }
    await page.close();
  } finally {
    await browser.close();
    await server.close();
    await rm(outDir, { recursive: true, force: true });
  }
  const report = summarise(rows);
  const loadAtEnd = loadavg();
  const text = [
    render(report),
    ...renderByRotation(cornersByRotation),
    `cpus: ${cpus().length} x ${cpus()[0]?.model ?? '?'}`,
    `load average (1/5/15 min) at start ${loadAtStart.map((n) => n.toFixed(2)).join('/')}, at end ${loadAtEnd.map((n) => n.toFixed(2)).join('/')}`,
    '',
  ].join('\n');
  process.stdout.write(text);
  const base = join(HERE, 'results', options.out);
  writeFileSync(`${base}.txt`, text);
  writeFileSync(
    `${base}.json`,
    `${JSON.stringify({ loadAverageAtStart: loadAtStart, loadAverageAtEnd: loadAtEnd, report, cornersByRotation, rows }, null, 1)}\n`,
  );
  process.stderr.write(`wrote ${base}.txt and .json in ${secs(started)} s\n`);
}

/** Card corners within 3% of the diagonal, by frames-dev set and rotation in degrees: [within, frames]. */
type CornersByRotation = Record<string, Record<number, [number, number]>>;

function countCorners(table: CornersByRotation, set: string, degrees: number, within: boolean): void {
  const bySet = table[set] ?? {};
  table[set] = bySet;
  const [count, frames] = bySet[degrees] ?? [0, 0];
  bySet[degrees] = [count + (within ? 1 : 0), frames + 1];
}

function renderByRotation(table: CornersByRotation): string[] {
  const sets = Object.keys(table);
  if (sets.length === 0) return [];
  return [
    '',
    'frames-dev card corners within 3%, by rotation (0 / 90 / 180 / 270 degrees):',
    ...sets.map(
      (set) => `  ${set.padEnd(9)} ${[0, 90, 180, 270].map((d) => (table[set]?.[d] ?? [0, 0]).join('/')).join('  ')}`,
    ),
  ];
}

function secs(since: number): number {
  return Math.round((Date.now() - since) / 1000);
}

interface GroupReport {
  corpus: string;
  group: string;
  frames: number;
  cardFound: number;
  withTruth: number;
  cornersWithin3: number;
  medianCornerError: number | null;
  clean: number;
  cleanGood: number;
  /** frames-dev: clean frames on which the element says "good" on the back step (the barcode read). */
  cleanBackStepGood: number | null;
  /**
   * frames-dev: clean frames on which the back step says "good" or asks only to hold still
   * ("Reading the barcode: hold still", or the card moving), the "good (or hold still)".
   */
  cleanBackStepGoodOrHold: number | null;
  degraded: number;
  degradedFlagged: number;
  /** Degraded frames flagged as the kind they were made (own scenes only). */
  expectedVerdict: number;
  glareOnSymbol: number;
  glareOnSymbolFlaggedGlare: number;
  glareOnSymbolFlaggedAny: number;
  /** frames-dev: frames whose symbol is partly washed out (measured on the pixels), and of them flagged. */
  symbolHidden: number;
  symbolHiddenFlaggedGlare: number;
  symbolHiddenFlaggedAny: number;
  verdicts: Record<string, number>;
  cleanVerdicts: Record<string, number>;
  workerMsMedian: number;
  workerMsP95: number;
  roundTripMsMedian: number;
}

function summarise(rows: Row[]): GroupReport[] {
  const keys = [...new Set(rows.map((r) => `${r.corpus}\u0000${r.group}`))];
  return keys.map((key) => {
    const [corpus, group] = key.split('\u0000') as [string, string];
    const list = rows.filter((r) => r.corpus === corpus && r.group === group);
    const tally = (items: Row[]) => {
      const out: Record<string, number> = {};
      for (const r of items) out[r.verdict] = (out[r.verdict] ?? 0) + 1;
      return out;
    };
    const truth = corpus !== 'decoder-scenes' && group !== 'no-document' ? list : [];
    const errors = truth.map((r) => r.cornerError ?? Number.POSITIVE_INFINITY).sort((a, b) => a - b);
    const clean = list.filter((r) => r.clean);
    const degraded = list.filter((r) => !r.clean);
    const glare = list.filter((r) => r.glareOnSymbol);
    const hidden = list.filter((r) => (r.symbolHidden ?? 0) > 0);
    const ms = list.map((r) => r.workerMs).sort((a, b) => a - b);
    return {
      corpus,
      group,
      frames: list.length,
      cardFound: list.filter((r) => confident(r.card)).length,
      withTruth: truth.length,
      cornersWithin3: errors.filter((e) => e <= CORNER_TOLERANCE).length,
      medianCornerError: errors.length ? percentile(errors, 50) : null,
      clean: clean.length,
      // "Hold still" on a clean frame is a pass: the person is asked only to keep the card steady.
      cleanGood: clean.filter((r) => r.verdict === 'good' || r.verdict === 'moving').length,
      cleanBackStepGood: corpus === 'frames-dev' ? clean.filter((r) => r.backStepSays === 'good').length : null,
      cleanBackStepGoodOrHold:
        corpus === 'frames-dev'
          ? clean.filter((r) => ['good', 'reading-barcode', 'moving'].includes(r.backStepSays ?? '')).length
          : null,
      degraded: degraded.length,
      degradedFlagged: degraded.filter((r) => r.verdict !== 'good').length,
      expectedVerdict: degraded.filter((r) => r.expected !== null && r.verdict === r.expected).length,
      glareOnSymbol: glare.length,
      glareOnSymbolFlaggedGlare: glare.filter((r) => r.verdict === 'glare').length,
      glareOnSymbolFlaggedAny: glare.filter((r) => r.verdict !== 'good').length,
      symbolHidden: hidden.length,
      symbolHiddenFlaggedGlare: hidden.filter((r) => r.verdict === 'glare').length,
      symbolHiddenFlaggedAny: hidden.filter((r) => r.verdict !== 'good').length,
      verdicts: tally(list),
      cleanVerdicts: tally(clean),
      workerMsMedian: percentile(ms, 50),
      workerMsP95: percentile(ms, 95),
      roundTripMsMedian: percentile(
        list.map((r) => r.roundTripMs).sort((a, b) => a - b),
        50,
      ),
    };
  });
}

const pct = (n: number, of: number) => (of ? `${n}/${of} (${((100 * n) / of).toFixed(0)}%)` : '-');

function render(report: GroupReport[]): string {
  const header = [
    'corpus',
    'group',
    'frames',
    'card found',
    'corners <= 3%',
    'median err',
    'clean -> good',
    'clean -> back step good',
    'clean -> back step good / hold still',
    'degraded flagged',
    'as made',
    'glare on symbol -> glare / any',
    'symbol washed out -> any / glare',
    'worker ms p50/p95',
    'verdicts',
  ];
  const rows = report.map((g) => [
    g.corpus,
    g.group,
    String(g.frames),
    pct(g.cardFound, g.frames),
    g.withTruth ? pct(g.cornersWithin3, g.withTruth) : '-',
    g.medianCornerError === null || !Number.isFinite(g.medianCornerError)
      ? '-'
      : `${(100 * g.medianCornerError).toFixed(1)}%`,
    pct(g.cleanGood, g.clean),
    g.cleanBackStepGood === null ? '-' : pct(g.cleanBackStepGood, g.clean),
    g.cleanBackStepGoodOrHold === null ? '-' : pct(g.cleanBackStepGoodOrHold, g.clean),
    pct(g.degradedFlagged, g.degraded),
    g.corpus === 'own-scenes' && g.group !== 'clean' ? pct(g.expectedVerdict, g.degraded) : '-',
    g.glareOnSymbol ? `${pct(g.glareOnSymbolFlaggedGlare, g.glareOnSymbol)} / ${g.glareOnSymbolFlaggedAny}` : '-',
    g.symbolHidden ? `${pct(g.symbolHiddenFlaggedAny, g.symbolHidden)} / ${g.symbolHiddenFlaggedGlare}` : '-',
    `${g.workerMsMedian.toFixed(1)}/${g.workerMsP95.toFixed(1)}`,
    Object.entries(g.verdicts)
      .sort((a, b) => b[1] - a[1])
      .map(([v, n]) => `${v} ${n}`)
      .join(', '),
  ]);
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  return `${all.map((r) => r.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')).join('\n')}\n`;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
