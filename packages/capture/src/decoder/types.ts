/** The decoding engines behind `Pdf417Decoder`. */
export const PDF417_ENGINES = ['zxing-js', 'zxing-wasm', 'native'] as const;
export type Pdf417Engine = (typeof PDF417_ENGINES)[number];

/** A luminance image: one byte per pixel, row-major. */
export interface GrayImage {
  data: Uint8ClampedArray;
  width: number;
  height: number;
}

/**
 * How the engine turns grey into black and white. `local` is the engine's adaptive thresholding
 * (ZXing's HybridBinarizer / LocalAverage), `global` one threshold per image or row
 * (GlobalHistogram; Otsu for the native detector). Each survives frames the other loses: local
 * thresholds cope with uneven light, global ones with sensor noise.
 */
export type Binarization = 'local' | 'global';

/** One decoded symbol. */
export interface DecodedSymbol {
  /** The payload bytes exactly as encoded. */
  bytes: Uint8Array;
  /** The payload as text. */
  text: string;
}

/**
 * One PDF417 engine. Implementations are loaded on demand (`loadPdf417Decoder`), so importing
 * this type costs nothing. `decode` resolves to null when no symbol is read; it rejects only when
 * the engine itself breaks.
 */
export interface Pdf417Decoder {
  readonly engine: Pdf417Engine;
  /** Binarizations worth trying with this engine, best first. */
  readonly binarizations: readonly Binarization[];
  /** True when the engine reads a symbol upside down by itself (no 180-degree retry needed). */
  readonly handlesUpsideDown: boolean;
  /** True when the engine reads a mirrored symbol (a print or preview flipped left-right). */
  readonly handlesMirrored: boolean;
  decode(image: GrayImage, binarization: Binarization): Promise<DecodedSymbol | null>;
  dispose?(): void;
}

export function isPdf417Engine(value: unknown): value is Pdf417Engine {
  return typeof value === 'string' && (PDF417_ENGINES as readonly string[]).includes(value);
}
