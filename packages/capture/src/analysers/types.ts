import type { Step } from '@berbix-capture/protocol';

/** A rectangle in frame pixels. */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** What an analyser is told about the frame it is given. */
export interface FrameContext {
  step: Step;
  /** The guide region within the full frame; the frame passed is cropped to it unless the analyser's `region` is 'frame'. */
  guide: Rect;
  /** Full frame size before cropping. */
  frameWidth: number;
  frameHeight: number;
  /** `performance.now()` when the frame was grabbed. */
  timestamp: number;
  /**
   * A still photo (one chosen from the device on the upload path), not a live camera frame: there
   * is no next frame to try, so an analyser may spend longer on it.
   */
  still?: boolean;
}

/**
 * The per-frame seam: the element's frame loop offers each analyser a frame cropped to the guide
 * region, at most one frame in flight per analyser, and decides what to do from the results
 * (guidance, auto-capture, wrong-side warnings). Heavy work belongs in a Web Worker behind
 * `analyse`; the `ImageBitmap` is transferable and the analyser owns (and must close) it.
 *
 * Analysers load lazily: `prepare` runs the first time a step they care about begins, never
 * before, so nothing of a decoder downloads until the back step.
 */
export interface FrameAnalyser<Result = unknown> {
  /** Stable id, e.g. `quality` or `pdf417`. Results are keyed by it. */
  readonly id: string;
  /** Steps on which the element runs this analyser. */
  readonly steps: readonly Step[];
  /**
   * What the frame loop hands `analyse`: the guide crop (the default) or the whole frame, for an
   * analyser that looks for the document itself. `context.guide` says where the guide is either way.
   */
  readonly region?: 'frame' | 'guide';
  /** Loads what the analyser needs (worker, wasm). Idempotent. */
  prepare?(): Promise<void>;
  analyse(frame: ImageBitmap, context: FrameContext): Promise<Result>;
  /**
   * Where present, the frame loop calls this instead of `analyse` with the camera's own frame:
   * cropped without a copy, in the camera's pixel format (e.g. I420), where the browser can make
   * one (`analyse` otherwise). The analyser owns the frame and must close it.
   */
  analyseVideoFrame?(frame: VideoFrame, context: FrameContext): Promise<Result>;
  /** Frees workers and buffers; the element calls it on disconnect. */
  dispose?(): void;
}

/** Result of the PDF417 analyser: the decoded payload when a barcode was read this frame. */
export interface Pdf417Result {
  barcode: {
    /** The decoded bytes exactly as encoded (AAMVA payloads may hold non-UTF-8 bytes). */
    bytes: Uint8Array;
    /** The payload as text (Latin-1 where not valid UTF-8), for display and parsing. */
    text: string;
    /** True when the payload parses as a valid AAMVA document. */
    aamvaValid: boolean;
  } | null;
  /** Milliseconds spent decoding this frame. */
  decodeMs: number;
  /**
   * The frame shows a PDF417 symbol, read or not (the default decoder reports it; a page's own
   * reader may leave it out, and then the element never asks the person to turn the card over).
   */
  symbolSeen?: boolean;
}
