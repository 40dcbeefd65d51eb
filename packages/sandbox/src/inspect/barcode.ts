import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { prepareZXingModule, type ReaderOptions, readBarcodes } from 'zxing-wasm/reader';

/**
 * PDF417 reading from the uploaded image itself, with zxing-wasm (the decoder family the browser
 * element uses). The .wasm is loaded from the package's own files, never fetched.
 */
let ready: Promise<unknown> | undefined;

function loadReader(): Promise<unknown> {
  if (!ready) {
    const require = createRequire(import.meta.url);
    const wasmBinary = readFileSync(require.resolve('zxing-wasm/reader/zxing_reader.wasm'));
    ready = Promise.resolve(
      prepareZXingModule({
        overrides: {
          wasmBinary: wasmBinary.buffer.slice(wasmBinary.byteOffset, wasmBinary.byteOffset + wasmBinary.byteLength),
        },
        fireImmediately: true,
      }),
    );
  }
  return ready;
}

/**
 * Two passes: the default (local-average) binarizer first, then a global histogram, since some
 * clean cards read only with the latter and sensor noise defeats it (see design.md).
 */
const PASSES: ReaderOptions[] = [
  { formats: ['PDF417'], tryHarder: true, tryRotate: true, tryInvert: false, maxNumberOfSymbols: 1 },
  {
    formats: ['PDF417'],
    tryHarder: true,
    tryRotate: true,
    tryInvert: false,
    maxNumberOfSymbols: 1,
    binarizer: 'GlobalHistogram',
  },
];

/** The raw bytes of the first PDF417 symbol in an encoded JPEG/PNG file, or undefined. */
export async function readPdf417(file: Uint8Array): Promise<Uint8Array | undefined> {
  await loadReader();
  for (const options of PASSES) {
    const results = await readBarcodes(file, options);
    const found = results.find((result) => result.isValid && result.bytes.length > 0);
    if (found) return found.bytes;
  }
  return undefined;
}
