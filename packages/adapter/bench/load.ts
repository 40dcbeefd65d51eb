/**
 * `pnpm bench:adapter`: what the adapter costs under load, as a ratio against Berbix (the sandbox)
 * called directly in the same run. The sandbox and the adapter each run in their own process; this
 * process drives N concurrent captures (create, front, back with the device barcode, done) with
 * realistic JPEGs over loopback, straight to the sandbox with the Berbix client (what a server-side
 * integration does) and through the adapter as a browser would. Per store and concurrency level:
 * upload latency p50/p99 both ways and the adapter's extra, uploads/s, the adapter's peak RSS growth
 * against the bytes in flight, errors. Prints a table, writes JSON.
 *
 * Repeats (`--repeats N`): each level runs N direct/adapter pairs back to back, the first mode
 * alternating between pairs (D A, A D, D A, ...), so a drift in machine load does not always favour
 * the same side; the table gives the median of the pairs' ratios and their range.
 *
 * The adapter's own time (queue-independent): the adapter child times each upload inside its own
 * process (adapter-process.ts `--record-timings`): from its arrival to its last body byte, and from
 * there to the answer minus the time spent inside Berbix calls. Whatever queue builds up at the
 * sandbox lands in the Berbix calls, not in this figure.
 *
 * Bytes in flight are given two ways: level × mean image size (the first runs' figure), and the
 * measured peak of image bytes sent to the adapter and not yet answered (at c = 50 nearly every
 * session ends up waiting on its 2 MB back at once, so the mean underestimates it).
 *
 * Time bounds: a run (one mode at one level) is bounded by `--max-run-seconds`, by default
 * `max(60, uploads in the run ÷ 1 upload/s)` (the sandbox inspects 3-5 of these uploads/s on 2 cores;
 * c = 200 is 400 uploads, 400 s); past it no session starts and no retry starts, and an unfinished
 * session is an error. `--max-level-seconds N` (older runs) sets it to N/2. The Berbix client's
 * per-attempt timeout (`--upstream-timeout-ms`) is the same for the direct client and the adapter
 * child's, by default the longest run bound: at c = 200 every upload queues behind ~200 others at the
 * sandbox, and the client's own 30 s default would turn that queue into errors in both modes.
 *
 *     pnpm bench:adapter [--stores memory,sqlite,redis] [--levels 1,10,50,200] [--min-sessions 5]
 *       [--repeats 1] [--max-run-seconds auto] [--upstream-timeout-ms auto]
 *       [--out packages/adapter/bench/results/adapter-load.json]
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { BerbixClient } from '@berbix-capture/client';
import { cardImage } from '@berbix-capture/testing/card-images';
import { licencePayload } from '@berbix-capture/testing/documents';
import { startRedisServer } from '@berbix-capture/testing/redis-server';
import type { UploadTiming } from './adapter-process.js';
import { REPO_ROOT, spawnAdapter, spawnFirstLine } from './processes.js';
import { CaptureSession, type InFlightGauge, runPool, type SeenFailure } from './session-driver.js';

const { values } = parseArgs({
  options: {
    stores: { type: 'string', default: 'memory,sqlite,redis' },
    levels: { type: 'string', default: '1,10,50,200' },
    'min-sessions': { type: 'string', default: '5' },
    repeats: { type: 'string', default: '1' },
    'max-run-seconds': { type: 'string', default: 'auto' },
    'max-level-seconds': { type: 'string' },
    'upstream-timeout-ms': { type: 'string', default: 'auto' },
    out: { type: 'string', default: 'packages/adapter/bench/results/adapter-load.json' },
  },
});
const stores = values.stores.split(',');
const levels = values.levels.split(',').map(Number);
const minSessions = Number(values['min-sessions']);
const repeats = Math.max(1, Number(values.repeats));
/** The slowest rate the default bound allows for (uploads/s); the sandbox does 3-5 here. */
const FLOOR_UPLOADS_PER_SECOND = 1;
const sessionsAt = (concurrency: number) => Math.max(concurrency, minSessions);
function runBoundMs(sessions: number): number {
  if (values['max-run-seconds'] !== 'auto') return Number(values['max-run-seconds']) * 1000;
  if (values['max-level-seconds'] !== undefined) return (Number(values['max-level-seconds']) * 1000) / 2;
  return Math.max(60, (2 * sessions) / FLOOR_UPLOADS_PER_SECOND) * 1000;
}
const upstreamTimeoutMs =
  values['upstream-timeout-ms'] === 'auto'
    ? Math.max(...levels.map((level) => runBoundMs(sessionsAt(level))))
    : Number(values['upstream-timeout-ms']);

