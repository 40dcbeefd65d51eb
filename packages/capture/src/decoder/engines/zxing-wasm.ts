import { prepareZXingModule, type ReaderOptions, readBarcodes } from 'zxing-wasm/reader';
// The project serves the .wasm from the package's own files: no CDN (offline use, strict CSP).
import wasmUrl from 'zxing-wasm/reader/zxing_reader.wasm?url';
import { rgbaFromGray } from '../image.js';
import type { Binarization, DecodedSymbol, GrayImage, Pdf417Decoder } from '../types.js';

/**
 * zxing-cpp compiled to WebAssembly. `create` compiles the module once; until then nothing of the
 * ~1 MB .wasm is fetched. LocalAverage first, GlobalHistogram second (LocalAverage breaks on plain
 * sensor noise that GlobalHistogram survives, and the reverse on uneven light).
 */
export class ZxingWasmDecoder implements Pdf417Decoder {
  readonly engine = 'zxing-wasm';
  readonly binarizations: readonly Binarization[] = ['local', 'global'];
  readonly handlesUpsideDown = true;
  readonly handlesMirrored = true;

  private constructor() {}

  static async create(): Promise<ZxingWasmDecoder> {
    await prepareZXingModule({
      overrides: {
        locateFile: (path: string, prefix: string) => (path.endsWith('.wasm') ? wasmUrl : prefix + path),
      },
      fireImmediately: true,
    });
    return new ZxingWasmDecoder();
  }

  async decode(image: GrayImage, binarization: Binarization): Promise<DecodedSymbol | null> {
    const options: ReaderOptions = {
      formats: ['PDF417'],
      tryHarder: true,
      // The read plan deskews and crops already; quarter turns are its own last resort.
      tryRotate: false,
      tryInvert: false,
      tryDownscale: false,
      binarizer: binarization === 'local' ? 'LocalAverage' : 'GlobalHistogram',
      maxNumberOfSymbols: 1,
      // Not the default "HRI", which spells control characters out as <LF>: AAMVA is full of them.
      textMode: 'Plain',
    };
    const imageData = new ImageData(rgbaFromGray(image), image.width, image.height);
    const [result] = await readBarcodes(imageData, options);
    if (!result?.isValid) return null;
    // `text` honours ECIs (e.g. mixed UTF-8 and ISO-8859-x segments); `bytes` are as encoded.
    return { bytes: new Uint8Array(result.bytes), text: result.text };
  }
}
