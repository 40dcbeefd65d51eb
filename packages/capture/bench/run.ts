/**
 * `pnpm bench:pdf417 [--engine E|all|E1,E2] [--json FILE] [--limit N] [--frames N] [--no-camera]
 *   [--no-folders] [--still] [--held K] [--bitmaps] [--max-side PX] [--min-side PX] [--budget-ms MS] [DIR...]`
 * (`--limit`: images per folder; `--frames`: camera frames per level; `--still`: the folders' images
 * are decoded as still photos, the way the element reads a photo chosen from the device, with no
 * per-frame budget; `--held K`: each folder image is shown up to K times in a row, as a person
 * holding still shows the camera the same frame, and counts as read when one of them reads; its
 * time is then the time until that read; `--bitmaps`: live frames reach the analyser as
 * `ImageBitmap`s, drawn and read back in the worker, as in a browser without `VideoFrame`, instead
 * of the camera's I420 `VideoFrame` whose luma plane the worker reads; the read options override
 * the analyser's per-frame plan, for choosing its defaults.)
 *
 * Builds the benchmark page with Vite (the production decoder code, bundled as an integrator's
 * build would), serves it on 127.0.0.1:0, and drives Debian's Chromium through Playwright:
 *   1. every image of each ZXing-layout folder (NN.png|jpg|webp + NN.txt|NN.bin) at 0/90/180/270;
 *   2. the generated camera corpus: `--frames` 1920x1080 frames per severity level (seeded);
 *   3. per engine, on a fresh browser context: cold start and the bytes it downloads (gzipped).
 * Prints one row per engine and corpus; `--json FILE` writes
 * `{"engines": {"<engine>": {"<corpus>": {"images","decoded","correct","medianMs","p95Ms"}}}}`
 * plus `coldStart`, `download`, `levels` (the drawn degradations per frame), `misses` and the load
 * average. Times are per frame, the fastest of `--repeat` (default 3) decodes of the same input.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { basename, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '@berbix-capture/testing/chromium';
import { type Browser, chromium, type Page } from 'playwright';
import { type CorpusImage, findCorpora } from './corpus.js';
import { buildBenchPage, serveBenchPage } from './page-server.js';
import { percentile, type Sample, type Stats, summarise } from './stats.js';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const REPO = resolve(HERE, '../../..');
const ALL_ENGINES = ['zxing-js', 'zxing-wasm', 'native', 'zxing-browser-baseline'];
const LEVELS = ['mild', 'moderate', 'severe'] as const;

interface Options {
  engines: string[];
  json: string | null;
  limit: number;
  frames: number;
  camera: boolean;
  folders: boolean;
  dirs: string[];
  still: boolean;
  held: number;
  /** Live frames as `ImageBitmap`s instead of the camera's I420 `VideoFrame`s. */
  bitmaps: boolean;
  read: { maxSide?: number; minSide?: number; budgetMs?: number };
  repeat: number;
}

function parseArgs(argv: string[]): Options {
  const options: Options = {
    engines: ALL_ENGINES,
    json: null,
    limit: Number.POSITIVE_INFINITY,
    frames: 100,
    camera: true,
    folders: true,
    dirs: [],
    still: false,
    held: 1,
    bitmaps: false,
    read: {},
    repeat: 3,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const value = () => {
      const next = argv[++i];
      if (next === undefined) throw new Error(`${arg} needs a value`);
      return next;
    };
    if (arg === '--') continue;
    else if (arg === '--engine') {
      const engine = value();
      options.engines = engine === 'all' ? ALL_ENGINES : engine.split(',');
      for (const e of options.engines)
        if (!ALL_ENGINES.includes(e)) throw new Error(`unknown engine ${e}; one of ${ALL_ENGINES.join(', ')}, all`);
    } else if (arg === '--json') options.json = resolve(value());
    else if (arg === '--limit') options.limit = positive(value(), arg);
    else if (arg === '--frames') options.frames = positive(value(), arg);
    else if (arg === '--no-camera') options.camera = false;
    else if (arg === '--no-folders') options.folders = false;
    else if (arg === '--still') options.still = true;
    else if (arg === '--held') options.held = Math.max(1, positive(value(), arg));
    else if (arg === '--bitmaps') options.bitmaps = true;
    else if (arg === '--repeat') options.repeat = Math.max(1, positive(value(), arg));
    else if (arg === '--max-side') options.read.maxSide = positive(value(), arg);
    else if (arg === '--min-side') options.read.minSide = positive(value(), arg);
    else if (arg === '--budget-ms') options.read.budgetMs = positive(value(), arg);
    else if (arg.startsWith('--')) throw new Error(`unknown option ${arg}`);
    else options.dirs.push(resolve(arg));
  }
  if (!options.folders) options.dirs = [];
  else if (options.dirs.length === 0) options.dirs.push(resolve(REPO, '../shared/pdf417'));
  return options;
}

