/**
 * The quality benchmark page: the shipped quality analyser (its Web Worker, the whole frame as the
 * element hands it) on each frame, driven by bench/quality.ts through Playwright. Generated frames
 * are drawn here (canvas); files are fetched from the runner's server.
 */

import { randomCardScene, renderCardScene, type SceneKind } from '@berbix-capture/testing/card-scenes';
import { renderSceneFrame, type SceneLevelName } from '@berbix-capture/testing/pdf417-scene';
import { QualityAnalyser, type QualityResult } from '../../src/analysers/quality.js';
import type { FrameContext } from '../../src/analysers/types.js';
import { createPdf417Analyser } from '../../src/decoder/analyser.js';
import { DOCUMENT_ASPECT, guideRect } from '../../src/guide.js';

export interface Measured {
  result: QualityResult;
  /** Worker's own time (downscale + find + measure), ms. */
  workerMs: number;
  /** Round trip of `analyse` (transfer, worker, answer), ms. */
  roundTripMs: number;
}

const analyser = new QualityAnalyser();
/** The element's own barcode reader: on a licence back it, not the quality verdict, says "good". */
const barcodeReader = createPdf417Analyser();

/**
 * A bitmap made from a JPEG may still be undecoded; a camera frame never is. Drawing it once
 * outside the timed call keeps the JPEG decode out of the worker's figure.
 */
async function decoded(bitmap: ImageBitmap): Promise<ImageBitmap> {
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  (canvas.getContext('2d') as OffscreenCanvasRenderingContext2D).drawImage(bitmap, 0, 0);
  bitmap.close();
  return createImageBitmap(canvas);
}

async function measure(source: ImageBitmap): Promise<Measured> {
  const bitmap = await decoded(source);
  const { width, height } = bitmap;
  const context: FrameContext = {
    step: 'upload_document_front',
    guide: guideRect(width, height, DOCUMENT_ASPECT.card),
    frameWidth: width,
    frameHeight: height,
    timestamp: performance.now(),
  };
  // Each frame stands alone: no motion figure from an unrelated previous frame.
  analyser.reset();
  const started = performance.now();
  const result = await analyser.analyse(bitmap, context);
  return { result, roundTripMs: performance.now() - started, workerMs: analyser.lastWorkerMs ?? Number.NaN };
}

/** A full-resolution pixel at least this bright is clipped: print under it is gone. */
const HIDDEN_LEVEL = 245;

/**
 * Share of the symbol hidden under clipped light, from the frame's own pixels: the part of the
 * symbol's quad where a square seven modules across holds no pixel darker than `HIDDEN_LEVEL`.
 * Along a row a space is at most six modules wide, so inside a symbol such a square only fits where
 * the bars themselves were washed out, not where only the paper between them clipped. Ground truth for "glare hides the symbol"
 * that does not depend on where the renderer aimed its highlight.
 */
async function symbolHidden(url: string, quad: number[][], modulePx: number): Promise<number> {
  const bitmap = await createImageBitmap(await (await fetch(url)).blob());
  const { width, height } = bitmap;
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d', { willReadFrequently: true }) as OffscreenCanvasRenderingContext2D;
  context.drawImage(bitmap, 0, 0);
  bitmap.close();
  const rgba = context.getImageData(0, 0, width, height).data;
  const xs = quad.map((p) => p[0] as number);
  const ys = quad.map((p) => p[1] as number);
  const x0 = Math.max(0, Math.floor(Math.min(...xs)));
  const x1 = Math.min(width - 1, Math.ceil(Math.max(...xs)));
  const y0 = Math.max(0, Math.floor(Math.min(...ys)));
  const y1 = Math.min(height - 1, Math.ceil(Math.max(...ys)));
  const w = x1 - x0 + 1;
  const h = y1 - y0 + 1;
  // Clipped pixels of the box, then a square min filter of radius r (separable running counts).
  const clipped = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = ((y + y0) * width + x + x0) * 4;
      const level = (77 * (rgba[i] as number) + 150 * (rgba[i + 1] as number) + 29 * (rgba[i + 2] as number)) >> 8;
      clipped[y * w + x] = level >= HIDDEN_LEVEL ? 1 : 0;
    }
  }
  const r = Math.max(1, Math.ceil(3.5 * modulePx));
  const erode = (input: Uint8Array, along: 'x' | 'y') => {
    const out = new Uint8Array(input.length);
    const [lines, length] = along === 'x' ? [h, w] : [w, h];
    for (let line = 0; line < lines; line++) {
      const at = (k: number) => (along === 'x' ? line * w + k : k * w + line);
      let run = 0;
      const runs = new Int32Array(length);
      for (let k = 0; k < length; k++) runs[k] = run = input[at(k)] ? run + 1 : 0;
      run = 0;
      for (let k = length - 1; k >= 0; k--) {
        run = input[at(k)] ? run + 1 : 0;
        // Clipped from k - r to k + r: the runs ending here and starting here both reach far enough.
        out[at(k)] = (runs[k] as number) > r && run > r ? 1 : 0;
      }
    }
    return out;
  };
  const core = erode(erode(clipped, 'x'), 'y');
  let inside = 0;
  let hidden = 0;
  const inQuad = (x: number, y: number) => {
    let sign = 0;
    for (let i = 0; i < 4; i++) {
      const a = quad[i] as number[];
      const b = quad[(i + 1) % 4] as number[];
      const cross =
        ((b[0] as number) - (a[0] as number)) * (y - (a[1] as number)) -
        ((b[1] as number) - (a[1] as number)) * (x - (a[0] as number));
      if (cross === 0) continue;
      if (sign === 0) sign = Math.sign(cross);
      else if (Math.sign(cross) !== sign) return false;
    }
    return true;
  };
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      if (!inQuad(x + x0, y + y0)) continue;
      inside++;
      hidden += core[y * w + x] as number;
    }
  }
  return hidden / Math.max(1, inside);
}