const percentile = (list: number[], p: number) => {
  const sorted = [...list].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? Number.NaN;
};
const median = (list: number[]) => {
  const sorted = [...list].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
};
const round = (value: number, digits = 1) => +value.toFixed(digits);

/** Resident set size of a process from /proc, in bytes (Linux). */
function rssOf(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) * 1024 : 0;
}

// Phone-photo sized cards: a 0.5-1 MB front, a 2-3 MB back (noise keeps JPEG from shrinking them).
const barcodeText = licencePayload();
const barcode = Buffer.from(barcodeText, 'latin1').toString('base64');
const [front, back] = await Promise.all([
  cardImage({ width: 2400, height: 1500, noise: 4, quality: 88, seed: 1 }),
  cardImage({ width: 3600, height: 2250, noise: 6, quality: 92, seed: 2 }),
]);
const meanImageBytes = (front.length + back.length) / 2;
process.stderr.write(
  `images: front ${front.length} B, back ${back.length} B; upstream timeout ${upstreamTimeoutMs} ms; run bounds ${levels
    .map((level) => `c=${level}: ${runBoundMs(sessionsAt(level)) / 1000} s`)
    .join(', ')}\n`,
);

const sandbox = await spawnFirstLine(resolve(REPO_ROOT, 'packages/sandbox/src/cli.ts'), ['--port', '0']);
const apiSecret = 'secret_test_sandbox';
const client = new BerbixClient({ apiSecret, apiHost: sandbox.url, timeoutMs: upstreamTimeoutMs });
const redis = stores.includes('redis') ? await startRedisServer() : undefined;
const workDir = mkdtempSync(join(tmpdir(), 'adapter-bench-'));

interface ModeFigures {
  uploads: number;
  errors: number;
  /** Sessions that did not reach `done` (counted in `errors`). */
  unfinished: number;
  /** What the errors were: `status code` through the adapter, the error's name directly. */
  errorKinds: Record<string, number>;
  p50: number;
  p99: number;
  mean: number;
  /** By subject: at c = 50 the fronts are answered first and the backs queue, so the pooled p50 sits
   * between two populations and moves with how they interleave; each subject's median does not. */
  frontP50: number;
  backP50: number;
  uploadsPerSecond: number;
  wallMs: number;
}

/** Straight to the sandbox: the same captures a server-side integration would make. */
async function runDirect(sessions: number, concurrency: number, boundMs: number): Promise<ModeFigures> {
  const latencies: number[] = [];
  const fronts: number[] = [];
  const backs: number[] = [];
  const errorKinds: Record<string, number> = {};
  let errors = 0;
  let unfinished = 0;
  const started = performance.now();
  const deadline = started + boundMs;
  await runPool(sessions, concurrency, async (index) => {
    if (performance.now() > deadline) {
      errors++;
      unfinished++;
      errorKinds['not started before the bound'] = (errorKinds['not started before the bound'] ?? 0) + 1;
      return;
    }
    try {
      const tokens = await client.createApiOnlyTransaction({
        customerUid: `bench-${index}`,
        templateKey: 'tpk_bench',
        idType: 'DL',
        idCountry: 'US',
      });
      for (const [subject, data] of [
        ['document_front', front],
        ['document_back', back],
      ] as const) {
        const start = performance.now();
        const answer = await client.uploadImages(tokens, [
          { data, subject, format: 'image/jpeg', ...(subject === 'document_back' && { barcode: barcodeText }) },
        ]);
        latencies.push(performance.now() - start);
        (subject === 'document_front' ? fronts : backs).push(performance.now() - start);
        if (answer.issues.length > 0) {
          errors++;
          errorKinds['upload issues'] = (errorKinds['upload issues'] ?? 0) + 1;
        }
      }
      await client.fetchTransaction(tokens);
    } catch (error) {
      errors++;
      unfinished++;
      const name = (error as Error)?.name ?? 'unknown';
      errorKinds[name] = (errorKinds[name] ?? 0) + 1;
    }
  });
  const wallMs = performance.now() - started;
  return figures(latencies, errors, unfinished, errorKinds, wallMs, fronts, backs);
}