function positive(text: string, name: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer`);
  return n;
}

async function openPage(browser: Browser, url: string): Promise<Page> {
  const page = await browser.newPage();
  page.on('pageerror', (error) => console.error('page error:', error.message));
  await page.goto(url);
  await page.waitForSelector('body[data-ready="true"]');
  return page;
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const found = options.dirs.flatMap((dir) => findCorpora(dir));
  // Two DIR arguments can hold folders of the same name (zxing/pdf417-3, zxing-cpp/pdf417-3).
  const corpora = found.map((c) => ({
    name: found.filter((other) => other.name === c.name).length > 1 ? relative(process.cwd(), c.dir) : c.name,
    images: c.images.slice(0, options.limit),
  }));
  const images = corpora.flatMap((c) => c.images);
  const started = Date.now();
  process.stderr.write('building the benchmark page...\n');
  const outDir = await buildBenchPage(join(HERE, 'page'), 'pdf417');
  const server = await serveBenchPage(
    outDir,
    images.map((i) => i.image),
    'corpus',
  );
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
  const samples: Sample[] = [];
  /** Every image or frame an engine did not read correctly, for the report and for tuning. */
  const misses: Array<Record<string, unknown>> = [];
  /** Per engine and folder, with `--held`: correct reads by the frame (1, 2, ...) that made them. */
  const readOnFrame = new Map<string, number[]>();
  /** Per engine and corpus or camera level, where each frame's time went. */
  const phaseSamples = new Map<string, Array<Record<string, number>>>();
  // The machine is shared: record how busy it was, since every millisecond figure depends on it.
  const report: Record<string, unknown> = {
    loadAverageAtStart: loadavg(),
    read: options.read,
    foldersAsStills: options.still,
    heldFrames: options.held,
    liveFramesAs: options.bitmaps ? 'ImageBitmap' : 'I420 VideoFrame',
  };
  try {
    const page = await openPage(browser, server.url);
    const unavailable = await page.evaluate(
      ({ engines, read, cameraFrames }) => window.bench.init(engines, read, cameraFrames),
      { engines: options.engines, read: options.read, cameraFrames: !options.bitmaps },
    );
    for (const [engine, why] of Object.entries(unavailable))
      process.stderr.write(`engine ${engine} unavailable here: ${why}\n`);
    const engines = options.engines.filter((e) => !(e in unavailable));

    for (const corpus of corpora) {
      for (const image of corpus.images) {
        const index = images.indexOf(image);
        for (const turns of [0, 1, 2, 3]) {
          const answers = await page.evaluate(
            ({ url, turns, engines, repeat, still, held }) =>
              window.bench.decodeFile(url, turns, engines, repeat, still, held),
            {
              url: `${server.url}corpus/${index}`,
              turns,
              engines,
              repeat: options.repeat,
              still: options.still,
              held: options.held,
            },
          );
          for (const [engine, answer] of Object.entries(answers)) {
            const correct = answer.latin1 !== null && matches(answer.latin1, answer.text, image);
            samples.push({
              engine,
              corpus: corpus.name,
              decoded: answer.latin1 !== null,
              correct,
              aamvaValid: answer.aamvaValid ?? false,
              ms: answer.ms,
              turns,
            });
            if (answer.phases) {
              const key = `${engine} ${corpus.name}`;
              phaseSamples.set(key, [...(phaseSamples.get(key) ?? []), answer.phases]);
            }
            if (correct && options.held > 1) {
              const key = `${engine} ${corpus.name}`;
              const counts = readOnFrame.get(key) ?? Array.from({ length: options.held }, () => 0);
              const frame = (answer.frames ?? 1) - 1;
              counts[frame] = (counts[frame] ?? 0) + 1;
              readOnFrame.set(key, counts);
            }
            if (!correct) {
              misses.push({
                engine,
                corpus: corpus.name,
                image: basename(image.image),
                degrees: turns * 90,
                decoded: answer.latin1 !== null,
                attempts: answer.attempts,
                ms: answer.ms,
                frames: answer.frames,
              });
            }
          }
        }
      }
      process.stderr.write(
        `${corpus.name}: ${corpus.images.length} images x 4 rotations (${Math.round((Date.now() - started) / 1000)} s)\n`,
      );
    }

    const levelParams: Record<string, unknown[]> = {};
    if (options.camera && options.frames > 0) {
      for (const [levelIndex, level] of LEVELS.entries()) {
        levelParams[level] = [];
        for (let i = 0; i < options.frames; i++) {
          const seed = 1_000 * (levelIndex + 1) + i;
          const frame = await page.evaluate(
            ({ seed, level, engines, repeat }) => window.bench.cameraFrame(seed, level, engines, repeat),
            { seed, level, engines, repeat: options.repeat },
          );
          levelParams[level]?.push({ seed, ...frame.params });
          for (const [engine, answer] of Object.entries(frame.answers)) {
            const decoded = answer.latin1 !== null;
            const correct = decoded && answer.latin1 === frame.payload;
            samples.push({
              engine,
              corpus: `camera-${level}`,
              decoded,
              correct,
              aamvaValid: answer.aamvaValid ?? false,
              ms: answer.ms,
            });
            if (answer.phases) {
              const key = `${engine} camera-${level}`;
              phaseSamples.set(key, [...(phaseSamples.get(key) ?? []), answer.phases]);
            }
            if (!correct) misses.push({ engine, corpus: `camera-${level}`, seed, decoded, attempts: answer.attempts });
          }
        }
        process.stderr.write(
          `camera-${level}: ${options.frames} frames (${Math.round((Date.now() - started) / 1000)} s)\n`,
        );
      }
    }
    await page.close();

    // Cold start and download cost, each engine in a fresh context (empty cache, new worker).
    const coldStart: Record<string, unknown> = {};
    const download: Record<string, unknown> = {};
    for (const engine of engines.filter((e) => e !== 'zxing-browser-baseline')) {
      const context = await browser.newContext();
      const fresh = await context.newPage();
      await fresh.goto(server.url);
      await fresh.waitForSelector('body[data-ready="true"]');
      const requested: string[] = [];
      fresh.on('request', (request) => requested.push(request.url()));
      const result = await fresh.evaluate((engine) => window.bench.coldStart(engine as never), engine);
      coldStart[engine] = result;
      const files = requested
        .filter((u) => u.startsWith(server.url) && !u.includes('/corpus/'))
        .map((u) => new URL(u).pathname.slice(1));
      download[engine] = sizes(outDir, files);
      await context.close();
    }
    report.coldStart = coldStart;
    report.download = download;
    report.levels = levelParams;
    report.misses = misses;
    report.phasesMedianMs = Object.fromEntries(
      [...phaseSamples].map(([key, list]) => [
        key,
        Object.fromEntries(
          Object.keys(list[0] ?? {}).map((phase) => [
            phase,
            percentile(
              list.map((p) => p[phase] ?? 0).sort((a, b) => a - b),
              50,
            ),
          ]),
        ),
      ]),
    );
    report.loadAverageAtEnd = loadavg();
  } finally {
    await browser.close();
    await server.close();
    await rm(outDir, { recursive: true, force: true });
  }

  const table = summarise(samples);
  printTable(table);
  const byRotation = rotationTable(samples);
  printRotations(byRotation);
  report.byRotation = byRotation;
  printExtras(report);
  if (readOnFrame.size > 0) {
    report.readOnFrame = Object.fromEntries(readOnFrame);
    process.stdout.write(`correct reads by the held frame that made them (1 / 2 / ... / ${options.held}):\n`);
    for (const [key, counts] of readOnFrame) process.stdout.write(`  ${key}  ${counts.join(' / ')}\n`);
  }
  process.stdout.write(`live frames reached the analyser as ${report.liveFramesAs}\n`);
  process.stdout.write(
    `load average (1/5/15 min) at start ${fmt(report.loadAverageAtStart)}, at end ${fmt(report.loadAverageAtEnd)}\n`,
  );
  if (options.json) {
    writeFileSync(options.json, `${JSON.stringify({ engines: table, ...report }, null, 2)}\n`);
    process.stderr.write(`wrote ${options.json}\n`);
  }
  process.stderr.write(`done in ${Math.round((Date.now() - started) / 1000)} s\n`);
}

/** Expected content: .txt is text (compared with the decoded text, ECIs applied), .bin raw bytes. */
function matches(latin1: string, text: string | null, image: CorpusImage): boolean {
  if (image.expectedBytes) return latin1 === Buffer.from(image.expectedBytes).toString('latin1');
  return (
    text === image.expectedText ||
    Buffer.from(latin1, 'latin1').toString('utf8') === image.expectedText ||
    latin1 === image.expectedLatin1
  );
}

/** Correct reads per engine, folder and rotation: "correct/images" for 0, 90, 180 and 270 degrees. */
function rotationTable(samples: Sample[]): Record<string, Record<string, string[]>> {
  const table: Record<string, Record<string, string[]>> = {};
  for (const sample of samples) {
    if (sample.turns === undefined) continue;
    const byCorpus = table[sample.engine] ?? {};
    table[sample.engine] = byCorpus;
    const cells = byCorpus[sample.corpus] ?? ['0/0', '0/0', '0/0', '0/0'];
    byCorpus[sample.corpus] = cells;
    const [correct, images] = (cells[sample.turns] as string).split('/').map(Number) as [number, number];
    cells[sample.turns] = `${correct + (sample.correct ? 1 : 0)}/${images + 1}`;
  }
  return table;
}

function printRotations(table: Record<string, Record<string, string[]>>): void {
  process.stdout.write('correct by rotation (0 / 90 / 180 / 270 degrees):\n');
  for (const [engine, corpora] of Object.entries(table)) {
    for (const [corpus, cells] of Object.entries(corpora))
      process.stdout.write(`  ${engine}  ${corpus}  ${cells.join('  ')}\n`);
  }
}

function sizes(root: string, files: string[]) {
  let raw = 0;
  let gzip = 0;
  const list = [...new Set(files)]
    .filter((f) => /\.(js|wasm)$/.test(f))
    .map((file) => {
      const bytes = readFileSync(join(root, file));
      const gz = gzipSync(bytes, { level: 9 }).length;
      raw += bytes.length;
      gzip += gz;
      return { file, bytes: bytes.length, gzip: gz };
    });
  return { files: list, bytes: raw, gzip };
}

function printTable(table: Record<string, Record<string, Stats>>): void {
  const rows = [
    ['engine', 'corpus', 'images', 'decoded', 'correct', 'rate', 'wrong', 'wrong+AAMVA', 'median ms', 'p95 ms'],
  ];
  for (const [engine, corpora] of Object.entries(table)) {
    for (const [corpus, s] of Object.entries(corpora)) {
      rows.push([
        engine,
        corpus,
        String(s.images),
        String(s.decoded),
        String(s.correct),
        `${((100 * s.correct) / Math.max(1, s.images)).toFixed(1)}%`,
        String(s.wrong),
        String(s.wrongAamvaValid),
        s.medianMs.toFixed(1),
        s.p95Ms.toFixed(1),
      ]);
    }
  }
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  for (const row of rows)
    process.stdout.write(
      `${row.map((cell, i) => (i < 2 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  ')}\n`,
    );
}

function fmt(load: unknown): string {
  return Array.isArray(load) ? load.map((n: number) => n.toFixed(2)).join('/') : '?';
}

function printExtras(report: Record<string, unknown>): void {
  for (const [key, phases] of Object.entries((report.phasesMedianMs ?? {}) as Record<string, Record<string, number>>)) {
    const parts = Object.entries(phases).map(([phase, ms]) => `${phase} ${ms.toFixed(1)}`);
    process.stdout.write(`${key}: median ms per phase: ${parts.join(', ')}\n`);
  }
  const cold = report.coldStart as
    | Record<string, { totalMs?: number; prepareMs?: number; firstFrameMs?: number; error?: string }>
    | undefined;
  const download = report.download as Record<string, { gzip: number; bytes: number }> | undefined;
  for (const [engine, c] of Object.entries(cold ?? {})) {
    const d = download?.[engine];
    process.stdout.write(
      c.error
        ? `${engine}: unavailable (${c.error})\n`
        : `${engine}: cold start ${c.totalMs?.toFixed(0)} ms (load ${c.prepareMs?.toFixed(0)} + first frame ${c.firstFrameMs?.toFixed(0)}), download ${(d ? d.gzip / 1024 : 0).toFixed(1)} KiB gzipped (${(d ? d.bytes / 1024 : 0).toFixed(1)} KiB raw)\n`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
