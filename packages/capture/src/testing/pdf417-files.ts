/**
 * The shared PDF417 test files (`../shared/pdf417` beside the repository) for the browser tests.
 * Not part of the package (excluded from its build).
 */

import { commands } from 'vitest/browser';

/** `commands.readFile` resolves paths from the project root. */
const SHARED = '../shared/pdf417';

/** A file's bytes; `path` is relative to `../shared/pdf417`. */
export async function pdf417FileBytes(path: string): Promise<Uint8Array<ArrayBuffer>> {
  const base64 = await commands.readFile(`${SHARED}/${path}`, 'base64');
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
}

/** A file's bytes as Latin-1 text (the expected texts are Latin-1; the manifest is ASCII). */
export async function pdf417FileText(path: string): Promise<string> {
  const bytes = await pdf417FileBytes(path);
  // In slices: spreading a whole manifest into one call overflows the stack. (TextDecoder's
  // "latin1" is windows-1252, which maps 0x80-0x9f elsewhere.)
  let text = '';
  for (let at = 0; at < bytes.length; at += 8192) text += String.fromCharCode(...bytes.subarray(at, at + 8192));
  return text;
}

/** An image file decoded by the browser. */
export async function pdf417FileImage(path: string): Promise<ImageBitmap> {
  return createImageBitmap(new Blob([await pdf417FileBytes(path)]));
}

/** What frames-dev's manifest says of one frame (the parts the tests use). */
export interface FramesDevTruth {
  file: string;
  card: { symbol: { modulesX?: number } };
  /** The symbol's corners in the frame's pixels, clockwise from the card's top left as printed. */
  geometry: { symbolQuad: [[number, number], [number, number], [number, number], [number, number]] };
}

/** frames-dev's ground truth for one frame, by its file within frames-dev (`severe/04.jpg`). */
export async function framesDevTruth(file: string): Promise<FramesDevTruth> {
  const manifest = JSON.parse(await pdf417FileText('frames-dev/manifest.json')) as { frames: FramesDevTruth[] };
  const truth = manifest.frames.find((frame) => frame.file === file);
  if (!truth) throw new Error(`frames-dev's manifest has no ${file}`);
  return truth;
}
