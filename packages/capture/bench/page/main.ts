/**
 * The benchmark page: the production analyser (worker, engines, read plan) exactly as the element
 * uses it, plus the `@zxing/browser` baseline, driven by bench/run.ts through Playwright. Frames of
 * the camera corpus are generated here (canvas), cropped to the element's guide, and decoded.
 */

import { i420FrameOf } from '@berbix-capture/testing/camera-frames';
import { FRAME_HEIGHT, FRAME_WIDTH, renderSceneFrame, type SceneLevelName } from '@berbix-capture/testing/pdf417-scene';
import { BrowserPDF417Reader } from '@zxing/browser';
import type { FrameContext } from '../../src/analysers/types.js';
import {
  createPdf417Analyser,
  PDF417_ENGINES,
  type Pdf417Analyser,
  type Pdf417Engine,
  type Pdf417Reading,
  type ReadOptions,
} from '../../src/decoder/index.js';
import { DOCUMENT_ASPECT, guideRect } from '../../src/guide.js';

export const BASELINE = 'zxing-browser-baseline';

/** One engine's answer on one image. */
export interface EngineAnswer {
  /** Decoded bytes as ISO-8859-1 text (lossless), or null. */
  latin1: string | null;
  /** Decoded text (ECIs applied), or null. */
  text: string | null;
  ms: number;
  /** The payload parsed as AAMVA (analysers only): a wrong read that is also valid would be captured. */
  aamvaValid?: boolean;
  attempts?: string[];
  /** Where the fastest run's time went (analysers only). */
  phases?: Record<string, number>;
  /** Frames decoded until the read, or all of them (analysers only; more than 1 with `held`). */
  frames?: number;
}

const analysers = new Map<Pdf417Engine, Pdf417Analyser>();
/**
 * Live frames reach the analyser as the element's frame loop hands them over: the camera's I420
 * `VideoFrame` (made here from the image before the clock starts, as Chromium's camera would give
 * it), or, when false, as `ImageBitmap`s (the path of browsers without `VideoFrame`). Stills are
 * always bitmaps, as the element reads a chosen photo.
 */
let cameraFrames = true;
const unavailable: Record<string, string> = {};
const baseline = new BrowserPDF417Reader();

function latin1(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i += 4096) text += String.fromCharCode(...bytes.subarray(i, i + 4096));
  return text;
}

function contextFor(width: number, height: number, still = false): FrameContext {
  return {
    step: 'upload_document_back',
    guide: { x: 0, y: 0, width, height },
    frameWidth: width,
    frameHeight: height,
    timestamp: performance.now(),
    still,
  };
}

/**
 * Each engine decodes the same input `repeat` times and keeps the fastest: the machine is shared,
 * and the minimum is the best estimate of the decoder's own cost (results are deterministic).
 */
async function runEngines(
  source: ImageBitmap | OffscreenCanvas,
  engines: string[],
  baselineSource: OffscreenCanvas | null,
  repeat: number,
  still = false,
  held = 1,
) {
  const answers: Record<string, EngineAnswer> = {};
  for (const engine of engines) {
    if (engine === BASELINE) {
      if (!baselineSource) continue;
      // What an integrator gets from @zxing/browser out of the box: the whole frame, one try.
      const canvas = document.createElement('canvas');
      canvas.width = baselineSource.width;
      canvas.height = baselineSource.height;
      (canvas.getContext('2d') as CanvasRenderingContext2D).drawImage(baselineSource, 0, 0);
      let text: string | null = null;
      let ms = Number.POSITIVE_INFINITY;
      for (let r = 0; r < repeat; r++) {
        const started = performance.now();
        try {
          text = baseline.decodeFromCanvas(canvas).getText();
        } catch {
          text = null;
        }
        ms = Math.min(ms, performance.now() - started);
      }
      answers[engine] = { latin1: text, text, ms };
      continue;
    }
    const analyser = analysers.get(engine as Pdf417Engine);
    if (!analyser) continue;
    let answer: EngineAnswer | null = null;
    for (let r = 0; r < repeat; r++) {
      // Each decode starts a new scene, unless `held` frames of it come in a row (below).
      analyser.reset();
      let reading: Pdf417Reading | null = null;
      let ms = 0;
      let frames = 0;
      // The same frame again and again, as a person holding still shows it: each frame resumes the
      // read plan where the last one's budget stopped. `ms` is then the time until the read.
      const camera = still || !cameraFrames ? null : i420FrameOf(source);
      while (frames < held && !reading?.barcode) {
        const frame = camera ? camera.clone() : await createImageBitmap(source);
        const width = frame instanceof VideoFrame ? frame.displayWidth : frame.width;
        const height = frame instanceof VideoFrame ? frame.displayHeight : frame.height;
        const context = contextFor(width, height, still);
        const started = performance.now();
        reading =
          frame instanceof VideoFrame
            ? await analyser.analyseVideoFrame(frame, context)
            : await analyser.analyse(frame, context);
        ms += performance.now() - started;
        frames++;
      }
      camera?.close();
      if (!reading) continue;
      if (answer) {
        if (ms < answer.ms) {
          answer.ms = ms;
          answer.phases = reading.phases;
        }
      } else {
        answer = {
          latin1: reading.barcode ? latin1(reading.barcode.bytes) : null,
          text: reading.barcode?.text ?? null,
          ms,
          aamvaValid: reading.barcode?.aamvaValid ?? false,
          attempts: reading.attempts,
          phases: reading.phases,
          frames,
        };
      }
    }
    if (answer) answers[engine] = answer;
  }
  return answers;
}