/** Through the adapter, as the browser does (raw JPEG bodies, cookie, retries on 503/429). */
async function runThroughAdapter(
  url: string,
  sessions: number,
  concurrency: number,
  boundMs: number,
  inFlight?: InFlightGauge,
): Promise<ModeFigures> {
  const started = performance.now();
  // Bounded in time: past the bound no session and no retry starts (an unfinished session is an error).
  const deadline = started + boundMs;
  const results = await runPool(sessions, concurrency, () =>
    new CaptureSession({
      base: url,
      front,
      back,
      barcode,
      contentType: 'image/jpeg',
      deadline,
      ...(inFlight && { inFlight }),
    }).run(),
  );
  const wallMs = performance.now() - started;
  const failures: SeenFailure[] = results.flatMap((result) => result.failures);
  const unfinished = results.filter((result) => !result.done).length;
  const errorKinds: Record<string, number> = {};
  for (const failure of failures) {
    const kind = `${failure.status} ${failure.code ?? ''}`.trim();
    errorKinds[kind] = (errorKinds[kind] ?? 0) + 1;
  }
  if (unfinished > 0) errorKinds.unfinished = unfinished;
  return figures(
    results.flatMap((result) => result.uploadMs),
    failures.length + unfinished,
    unfinished,
    errorKinds,
    wallMs,
    // A session's first successful upload is its front, the second its back.
    results.flatMap((result) => result.uploadMs.slice(0, 1)),
    results.flatMap((result) => result.uploadMs.slice(1, 2)),
  );
}

function figures(
  latencies: number[],
  errors: number,
  unfinished: number,
  errorKinds: Record<string, number>,
  wallMs: number,
  fronts: number[],
  backs: number[],
): ModeFigures {
  return {
    uploads: latencies.length,
    errors,
    unfinished,
    errorKinds,
    p50: round(percentile(latencies, 0.5)),
    p99: round(percentile(latencies, 0.99)),
    mean: round(latencies.reduce((sum, value) => sum + value, 0) / latencies.length),
    frontP50: round(percentile(fronts, 0.5)),
    backP50: round(percentile(backs, 0.5)),
    uploadsPerSecond: round((latencies.length / wallMs) * 1000, 2),
    wallMs: Math.round(wallMs),
  };
}

/** The adapter's own time per successful upload, from the child's `GET /__bench/timings`. */
interface ServerFigures {
  uploads: number;
  /** Arrival to last body byte read: session lookup, the body crossing loopback (the extra hop). */
  toBodyEndP50: number;
  toBodyEndP99: number;
  /** Body read to answer sent, minus the Berbix calls: gate, store, sealing, event-loop waits. */
  ownP50: number;
  ownP99: number;
  /** Everything in the adapter but the Berbix calls (`totalMs - upstreamMs`). */
  addedP50: number;
  addedP99: number;
  upstreamP50: number;
  upstreamCallsPerUpload: number;
}

