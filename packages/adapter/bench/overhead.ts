/**
 * What the adapter adds to an upload: the same front image sent N times through the adapter and
 * N times straight to the sandbox with the client, medians compared. Also the cost of sealing
 * tokens and of reading an image header. Run from the repository root:
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
const adapter = await startAdapter(sandbox);
const client = new BerbixClient({ apiSecret: sandbox.secret, apiHost: sandbox.url });
// Grey noise does not compress: about 1.9 MB of PNG, the size of a compressed phone photo.
const noise = new Uint8Array(1600 * 1200);
for (let i = 0; i < noise.length; i++) noise[i] = 40 + Math.floor(Math.random() * 180);
const image = encodeGreyPng(1600, 1200, noise);

const viaAdapter: number[] = [];
const direct: number[] = [];
for (let i = 0; i < runs; i++) {
  const browser = new Browser(adapter.url);
  await browser.startSession();
  let start = performance.now();
  const answer = await browser.upload('document_front', image);
  viaAdapter.push(performance.now() - start);
  if (answer.status !== 200) throw new Error(`adapter answered ${answer.status}`);

  const tokens = await client.createApiOnlyTransaction({ customerUid: `bench-${i}`, templateKey: 'tpk', idType: 'DL' });
  start = performance.now();
  await client.uploadImages(tokens, [{ data: image, subject: 'document_front', format: 'image/png' }]);
  direct.push(performance.now() - start);
}

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
      uploadMedianMs: { viaAdapter: +median(viaAdapter).toFixed(1), direct: +median(direct).toFixed(1) },
      adapterOverheadMedianMs: +(median(viaAdapter) - median(direct)).toFixed(1),
      sealAndOpenMicros: +sealMicros.toFixed(1),
      headerOf20MbJpegMicros: +headerMicros.toFixed(1),
    },
    null,
    2,
  )}\n`,
);
