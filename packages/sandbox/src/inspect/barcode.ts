import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { prepareZXingModule, type ReaderOptions, readBarcodes } from 'zxing-wasm/reader';
import type { GreyImage } from './decode.js';

/**
 * PDF417 reading from the uploaded image itself, with zxing-wasm (the decoder family the browser
 * element uses). The .wasm is loaded from the package's own files, never fetched.
 */
let ready: Promise<unknown> | undefined;

function loadReader(): Promise<unknown> {
  if (!ready) {
    const require = createRequire(import.meta.url);
    const wasm = readFileSync(require.resolve('zxing-wasm/reader/zxing_reader.wasm'));
    const wasmBinary = wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength);
    ready = Promise.resolve(prepareZXingModule({ overrides: { wasmBinary }, fireImmediately: true }));
  }
  return ready;
}

const BASE: ReaderOptions = {
  formats: ['PDF417'],
  tryHarder: true,
  tryRotate: true,
  tryInvert: false,
  maxNumberOfSymbols: 1,
};
/**
 * The default (local-average) binarizer first, then a global histogram: some clean cards read
 * only with the latter, and sensor noise defeats it (design.md).
 */
const PASSES: ReaderOptions[] = [BASE, { ...BASE, binarizer: 'GlobalHistogram' }];

/**
 * The raw bytes of the first PDF417 symbol, or undefined. Looks in the ≤ 2048 px grey copy first
 * (fast); when the upload is larger and nothing was found, once more in the full-resolution file,
 * for a small symbol that the copy made too fine.
 */
export async function readPdf417(image: GreyImage, file?: Uint8Array): Promise<Uint8Array | undefined> {
  await loadReader();
  const pixmap = toRgba(image);
  for (const options of PASSES) {
    const found = first(await readBarcodes(pixmap as ImageData, options));
    if (found) return found;
  }
  return file ? first(await readBarcodes(file, BASE)) : undefined;
}

function first(results: Awaited<ReturnType<typeof readBarcodes>>): Uint8Array | undefined {
  return results.find((result) => result.isValid && result.bytes.length > 0)?.bytes;
}

/** zxing-wasm takes `{data, width, height}` RGBA (ImageData's shape) and greys it itself. */
function toRgba(image: GreyImage): { data: Uint8ClampedArray; width: number; height: number } {
  const data = new Uint8ClampedArray(image.width * image.height * 4);
  for (let i = 0, j = 0; i < image.data.length; i++, j += 4) {
    const v = image.data[i] ?? 0;
    data[j] = v;
    data[j + 1] = v;
    data[j + 2] = v;
    data[j + 3] = 255;
  }
  return { data, width: image.width, height: image.height };
}
