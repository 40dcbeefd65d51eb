import type { Pdf417Decoder, Pdf417Engine } from '../types.js';

/**
 * Loads one engine. Each is a dynamic import, so a bundle holds only the engine asked for and
 * nothing downloads before the first call (the back step).
 */
export async function loadPdf417Decoder(engine: Pdf417Engine): Promise<Pdf417Decoder> {
  switch (engine) {
    case 'zxing-js': {
      const { ZxingJsDecoder } = await import('./zxing-js.js');
      return new ZxingJsDecoder();
    }
    case 'zxing-wasm': {
      const { ZxingWasmDecoder } = await import('./zxing-wasm.js');
      return ZxingWasmDecoder.create();
    }
    case 'native': {
      const { NativeDecoder } = await import('./native.js');
      return NativeDecoder.create();
    }
    default:
      throw new TypeError('unknown PDF417 engine');
  }
}