async function serverFigures(adapterUrl: string): Promise<ServerFigures> {
  const response = await fetch(new URL('/__bench/timings', adapterUrl));
  const list = ((await response.json()) as UploadTiming[]).filter((timing) => timing.status === 200);
  const at = (pick: (timing: UploadTiming) => number, p: number) => round(percentile(list.map(pick), p));
  const added = (timing: UploadTiming) => timing.totalMs - timing.upstreamMs;
  return {
    uploads: list.length,
    toBodyEndP50: at((timing) => timing.toBodyEndMs, 0.5),
    toBodyEndP99: at((timing) => timing.toBodyEndMs, 0.99),
    ownP50: at((timing) => timing.ownMs, 0.5),
    ownP99: at((timing) => timing.ownMs, 0.99),
    addedP50: at(added, 0.5),
    addedP99: at(added, 0.99),
    upstreamP50: at((timing) => timing.upstreamMs, 0.5),
    upstreamCallsPerUpload: round(list.reduce((sum, timing) => sum + timing.upstreamCalls, 0) / list.length, 2),
  };
}

interface Pair {
  repeat: number;
  order: 'direct first' | 'adapter first';
  loadAverage: number;
  direct: ModeFigures;
  adapter: ModeFigures;
  server: ServerFigures;
  extraP50Percent: number;
  extraP99Percent: number;
  extraMeanPercent: number;
  extraFrontP50Percent: number;
  extraBackP50Percent: number;
  /** The adapter's own added time (server side) as a share of this pair's direct latency. */
  addedOfDirectP50Percent: number;
  addedOfDirectP99Percent: number;
  adapterRssIdleMb: number;
  adapterRssPeakMb: number;
  peakBytesInFlightMb: number;
  rssGrowthPerPeakByteInFlight: number;
}

/** The percentages compared over the pairs: each `<stem>Percent` (median) with its `<stem>Range`. */
type PercentStem =
  | 'extraP50'
  | 'extraP99'
  | 'extraMean'
  | 'extraFrontP50'
  | 'extraBackP50'
  | 'addedOfDirectP50'
  | 'addedOfDirectP99';
type MedianWithRange = { [S in PercentStem as `${S}Percent`]: number } & {
  [S in PercentStem as `${S}Range`]: [number, number];
};

interface Row extends MedianWithRange {
  store: string;
  concurrency: number;
  sessions: number;
  runBoundMs: number;
  pairs: Pair[];
  /** Medians over the pairs (and, in MedianWithRange, the percentages with their ranges). */
  directP50: number;
  directP99: number;
  adapterP50: number;
  adapterP99: number;
  ownP50: number;
  ownP99: number;
  addedP50: number;
  addedP99: number;
  directUploadsPerSecond: number;
  adapterUploadsPerSecond: number;
  /** Worst pair: the highest growth over the measured peak in flight. */
  adapterRssIdleMb: number;
  adapterRssPeakMb: number;
  peakBytesInFlightMb: number;
  bytesInFlightMb: number;
  rssGrowthPerPeakByteInFlight: number;
  rssGrowthPerByteInFlight: number;
  directErrors: number;
  adapterErrors: number;
}

const rangeOf = (list: number[]): [number, number] => [round(Math.min(...list)), round(Math.max(...list))];

