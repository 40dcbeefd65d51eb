import type { Step } from '@berbix-capture/protocol';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { FrameAnalyser, FrameContext, Rect } from '../analysers/types.js';
import { cropCameraFrame, grabCameraFrame } from './camera-frame.js';

/** One grabbed frame and what each analyser said about it. */
export interface AnalysedFrame {
  /** The full frame; the receiver owns it and must close it or keep it. */
  frame: ImageBitmap;
  context: FrameContext;
  /** Results keyed by analyser id; an analyser that failed on this frame is absent. */
  results: Map<string, unknown>;
}

export type FrameLoopStatus = 'stopped' | 'running';

type VideoWithFrameCallback = HTMLVideoElement & {
  requestVideoFrameCallback?: (callback: () => void) => number;
  cancelVideoFrameCallback?: (handle: number) => void;
};

/**
 * Drives the analysers from the live video: on each new video frame (`requestVideoFrameCallback`,
 * or `requestAnimationFrame` where it is missing) it grabs the frame, crops the guide region (or
 * copies the whole frame, for an analyser whose `region` is 'frame') for every analyser that is idle
 * and runs on this step, and hands the results back. An analyser with `analyseVideoFrame` gets the
 * camera's own frame, cropped without a copy, where the browser can make one. An analyser never
 * has more than one frame in flight; a frame that finds every analyser busy is skipped, so a slow
 * decoder lowers its own rate and nothing queues up.
 */
export class FrameLoopController implements ReactiveController {
  status: FrameLoopStatus = 'stopped';
  private video: VideoWithFrameCallback | null = null;
  private handle: number | null = null;
  private usesVideoCallback = false;
  private readonly inFlight = new Set<string>();
  private readonly prepared = new Set<string>();
  private grabbing = false;
  /** Aborted on stop, so late results of a previous run are dropped. */
  private run = new AbortController();

  constructor(
    host: ReactiveControllerHost,
    private readonly options: {
      analysers: () => readonly FrameAnalyser[];
      step: () => Step | null;
      guide: (frameWidth: number, frameHeight: number) => Rect;
      onFrame: (frame: AnalysedFrame) => void;
      /** An analyser could not load (it is left out until the next step tries again). */
      onPrepareFailed?: (analyser: FrameAnalyser, error: unknown) => void;
    },
  ) {
    host.addController(this);
  }

  hostDisconnected(): void {
    this.stop();
    for (const analyser of this.options.analysers()) analyser.dispose?.();
    this.prepared.clear();
  }

  /** Starts (or restarts on a new video element) the loop. */
  start(video: HTMLVideoElement): void {
    if (this.status === 'running' && this.video === video) return;
    this.stop();
    this.video = video;
    this.status = 'running';
    void this.prepareForStep();
    this.schedule();
  }

  stop(): void {
    this.run.abort();
    this.run = new AbortController();
    if (this.handle !== null && this.video) {
      if (this.usesVideoCallback) this.video.cancelVideoFrameCallback?.(this.handle);
      else cancelAnimationFrame(this.handle);
    }
    this.handle = null;
    this.video = null;
    this.status = 'stopped';
  }

  /** Loads the analysers the current step needs; each one only once, and never before its step. */
  async prepareForStep(): Promise<void> {
    const step = this.options.step();
    await Promise.all(
      this.active(step).map(async (analyser) => {
        if (this.prepared.has(analyser.id)) return;
        this.prepared.add(analyser.id);
        try {
          await analyser.prepare?.();
        } catch (error) {
          // An analyser that cannot load is left out; capture still works with the shutter.
          this.prepared.delete(analyser.id);
          this.options.onPrepareFailed?.(analyser, error);
        }
      }),
    );
  }

  private active(step: Step | null): FrameAnalyser[] {
    if (!step) return [];
    return this.options.analysers().filter((analyser) => analyser.steps.includes(step));
  }

  private schedule(): void {
    const video = this.video;
    if (!video || this.status !== 'running') return;
    this.usesVideoCallback = typeof video.requestVideoFrameCallback === 'function';
    this.handle = this.usesVideoCallback
      ? (video.requestVideoFrameCallback as (cb: () => void) => number).call(video, this.tick)
      : requestAnimationFrame(this.tick);
  }

  private readonly tick = (): void => {
    this.handle = null;
    void this.grab();
    this.schedule();
  };

  private async grab(): Promise<void> {
    const video = this.video;
    const step = this.options.step();
    if (!video || !step || this.grabbing || video.readyState < 2 || video.videoWidth === 0) return;
    const idle = this.active(step).filter((a) => this.prepared.has(a.id) && !this.inFlight.has(a.id));
    if (idle.length === 0) return;
    const { signal } = this.run;
    this.grabbing = true;
    // Taken in the same task as the bitmap below, so both hold the same camera frame.
    let camera = idle.some((a) => a.analyseVideoFrame) ? grabCameraFrame(video) : null;
    let frame: ImageBitmap;
    try {
      frame = await createImageBitmap(video);
    } catch {
      camera?.close();
      return;
    } finally {
      this.grabbing = false;
    }
    if (signal.aborted) {
      camera?.close();
      return frame.close();
    }
    const context: FrameContext = {
      step,
      guide: this.options.guide(frame.width, frame.height),
      frameWidth: frame.width,
      frameHeight: frame.height,
      timestamp: performance.now(),
    };
    // The bitmap and the camera frame must match for a crop of one to be a crop of the other.
    if (camera && (camera.displayWidth !== frame.width || camera.displayHeight !== frame.height)) {
      camera.close();
      camera = null;
    }
    for (const analyser of idle) this.inFlight.add(analyser.id);
    const pending = idle.map((analyser) => {
      const region = analyser.region === 'frame' ? null : context.guide;
      const cameraCrop = analyser.analyseVideoFrame && camera ? cropCameraFrame(camera, region) : null;
      return (async () => {
        try {
          if (cameraCrop && analyser.analyseVideoFrame)
            return [analyser.id, await analyser.analyseVideoFrame(cameraCrop, context)] as const;
          const crop = region
            ? await createImageBitmap(frame, region.x, region.y, region.width, region.height)
            : await createImageBitmap(frame);
          return [analyser.id, await analyser.analyse(crop, context)] as const;
        } finally {
          this.inFlight.delete(analyser.id);
        }
      })();
    });
    // The crops are views of their own; the camera's frame goes back to its pool now.
    camera?.close();
    const settled = await Promise.allSettled(pending);
    if (signal.aborted) return frame.close();
    const results = new Map<string, unknown>();
    for (const outcome of settled) if (outcome.status === 'fulfilled') results.set(outcome.value[0], outcome.value[1]);
    this.options.onFrame({ frame, context, results });
  }
}
