/**
 * The quality benchmark page: the shipped quality analyser (its Web Worker, the whole frame as the
 * element hands it) on each frame, driven by bench/quality.ts through Playwright. Generated frames
 * are drawn here (canvas); files are fetched from the runner's server.
 */

import { randomCardScene, renderCardScene, type SceneKind } from '@berbix-capture/testing/card-scenes';
import { renderSceneFrame, type SceneLevelName } from '@berbix-capture/testing/pdf417-scene';
import { QualityAnalyser, type QualityResult } from '../../src/analysers/quality.js';
import type { FrameContext } from '../../src/analysers/types.js';
import { DOCUMENT_ASPECT, guideRect } from '../../src/guide.js';

export interface Measured {
  result: QualityResult;
  /** Worker's own time (downscale + find + measure), ms. */
  workerMs: number;
  /** Round trip of `analyse` (transfer, worker, answer), ms. */
  roundTripMs: number;
}

const analyser = new QualityAnalyser();

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

const bench = {
  async init(): Promise<void> {
    await analyser.prepare();
    // Warm the worker (module load, canvas, the JIT on every path of the finder) so the first
    // measured frames are not the cold start: a few generated frames of its own, never measured.
    for (let seed = 900; seed < 906; seed++)
      await measure((await renderCardScene(randomCardScene(seed, 'clean'))).bitmap);
  },
  async file(url: string): Promise<Measured> {
    const blob = await (await fetch(url)).blob();
    return measure(await createImageBitmap(blob));
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
