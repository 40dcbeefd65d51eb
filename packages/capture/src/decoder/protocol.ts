import type { PixelSource } from './frame-pixels.js';
import type { ReadOptions } from './strategy.js';
import type { Pdf417Engine } from './types.js';

/** Main thread -> PDF417 worker. */
export type Pdf417WorkerRequest =
  | { type: 'load'; engine: Pdf417Engine }
  | {
      type: 'decode';
      /** Transferred: an `ImageBitmap`, or the camera's own `VideoFrame` (its luma plane is read as it is). */
      frame: ImageBitmap | VideoFrame;
      options?: Partial<ReadOptions>;
      /** The read plan's step the previous frame's budget left out, tried first after the grid read. */
      resumeAt?: string | null;
    };

/** The engine could not be loaded: `unavailable` when this browser lacks it. */
export interface Pdf417LoadFailure {
  type: 'error';
  code: 'unavailable' | 'failed';
  message: string;
}

/** PDF417 worker -> main thread. Payload bytes arrive transferred. */
export type Pdf417WorkerReply =
  | { type: 'loaded' }
  | Pdf417LoadFailure
  | {
      type: 'decoded';
      bytes: Uint8Array | null;
      text: string | null;
      aamvaValid: boolean;
      /** A PDF417 symbol is in the frame (its start and stop bars were found), read or not. */
      symbolSeen: boolean;
      decodeMs: number;
      attempts: string[];
      angleDegrees: number;
      /** Milliseconds: frame to grey pixels, locating, cropping, engine. */
      phases: { pixels: number; locate: number; crop: number; engine: number };
      /** Where the grey pixels came from: a camera frame's luma plane, or RGBA drawn on a canvas. */
      pixelSource: PixelSource;
      /** The first step of the read plan the budget left out, for the next frame (null: none). */
      leftOut: string | null;
    };
