import {
  BinaryBitmap,
  ChecksumException,
  DecodeHintType,
  FormatException,
  GlobalHistogramBinarizer,
  HybridBinarizer,
  NotFoundException,
  PDF417Reader,
  RGBLuminanceSource,
} from '@zxing/library';
import { installEciGuard } from '../eci-guard.js';
import { bytesFromWindows1252Text, textFromBytes } from '../payload.js';
import type { Binarization, DecodedSymbol, GrayImage, Pdf417Decoder } from '../types.js';

/**
 * `@zxing/library`'s PDF417 reader, used directly: the multi-format reader logs a warning on every
 * frame without a symbol. HybridBinarizer first (survives sensor noise), GlobalHistogram second.
 * The reader retries a symbol upside down by itself.
 */
export class ZxingJsDecoder implements Pdf417Decoder {
  readonly engine = 'zxing-js';
  readonly binarizations: readonly Binarization[] = ['local', 'global'];
  readonly handlesUpsideDown = true;
  readonly handlesMirrored = false;
  private readonly reader = new PDF417Reader();
  private readonly hints = new Map<DecodeHintType, unknown>([[DecodeHintType.TRY_HARDER, true]]);

  constructor() {
    installEciGuard();
  }

  async decode(image: GrayImage, binarization: Binarization): Promise<DecodedSymbol | null> {
    const source = new RGBLuminanceSource(image.data, image.width, image.height);
    const binarizer = binarization === 'local' ? new HybridBinarizer(source) : new GlobalHistogramBinarizer(source);
    try {
      const result = this.reader.decode(new BinaryBitmap(binarizer), this.hints);
      const decoded = result.getText();
      const bytes = bytesFromWindows1252Text(decoded);
      // Where the text maps back to bytes 1:1, the bytes are the truth; else (ECI) the text is.
      const text = bytes.length === decoded.length ? textFromBytes(bytes) : decoded;
      return { text, bytes };
    } catch (error) {
      // "Not found", "format" and "checksum" are ordinary misses on camera frames.
      if (
        error instanceof NotFoundException ||
        error instanceof FormatException ||
        error instanceof ChecksumException
      ) {
        return null;
      }
      // ZXing-js throws plain errors (ArrayIndexOutOfBounds etc.) on some damaged symbols: a miss too.
      if (error instanceof Error) return null;
      throw error;
    }
  }
}