/**
 * Whether the element's barcode reader reads an AAMVA-valid barcode in the file: on the back step
 * of a licence that read alone captures and turns the guide green, whatever the quality verdict.
 */
async function backStepReads(url: string): Promise<boolean> {
  const bitmap = await decoded(await createImageBitmap(await (await fetch(url)).blob()));
  const { width, height } = bitmap;
  // Each frame alone: nothing resumed from the frame before, which showed another scene.
  barcodeReader.reset();
  const reading = await barcodeReader.analyse(bitmap, {
    step: 'upload_document_back',
    guide: guideRect(width, height, DOCUMENT_ASPECT.card),
    frameWidth: width,
    frameHeight: height,
    timestamp: performance.now(),
  });
  return reading.barcode?.aamvaValid === true;
}

const bench = {
  symbolHidden,
  backStepReads,
  async init(): Promise<void> {
    await analyser.prepare();
    await barcodeReader.prepare();
    // Warm the worker (module load, canvas, the JIT on every path of the finder) so the first
    // measured frames are not the cold start: a few generated frames of its own, never measured.
    for (let seed = 900; seed < 906; seed++)
      await measure((await renderCardScene(randomCardScene(seed, 'clean'))).bitmap);
  },
  async file(url: string): Promise<Measured> {
    const blob = await (await fetch(url)).blob();
    return measure(await createImageBitmap(blob));
  },
  /** The file turned clockwise by `turns` quarter turns, as a camera held that way would show it. */
  async fileTurned(url: string, turns: number): Promise<Measured> {
    const source = await createImageBitmap(await (await fetch(url)).blob());
    const sideways = turns % 2 === 1;
    const canvas = new OffscreenCanvas(
      sideways ? source.height : source.width,
      sideways ? source.width : source.height,
    );
    const context = canvas.getContext('2d') as OffscreenCanvasRenderingContext2D;
    context.translate(canvas.width / 2, canvas.height / 2);
    context.rotate((turns * Math.PI) / 2);
    context.drawImage(source, -source.width / 2, -source.height / 2);
    source.close();
    return measure(await createImageBitmap(canvas));
  },
  async ownScene(
    seed: number,
    kind: SceneKind,
  ): Promise<Measured & { truth: number[][]; params: Record<string, unknown> }> {
    const scene = randomCardScene(seed, kind);
    const { bitmap, corners } = await renderCardScene(scene);
    const measured = await measure(bitmap);
    return {
      ...measured,
      truth: corners,
      params: {
        background: scene.background,
        side: scene.side,
        longEdgeShare: scene.longEdge / Math.max(scene.width, scene.height),
        angle: scene.angle,
        tilt: scene.tilt,
        thumb: scene.thumb !== null,
        white: scene.paper[0] >= 246,
      },
    };
  },
  async decoderScene(
    seed: number,
    level: SceneLevelName,
  ): Promise<Measured & { params: Record<string, number | boolean> }> {
    const frame = await renderSceneFrame(seed, level);
    const measured = await measure(frame.bitmap);
    return { ...measured, params: frame.params };
  },
};

declare global {
  interface Window {
    qbench: typeof bench;
  }
}
window.qbench = bench;
document.body.dataset.ready = 'true';
