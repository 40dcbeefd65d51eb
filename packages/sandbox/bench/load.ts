/**
 * Load benchmark: many concurrent API-only flows (create, front, back with device barcode, fetch)
 * through one in-process sandbox over real HTTP. Prints throughput and upload latencies.
 *
 *   node --conditions=source --import tsx packages/sandbox/bench/load.ts [--flows N] [--concurrency C] [--width W]
 */
import { parseArgs } from 'node:util';
import { cardImage } from '@berbix-capture/testing/card-images';
import { licencePayload } from '@berbix-capture/testing/documents';
import { startSandbox } from '../src/server.js';
import { basic, bearer, call, upload } from '../src/test-support/api.js';

const { values } = parseArgs({
  options: { flows: { type: 'string' }, concurrency: { type: 'string' }, width: { type: 'string' } },
});
const flows = Number(values.flows ?? 100);
const concurrency = Number(values.concurrency ?? 8);
const width = Number(values.width ?? 1920);
const height = Math.round((width * 10) / 16);

const payload = licencePayload();
const [front, back] = await Promise.all([
  cardImage({ width, height, noise: 3 }),
  cardImage({ width, height, barcode: payload, moduleSize: Math.max(2, Math.round(width / 640)), noise: 3 }),
]);
const sandbox = await startSandbox();
const latencies: Record<'front' | 'back', number[]> = { front: [], back: [] };
let failures = 0;

async function flow(i: number): Promise<void> {
  const created = await call(sandbox, 'POST', '/v0/transactions', {
    auth: basic(sandbox.secret),
    body: { customer_uid: `load-${i}`, template_key: 'tpk_load', api_only_options: { id_type: 'DL' } },
  });
  const client = String(created.body?.client_token);
  let started = performance.now();
  const f = await upload(sandbox, client, front, 'document_front');
  latencies.front.push(performance.now() - started);
  started = performance.now();
  const b = await upload(sandbox, client, back, 'document_back', { barcode: payload });
  latencies.back.push(performance.now() - started);
  const fetched = await call(sandbox, 'GET', '/v0/transactions', { auth: bearer(String(created.body?.access_token)) });
  // The same card for every customer: all but the first are flagged as duplicates (review).
  const action = fetched.body?.action;
  if (
    f.body?.next_step !== 'upload_document_back' ||
    b.body?.next_step !== 'done' ||
    (action !== 'accept' && action !== 'review')
  ) {
    failures++;
  }
}

const started = performance.now();
let next = 0;
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (next < flows) await flow(next++);
  }),
);
const seconds = (performance.now() - started) / 1000;
const pct = (list: number[], p: number) =>
  [...list].sort((a, b) => a - b)[Math.min(list.length - 1, Math.floor(list.length * p))] ?? 0;
const row = (name: 'front' | 'back') =>
  `${name}: p50 ${pct(latencies[name], 0.5).toFixed(0)} ms, p95 ${pct(latencies[name], 0.95).toFixed(0)} ms`;
process.stdout.write(
  `${flows} flows (${flows * 2} uploads of ${width}x${height} JPEGs, ${front.length} and ${back.length} bytes), concurrency ${concurrency}: ` +
    `${seconds.toFixed(1)} s, ${((flows * 2) / seconds).toFixed(1)} uploads/s, ${failures} failed\n${row('front')}\n${row('back')}\n` +
    `rss ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB\n`,
);
await sandbox.close();
