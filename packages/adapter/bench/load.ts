/**
 * `pnpm bench:adapter`: what the adapter costs under load, as a ratio against Berbix (the sandbox)
 * called directly in the same run. The sandbox and the adapter each run in their own process; this
 * process drives N concurrent captures (create, front, back with the device barcode, done) with
 * realistic JPEGs over loopback, first straight to the sandbox with the Berbix client (what a
 * server-side integration does), then through the adapter as a browser would. Per store and
 * concurrency level: upload latency p50/p99 both ways and the adapter's extra, uploads/s, the
 * adapter's peak RSS growth against the bytes in flight, errors. Prints a table, writes JSON.
 * Bytes in flight are given two ways: level × mean image size (the first runs' figure), and the
 * measured peak of image bytes sent to the adapter and not yet answered (at c = 50 nearly every
 * session ends up waiting on its 2 MB back at once, so the mean underestimates it).
 *
 *     pnpm bench:adapter [--stores memory,sqlite,redis] [--levels 1,10,50,200] [--min-sessions 5]
 *       [--max-level-seconds 120] [--out packages/adapter/bench/results/adapter-load.json]
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { BerbixClient } from '@berbix-capture/client';
import { licencePayload } from '../../sandbox/src/test-support/documents.js';
import { cardImage } from '../../sandbox/src/test-support/images.js';
import { startRedisServer } from '../src/testing/redis-server.js';
import { REPO_ROOT, spawnAdapter, spawnFirstLine } from './processes.js';
import { CaptureSession, type InFlightGauge, runPool } from './session-driver.js';

const { values } = parseArgs({
  options: {
    stores: { type: 'string', default: 'memory,sqlite,redis' },
    levels: { type: 'string', default: '1,10,50,200' },
    'min-sessions': { type: 'string', default: '5' },
    'max-level-seconds': { type: 'string', default: '120' },
    out: { type: 'string', default: 'packages/adapter/bench/results/adapter-load.json' },
  },
});
const stores = values.stores.split(',');
const levels = values.levels.split(',').map(Number);
const minSessions = Number(values['min-sessions']);
const maxLevelMs = Number(values['max-level-seconds']) * 1000;

const percentile = (list: number[], p: number) => {
  const sorted = [...list].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? Number.NaN;
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
process.stderr.write(`images: front ${front.length} B, back ${back.length} B\n`);

const sandbox = await spawnFirstLine(resolve(REPO_ROOT, 'packages/sandbox/src/cli.ts'), ['--port', '0']);
const apiSecret = 'secret_test_sandbox';
const client = new BerbixClient({ apiSecret, apiHost: sandbox.url });
const redis = stores.includes('redis') ? await startRedisServer() : undefined;
const workDir = mkdtempSync(join(tmpdir(), 'adapter-bench-'));

interface ModeFigures {
  uploads: number;
  errors: number;
  p50: number;
  p99: number;
  uploadsPerSecond: number;
  wallMs: number;
}

/** Straight to the sandbox: the same captures a server-side integration would make. */
async function runDirect(sessions: number, concurrency: number): Promise<ModeFigures> {
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  await runPool(sessions, concurrency, async (index) => {
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
        if (answer.issues.length > 0) errors++;
      }
      await client.fetchTransaction(tokens);
    } catch (error) {
      if (errors++ === 0) process.stderr.write(`direct: first error ${(error as Error)?.name}\n`);
    }
  });
  const wallMs = performance.now() - started;
  return figures(latencies, errors, wallMs);
}

/** Through the adapter, as the browser does (raw JPEG bodies, cookie, retries on 503/429). */
async function runThroughAdapter(
  url: string,
  sessions: number,
  concurrency: number,
  inFlight?: InFlightGauge,
): Promise<ModeFigures> {
  const started = performance.now();
  // Bounded in time: past the level's bound no retry starts (an unfinished session is an error).
  const deadline = started + maxLevelMs / 2;
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
  const errors = results.reduce((sum, result) => sum + result.failures.length + (result.done ? 0 : 1), 0);
  return figures(
    results.flatMap((result) => result.uploadMs),
    errors,
    wallMs,
  );
}

function figures(latencies: number[], errors: number, wallMs: number): ModeFigures {
  return {
    uploads: latencies.length,
    errors,
    p50: round(percentile(latencies, 0.5)),
    p99: round(percentile(latencies, 0.99)),
    uploadsPerSecond: round((latencies.length / wallMs) * 1000, 2),
    wallMs: Math.round(wallMs),
  };
}