const rows: Row[] = [];
for (const store of stores) {
  const spec =
    store === 'memory'
      ? 'memory'
      : store === 'sqlite'
        ? `sqlite:${join(workDir, 'sessions.db')}`
        : `redis:${redis?.url ?? ''}`;
  // Capacity above the largest level: the bench measures cost, not the 429 back-pressure.
  const adapter = await spawnAdapter({
    apiHost: sandbox.url,
    apiSecret,
    store: spec,
    maxConcurrentUploads: Math.max(...levels) + 10,
    upstreamTimeoutMs,
    recordTimings: true,
  });
  const pid = adapter.process.pid ?? 0;
  // Warm-up: JIT, connection pools, the sandbox's decoder worker.
  await runThroughAdapter(adapter.url, 2, 2, 60_000);
  await runDirect(2, 2, 60_000);
  await serverFigures(adapter.url);
  for (const concurrency of levels) {
    const sessions = sessionsAt(concurrency);
    const boundMs = runBoundMs(sessions);
    const pairs: Pair[] = [];
    for (let repeat = 0; repeat < repeats; repeat++) {
      const directFirst = repeat % 2 === 0;
      const loadAverage = round(loadavg()[0] ?? 0, 2);
      let direct: ModeFigures | undefined;
      if (directFirst) direct = await runDirect(sessions, concurrency, boundMs);
      const idle = rssOf(pid);
      let peak = idle;
      const sampler = setInterval(() => {
        peak = Math.max(peak, rssOf(pid));
      }, 20);
      const gauge: InFlightGauge = { bytes: 0, peak: 0 };
      const through = await runThroughAdapter(adapter.url, sessions, concurrency, boundMs, gauge);
      clearInterval(sampler);
      peak = Math.max(peak, rssOf(pid));
      const server = await serverFigures(adapter.url);
      if (!direct) direct = await runDirect(sessions, concurrency, boundMs);
      const pair: Pair = {
        repeat,
        order: directFirst ? 'direct first' : 'adapter first',
        loadAverage,
        direct,
        adapter: through,
        server,
        extraP50Percent: round(((through.p50 - direct.p50) / direct.p50) * 100),
        extraP99Percent: round(((through.p99 - direct.p99) / direct.p99) * 100),
        extraMeanPercent: round(((through.mean - direct.mean) / direct.mean) * 100),
        extraFrontP50Percent: round(((through.frontP50 - direct.frontP50) / direct.frontP50) * 100),
        extraBackP50Percent: round(((through.backP50 - direct.backP50) / direct.backP50) * 100),
        addedOfDirectP50Percent: round((server.addedP50 / direct.p50) * 100),
        addedOfDirectP99Percent: round((server.addedP99 / direct.p99) * 100),
        adapterRssIdleMb: round(idle / 2 ** 20),
        adapterRssPeakMb: round(peak / 2 ** 20),
        peakBytesInFlightMb: round(gauge.peak / 2 ** 20),
        rssGrowthPerPeakByteInFlight: round((peak - idle) / gauge.peak, 2),
      };
      pairs.push(pair);
      process.stderr.write(`${store} c=${concurrency} #${repeat}: ${JSON.stringify(pair)}\n`);
    }
    const worst = pairs.reduce((a, b) => (b.rssGrowthPerPeakByteInFlight > a.rssGrowthPerPeakByteInFlight ? b : a));
    const inFlight = Math.min(concurrency, sessions) * meanImageBytes;
    const of = (pick: (pair: Pair) => number) => round(median(pairs.map(pick)));
    /** A percentage's median over the pairs, and its [min, max]. */
    const withRange = <S extends PercentStem>(stem: S) =>
      ({
        [`${stem}Percent`]: of((pair) => pair[`${stem}Percent`]),
        [`${stem}Range`]: rangeOf(pairs.map((pair) => pair[`${stem}Percent`])),
      }) as Record<`${S}Percent`, number> & Record<`${S}Range`, [number, number]>;
    rows.push({
      store,
      concurrency,
      sessions,
      runBoundMs: boundMs,
      pairs,
      directP50: of((pair) => pair.direct.p50),
      directP99: of((pair) => pair.direct.p99),
      adapterP50: of((pair) => pair.adapter.p50),
      adapterP99: of((pair) => pair.adapter.p99),
      ...withRange('extraP50'),
      ...withRange('extraP99'),
      ...withRange('extraMean'),
      ...withRange('extraFrontP50'),
      ...withRange('extraBackP50'),
      ownP50: of((pair) => pair.server.ownP50),
      ownP99: of((pair) => pair.server.ownP99),
      addedP50: of((pair) => pair.server.addedP50),
      addedP99: of((pair) => pair.server.addedP99),
      ...withRange('addedOfDirectP50'),
      ...withRange('addedOfDirectP99'),
      directUploadsPerSecond: round(median(pairs.map((pair) => pair.direct.uploadsPerSecond)), 2),
      adapterUploadsPerSecond: round(median(pairs.map((pair) => pair.adapter.uploadsPerSecond)), 2),
      adapterRssIdleMb: worst.adapterRssIdleMb,
      adapterRssPeakMb: worst.adapterRssPeakMb,
      peakBytesInFlightMb: worst.peakBytesInFlightMb,
      bytesInFlightMb: round(inFlight / 2 ** 20),
      rssGrowthPerPeakByteInFlight: worst.rssGrowthPerPeakByteInFlight,
      rssGrowthPerByteInFlight: round(((worst.adapterRssPeakMb - worst.adapterRssIdleMb) * 2 ** 20) / inFlight, 2),
      directErrors: pairs.reduce((sum, pair) => sum + pair.direct.errors, 0),
      adapterErrors: pairs.reduce((sum, pair) => sum + pair.adapter.errors, 0),
    });
  }
  await adapter.stop();
}
await sandbox.stop();
await redis?.stop();
rmSync(workDir, { recursive: true, force: true });

