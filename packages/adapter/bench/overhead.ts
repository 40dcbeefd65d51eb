/**
 * What the adapter adds to an upload. The same front image is sent N times through the adapter;
 * for each, the time the client spent in the Berbix call itself (measured around its `fetch`) is
 * subtracted from what the browser waited, which leaves the adapter's own share (receiving the
 * body, checks, lease and store writes, sealing, answering). The sandbox's image inspection varies
 * with machine load by ±100 ms, so comparing against direct uploads would only measure that noise.
 * Also the cost of sealing tokens and of reading an image header. Run from the repository root:
 *
 *     node --conditions=source --import tsx packages/adapter/bench/overhead.ts [N]
 */
import { performance } from 'node:perf_hooks';
import { BerbixClient } from '@berbix-capture/client';
import { startSandbox } from '@berbix-capture/sandbox';
import { readImageHeader } from '../src/image.js';
import { deriveKeys } from '../src/secrets.js';
import { Browser, startAdapter } from '../src/testing/harness.js';
import { encodeGreyPng, jpegHeaderOnly } from '../src/testing/images.js';

const runs = Number(process.argv[2] ?? 30);
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

const sandbox = await startSandbox();
let upstreamMs = 0;
const client = new BerbixClient({
  apiSecret: sandbox.secret,
  apiHost: sandbox.url,
  fetch: async (input, init) => {
    const start = performance.now();
    try {
      return await fetch(input, init);
    } finally {
      if (String(input).endsWith('/v0/images/upload')) upstreamMs += performance.now() - start;
    }
  },
});
const adapter = await startAdapter(sandbox, { client });
// Grey noise does not compress: about 4 MB of RGB PNG, the size of a large phone photo.
const noise = new Uint8Array(1600 * 1200);
for (let i = 0; i < noise.length; i++) noise[i] = 40 + Math.floor(Math.random() * 180);
const image = encodeGreyPng(1600, 1200, noise);

const total: number[] = [];
const own: number[] = [];
for (let i = 0; i < runs; i++) {
  const browser = new Browser(adapter.url);
  await browser.startSession();
  upstreamMs = 0;
  const start = performance.now();
  const answer = await browser.upload('document_front', image);
  const elapsed = performance.now() - start;
  if (answer.status !== 200) throw new Error(`adapter answered ${answer.status}`);
  total.push(elapsed);
  own.push(elapsed - upstreamMs);
}
const p90 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length * 0.9)] ?? Number.NaN;

const keys = deriveKeys(['bench-secret-bench-secret-bench-secret-00']);
const record = JSON.stringify({
  accessToken: 'a'.repeat(40),
  clientToken: 'c'.repeat(40),
  refreshToken: 'r'.repeat(40),
});
let start = performance.now();
for (let i = 0; i < 10_000; i++) keys.open(keys.seal(record, 'tokens id'), 'tokens id');
const sealMicros = ((performance.now() - start) * 1000) / 10_000;

const big = Buffer.concat([jpegHeaderOnly(8000, 6000, { app1Bytes: 60_000 }), Buffer.alloc(20 * 1024 * 1024 - 61_000)]);
start = performance.now();
for (let i = 0; i < 1000; i++) readImageHeader(big);
const headerMicros = ((performance.now() - start) * 1000) / 1000;

await adapter.close();
await sandbox.close();
process.stdout.write(
  `${JSON.stringify(
    {
      runs,
      imageBytes: image.length,
      uploadMs: { median: +median(total).toFixed(1), p90: +p90(total).toFixed(1) },
      adapterOwnMs: { median: +median(own).toFixed(1), p90: +p90(own).toFixed(1) },
      sealAndOpenMicros: +sealMicros.toFixed(1),
      headerOf20MbJpegMicros: +headerMicros.toFixed(1),
    },
    null,
    2,
  )}\n`,
);