interface Row {
  store: string;
  concurrency: number;
  sessions: number;
  direct: ModeFigures;
  adapter: ModeFigures;
  extraP50Percent: number;
  extraP99Percent: number;
  adapterRssIdleMb: number;
  adapterRssPeakMb: number;
  bytesInFlightMb: number;
  rssGrowthPerByteInFlight: number;
  peakBytesInFlightMb: number;
  rssGrowthPerPeakByteInFlight: number;
}

const rows: Row[] = [];
const skipped: string[] = [];
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
  });
  const pid = adapter.process.pid ?? 0;
  // Warm-up: JIT, connection pools, the sandbox's decoder worker.
  await runThroughAdapter(adapter.url, 2, 2);
  await runDirect(2, 2);
  for (const concurrency of levels) {
    const sessions = Math.max(concurrency, minSessions);
    const levelStart = performance.now();
    const direct = await runDirect(sessions, concurrency);
    if (performance.now() - levelStart > maxLevelMs / 2) {
      skipped.push(`${store} c=${concurrency}: direct run alone took over half the time bound`);
      continue;
    }
    const idle = rssOf(pid);
    let peak = idle;
    const sampler = setInterval(() => {
      peak = Math.max(peak, rssOf(pid));
    }, 20);
    const gauge: InFlightGauge = { bytes: 0, peak: 0 };
    const through = await runThroughAdapter(adapter.url, sessions, concurrency, gauge);
    clearInterval(sampler);
    peak = Math.max(peak, rssOf(pid));
    const inFlight = Math.min(concurrency, sessions) * meanImageBytes;
    const row: Row = {
      store,
      concurrency,
      sessions,
      direct,
      adapter: through,
      extraP50Percent: round(((through.p50 - direct.p50) / direct.p50) * 100),
      extraP99Percent: round(((through.p99 - direct.p99) / direct.p99) * 100),
      adapterRssIdleMb: round(idle / 2 ** 20),
      adapterRssPeakMb: round(peak / 2 ** 20),
      bytesInFlightMb: round(inFlight / 2 ** 20),
      rssGrowthPerByteInFlight: round((peak - idle) / inFlight, 2),
      peakBytesInFlightMb: round(gauge.peak / 2 ** 20),
      rssGrowthPerPeakByteInFlight: round((peak - idle) / gauge.peak, 2),
    };
    rows.push(row);
    process.stderr.write(`${JSON.stringify(row)}\n`);
  }
  await adapter.stop();
}
await sandbox.stop();
await redis?.stop();
rmSync(workDir, { recursive: true, force: true });

const header =
  '| store | c | sessions | direct p50 / p99 ms | adapter p50 / p99 ms | extra p50 / p99 | uploads/s direct / adapter | adapter RSS idle → peak MB | in flight MB (c × mean) | growth / byte | peak in flight MB (measured) | growth / peak byte | errors direct / adapter |';
const lines = rows.map(
  (row) =>
    `| ${row.store} | ${row.concurrency} | ${row.sessions} | ${row.direct.p50} / ${row.direct.p99} | ${row.adapter.p50} / ${row.adapter.p99} | ${row.extraP50Percent}% / ${row.extraP99Percent}% | ${row.direct.uploadsPerSecond} / ${row.adapter.uploadsPerSecond} | ${row.adapterRssIdleMb} → ${row.adapterRssPeakMb} | ${row.bytesInFlightMb} | ${row.rssGrowthPerByteInFlight} | ${row.peakBytesInFlightMb} | ${row.rssGrowthPerPeakByteInFlight} | ${row.direct.errors} / ${row.adapter.errors} |`,
);
process.stdout.write(
  `${[header, `|${' --- |'.repeat(13)}`, ...lines].join('\n')}\n${skipped.map((line) => `skipped: ${line}\n`).join('')}`,
);
const out = resolve(REPO_ROOT, values.out);
mkdirSync(dirname(out), { recursive: true });
writeFileSync(
  out,
  `${JSON.stringify({ date: new Date().toISOString(), frontBytes: front.length, backBytes: back.length, rows, skipped }, null, 2)}\n`,
);
process.stderr.write(`written to ${out}\n`);
