import { otsuThreshold, rgbaFromGray } from '../image.js';
import { bytesFromText } from '../payload.js';
import type { Binarization, DecodedSymbol, GrayImage, Pdf417Decoder } from '../types.js';

interface DetectedBarcode {
  rawValue: string;
  format: string;
}
interface BarcodeDetectorLike {
  detect(source: ImageData): Promise<DetectedBarcode[]>;
}
interface BarcodeDetectorClass {
  new (options: { formats: string[] }): BarcodeDetectorLike;
  getSupportedFormats(): Promise<string[]>;
}

/** Thrown by `NativeDecoder.create` where the browser has no BarcodeDetector that reads PDF417. */
export class EngineUnavailableError extends Error {
  override readonly name = 'EngineUnavailableError';
}

/**
 * The browser's Shape Detection `BarcodeDetector` (Android Chrome, macOS/iOS Safari and Chrome).
 * Desktop Linux and Windows Chromium have none. Its own thresholding first, Otsu second; it reads
 * any orientation. `rawValue` is text, so the bytes are rebuilt from it (ISO-8859-1).
 */
export class NativeDecoder implements Pdf417Decoder {
  readonly engine = 'native';
  readonly binarizations: readonly Binarization[] = ['local', 'global'];
  readonly handlesUpsideDown = true;
  readonly handlesMirrored = false;

  private constructor(private readonly detector: BarcodeDetectorLike) {}

  static async create(): Promise<NativeDecoder> {
    const Detector = (globalThis as { BarcodeDetector?: BarcodeDetectorClass }).BarcodeDetector;
    if (!Detector) throw new EngineUnavailableError('this browser has no BarcodeDetector');
    const formats = await Detector.getSupportedFormats();
    if (!formats.includes('pdf417')) throw new EngineUnavailableError('this BarcodeDetector does not read pdf417');
    return new NativeDecoder(new Detector({ formats: ['pdf417'] }));
  }

  async decode(image: GrayImage, binarization: Binarization): Promise<DecodedSymbol | null> {
    const input = binarization === 'global' ? otsuThreshold(image) : image;
    const found = await this.detector.detect(new ImageData(rgbaFromGray(input), input.width, input.height));
    const symbol = found.find((barcode) => barcode.format === 'pdf417');
    return symbol ? { text: symbol.rawValue, bytes: bytesFromText(symbol.rawValue) } : null;
  }
}
