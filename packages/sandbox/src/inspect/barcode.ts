import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { ReaderOptions } from 'zxing-wasm/reader';
import type { GreyImage } from './decode.js';

/**
 * PDF417 reading from the uploaded image itself, with zxing-wasm (the decoder family the browser
 * element uses), in a worker thread: a read takes 40-500 ms of synchronous WebAssembly, and the
 * demo serves its page and adapter from the same event loop. The .wasm is loaded from the package's
 * own files, never fetched.
 */

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

/** The worker: plain CommonJS evaluated from this string, so it runs the same under tsx, Vitest and dist. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { readFileSync } = require('node:fs');
const zxing = require(workerData.modulePath);
const wasm = readFileSync(workerData.wasmPath);
zxing.prepareZXingModule({
  overrides: { wasmBinary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) },
  fireImmediately: true,
});
const first = (results) => {
  const found = results.find((r) => r.isValid && r.bytes.length > 0);
  return found ? found.bytes : undefined;
};
parentPort.on('message', async ({ id, pixmap, file, passes }) => {
  try {
    let bytes;
    for (const options of passes) {
      bytes = first(await zxing.readBarcodes(pixmap, options));
      if (bytes) break;
    }
    if (!bytes && file) bytes = first(await zxing.readBarcodes(file, passes[0]));
    parentPort.postMessage({ id, bytes });
  } catch (error) {
    parentPort.postMessage({ id, error: error && error.name ? error.name : 'Error' });
  }
});
`;

interface Pending {
  resolve: (bytes: Uint8Array | undefined) => void;
  reject: (error: Error) => void;
}

/** One long-lived reader thread, shared by every sandbox in the process; recreated if it dies. */
class BarcodeWorker {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  read(pixmap: RgbaPixmap, file: Uint8Array | undefined): Promise<Uint8Array | undefined> {
    const worker = this.ensure();
    const id = this.nextId++;
    // Held alive while a read is in flight, let go when idle: an idle reader must not keep a
    // process (a CLI, a test run) from exiting.
    if (this.pending.size === 0) worker.ref();
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      const transfer = [pixmap.data.buffer as ArrayBuffer];
      worker.postMessage({ id, pixmap, file, passes: PASSES }, transfer);
    });
  }

  private ensure(): Worker {
    if (this.worker) return this.worker;
    const require = createRequire(import.meta.url);
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        modulePath: require.resolve('zxing-wasm/reader'),
        wasmPath: require.resolve('zxing-wasm/reader/zxing_reader.wasm'),
      },
    });
    worker.on('message', ({ id, bytes, error }: { id: number; bytes?: Uint8Array; error?: string }) => {
      const pending = this.pending.get(id);
      this.pending.delete(id);
      if (this.pending.size === 0) worker.unref();
      if (!pending) return;
      if (error) pending.reject(new Error(`barcode reader failed (${error})`));
      else pending.resolve(bytes);
    });
    const fail = (why: string) => {
      this.worker = undefined;
      for (const { reject } of this.pending.values()) reject(new Error(`barcode reader ${why}`));
      this.pending.clear();
    };
    worker.on('error', (error) => fail(`crashed (${error.name})`));
    worker.on('exit', (code) => fail(`exited (${code})`));
    // After the listeners: adding a 'message' listener refs the port again.
    worker.unref();
    this.worker = worker;
    return worker;
  }
}

const reader = new BarcodeWorker();

/**
 * The raw bytes of the first PDF417 symbol, or undefined. Looks in the ≤ 2048 px grey copy first
 * (fast); when `file` is given (a sharp upload larger than the copy) and nothing was found, once
 * more in the full-resolution file, for a small symbol that the copy made too fine.
 */
export function readPdf417(image: GreyImage, file?: Uint8Array): Promise<Uint8Array | undefined> {
  return reader.read(toRgba(image), file);
}

interface RgbaPixmap {
  data: Uint8ClampedArray;
  width: number;
  height: number;
}

/** zxing-wasm takes `{data, width, height}` RGBA (ImageData's shape) and greys it itself. */
function toRgba(image: GreyImage): RgbaPixmap {
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