function rotated(image: ImageBitmap, quarterTurns: number): OffscreenCanvas {
  const turns = ((quarterTurns % 4) + 4) % 4;
  const swap = turns % 2 === 1;
  const canvas = new OffscreenCanvas(swap ? image.height : image.width, swap ? image.width : image.height);
  const context = canvas.getContext('2d') as OffscreenCanvasRenderingContext2D;
  context.translate(canvas.width / 2, canvas.height / 2);
  context.rotate((turns * Math.PI) / 2);
  context.drawImage(image, -image.width / 2, -image.height / 2);
  return canvas;
}

const bench = {
  /** Prepares the analysers; engines the browser lacks are reported, not fatal. */
  async init(
    engines: string[],
    read: Partial<ReadOptions> = {},
    liveAsCameraFrames = true,
  ): Promise<Record<string, string>> {
    cameraFrames = liveAsCameraFrames;
    for (const engine of engines) {
      if (engine === BASELINE || !(PDF417_ENGINES as readonly string[]).includes(engine)) continue;
      const analyser = createPdf417Analyser({ engine: engine as Pdf417Engine, read });
      try {
        await analyser.prepare();
        analysers.set(engine as Pdf417Engine, analyser);
      } catch (error) {
        unavailable[engine] = error instanceof Error ? error.message : 'unavailable';
        analyser.dispose();
      }
    }
    return unavailable;
  },

  /** A file of a ZXing-layout folder, turned by quarter turns; `still`: read as a still photo (no per-frame budget). */
  async decodeFile(url: string, quarterTurns: number, engines: string[], repeat = 1, still = false, held = 1) {
    const blob = await (await fetch(url)).blob();
    const image = await createImageBitmap(blob);
    const canvas = rotated(image, quarterTurns);
    image.close();
    return runEngines(canvas, engines, canvas, repeat, still, held);
  },

  /** One generated camera frame: the analysers get the guide crop, the baseline the whole frame. */
  async cameraFrame(seed: number, level: SceneLevelName, engines: string[], repeat = 1) {
    const scene = await renderSceneFrame(seed, level);
    const guide = guideRect(FRAME_WIDTH, FRAME_HEIGHT, DOCUMENT_ASPECT.card);
    const crop = await createImageBitmap(scene.bitmap, guide.x, guide.y, guide.width, guide.height);
    const whole = new OffscreenCanvas(FRAME_WIDTH, FRAME_HEIGHT);
    (whole.getContext('2d') as OffscreenCanvasRenderingContext2D).drawImage(scene.bitmap, 0, 0);
    scene.bitmap.close();
    const answers = await runEngines(crop, engines, whole, repeat);
    crop.close();
    return { payload: scene.payload, params: scene.params, answers };
  },

  /**
   * Cold start of one engine on a fresh page: worker start, engine download and compile, and the
   * first frame (a 1541x972 guide crop without a symbol). Also lists what was downloaded for it.
   */
  async coldStart(engine: Pdf417Engine) {
    const before = new Set(performance.getEntriesByType('resource').map((entry) => entry.name));
    const started = performance.now();
    const analyser = createPdf417Analyser({ engine });
    try {
      await analyser.prepare();
    } catch (error) {
      return { engine, error: error instanceof Error ? error.message : 'unavailable' };
    }
    const prepared = performance.now();
    const blank = new OffscreenCanvas(1541, 972);
    const context = blank.getContext('2d') as OffscreenCanvasRenderingContext2D;
    context.fillStyle = '#bbb';
    context.fillRect(0, 0, 1541, 972);
    await analyser.analyse(await createImageBitmap(blank), contextFor(1541, 972));
    const firstFrame = performance.now();
    analyser.dispose();
    const downloaded = performance
      .getEntriesByType('resource')
      .map((entry) => entry.name)
      .filter((name) => !before.has(name));
    return {
      engine,
      prepareMs: prepared - started,
      firstFrameMs: firstFrame - prepared,
      totalMs: firstFrame - started,
      downloaded,
    };
  },
};

declare global {
  interface Window {
    bench: typeof bench;
  }
}
window.bench = bench;
document.body.dataset.ready = 'true';