const span = (value: number, range: [number, number], suffix = '') =>
  repeats > 1 ? `${value}${suffix} [${range[0]}, ${range[1]}]` : `${value}${suffix}`;
const header = `| store | c | sessions × pairs | direct p50 / p99 ms | adapter p50 / p99 ms | extra p50 | extra p99 | adapter's own ms p50 / p99 | adapter added ms p50 / p99 (server side) | added / direct p50 | added / direct p99 | uploads/s direct / adapter | adapter RSS idle → peak MB | peak in flight MB | growth / peak byte | errors direct / adapter |`;
const lines = rows.map(
  (row) =>
    `| ${row.store} | ${row.concurrency} | ${row.sessions} × ${row.pairs.length} | ${row.directP50} / ${row.directP99} | ${row.adapterP50} / ${row.adapterP99} | ${span(row.extraP50Percent, row.extraP50Range, '%')} | ${span(row.extraP99Percent, row.extraP99Range, '%')} | ${row.ownP50} / ${row.ownP99} | ${row.addedP50} / ${row.addedP99} | ${span(row.addedOfDirectP50Percent, row.addedOfDirectP50Range, '%')} | ${span(row.addedOfDirectP99Percent, row.addedOfDirectP99Range, '%')} | ${row.directUploadsPerSecond} / ${row.adapterUploadsPerSecond} | ${row.adapterRssIdleMb} → ${row.adapterRssPeakMb} | ${row.peakBytesInFlightMb} | ${row.rssGrowthPerPeakByteInFlight} | ${row.directErrors} / ${row.adapterErrors} |`,
);
const subjectHeader =
  '| store | c | extra mean | extra front p50 | extra back p50 | Berbix call in the adapter p50 ms | adapter p50 ms |';
const subjectLines = rows.map(
  (row) =>
    `| ${row.store} | ${row.concurrency} | ${span(row.extraMeanPercent, row.extraMeanRange, '%')} | ${span(row.extraFrontP50Percent, row.extraFrontP50Range, '%')} | ${span(row.extraBackP50Percent, row.extraBackP50Range, '%')} | ${round(median(row.pairs.map((pair) => pair.server.upstreamP50)))} | ${row.adapterP50} |`,
);
process.stdout.write(
  `${[header, `|${' --- |'.repeat(16)}`, ...lines, '', subjectHeader, `|${' --- |'.repeat(7)}`, ...subjectLines].join('\n')}\n`,
);
const out = resolve(REPO_ROOT, values.out);
mkdirSync(dirname(out), { recursive: true });
writeFileSync(
  out,
  `${JSON.stringify(
    {
      date: new Date().toISOString(),
      argv: process.argv.slice(2),
      frontBytes: front.length,
      backBytes: back.length,
      upstreamTimeoutMs,
      repeats,
      rows,
    },
    null,
    2,
  )}\n`,
);
process.stderr.write(`written to ${out}\n`);
