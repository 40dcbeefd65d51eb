import type { CompressReply, CompressRequest } from './compress-protocol.js';
import { WorkerLink, WorkerUnavailableError } from './worker-rpc.js';

/** Berbix advises staying under 10 MB; the element never sends more than this. */
export const MAX_UPLOAD_MB_CEILING = 9.5;
/** Longest side the element ever sends. */
export const MAX_SIDE_PX = 10_000;
/** Files larger than this are refused before decoding: no phone photo comes near it. */
export const MAX_INPUT_BYTES = 64 * 1024 * 1024;

/**
 * Why a file could not become an upload. `worker-unavailable`: the compression worker could not
 * start (its script did not load, or a Content Security Policy refused it), whatever the file.
 */
export type CompressFailure =
  | 'not-an-image'
  | 'too-large-input'
  | 'unreadable'
  | 'failed'
  | 'still-too-large'
  | 'worker-unavailable';

export class CompressError extends Error {
  constructor(readonly reason: CompressFailure) {
    super(`image could not be prepared: ${reason}`);
    this.name = 'CompressError';
  }
}

/** The JPEG to upload. */
export interface CompressedImage {
  blob: Blob;
  width: number;
  height: number;
}

/** Clamps `max-upload-mb` into (0, 9.5]; anything unparsable means the ceiling. */
export function clampUploadMb(value: unknown): number {
  const number = typeof value === 'number' ? value : Number.parseFloat(String(value));
  if (!Number.isFinite(number) || number <= 0) return MAX_UPLOAD_MB_CEILING;
  return Math.min(number, MAX_UPLOAD_MB_CEILING);
}

/** JPEG, PNG, WebP, GIF, BMP by their first bytes; the declared type alone is not trusted. */
export async function sniffImage(file: Blob): Promise<boolean> {
  const head = new Uint8Array(await file.slice(0, 12).arrayBuffer());
  const starts = (...bytes: number[]) => bytes.every((b, i) => head[i] === b);
  return (
    starts(0xff, 0xd8, 0xff) ||
    starts(0x89, 0x50, 0x4e, 0x47) ||
    (starts(0x52, 0x49, 0x46, 0x46) &&
      head[8] === 0x57 &&
      head[9] === 0x45 &&
      head[10] === 0x42 &&
      head[11] === 0x50) ||
    starts(0x47, 0x49, 0x46, 0x38) ||
    starts(0x42, 0x4d)
  );
}

const compression = new WorkerLink<CompressRequest, CompressReply>(
  'compression',
  () => new Worker(new URL('./compress.worker.js', import.meta.url), { type: 'module', name: 'berbix-compress' }),
);

/**
 * Turns a camera frame or a chosen file into the JPEG to upload, in a Web Worker: EXIF orientation
 * applied, re-encoded (so no EXIF, GPS or maker data survives), at most `MAX_SIDE_PX` a side and
 * under `maxUploadMb`. Rejects with a `CompressError` saying why.
 */
export async function compressImage(file: Blob, maxUploadMb: number = MAX_UPLOAD_MB_CEILING): Promise<CompressedImage> {
  if (file.size > MAX_INPUT_BYTES) throw new CompressError('too-large-input');
  if (!(await sniffImage(file))) throw new CompressError('not-an-image');
  const maxBytes = Math.floor(clampUploadMb(maxUploadMb) * 1024 * 1024);
  const typed = file.type.startsWith('image/') ? file : new Blob([file], { type: 'image/jpeg' });
  const reply = await compression.call({ file: typed, maxBytes, maxSide: MAX_SIDE_PX }).catch((error: unknown) => {
    throw new CompressError(error instanceof WorkerUnavailableError ? 'worker-unavailable' : 'failed');
  });
  if ('error' in reply) throw new CompressError(reply.error);
  if (reply.blob.size > maxBytes || reply.blob.type !== 'image/jpeg') throw new CompressError('still-too-large');
  return { blob: reply.blob, width: reply.width, height: reply.height };
}

/** Encodes a captured frame as a high-quality JPEG for `compressImage` to bring under the limit. */
export async function frameToJpeg(frame: ImageBitmap): Promise<Blob> {
  const canvas = new OffscreenCanvas(frame.width, frame.height);
  const context = canvas.getContext('2d');
  if (!context) throw new CompressError('failed');
  context.drawImage(frame, 0, 0);
  return canvas.convertToBlob({ type: 'image/jpeg', quality: 0.95 });
}
