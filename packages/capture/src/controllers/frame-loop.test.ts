import { TestHost } from '@berbix-capture/testing/host';
import { afterEach, describe, expect, it } from 'vitest';
import type { FrameAnalyser, FrameContext } from '../analysers/types.js';
import { guideRect } from '../guide.js';
import { type AnalysedFrame, FrameLoopController } from './frame-loop.js';

let stream: MediaStream | null = null;
afterEach(() => {
  for (const track of stream?.getTracks() ?? []) track.stop();
  document.body.innerHTML = '';
});

async function liveVideo(): Promise<HTMLVideoElement> {
  stream = await navigator.mediaDevices.getUserMedia({ video: { width: 1280, height: 720 } });
  const video = document.createElement('video');
  video.muted = true;
  video.srcObject = stream;
  document.body.append(video);
  await video.play();
  return video;
}

describe('FrameLoopController (real video frames)', () => {
  it('never has more than one frame in flight per analyser, and hands each the guide crop', async () => {
    const video = await liveVideo();
    let inFlight = 0;
    let maxInFlight = 0;
    let calls = 0;
    const crops: Array<[number, number, FrameContext]> = [];
    const slow: FrameAnalyser<number> = {
      id: 'slow',
      steps: ['upload_document_front'],
      prepare: async () => {},
      analyse: async (frame, context) => {
        inFlight++;
        calls++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        crops.push([frame.width, frame.height, context]);
        frame.close();
        await new Promise((resolve) => setTimeout(resolve, 150));
        inFlight--;
        return calls;
      },
    };
    const frames: AnalysedFrame[] = [];
    const loop = new FrameLoopController(new TestHost(), {
      analysers: () => [slow],
      step: () => 'upload_document_front',
      guide: (w, h) => guideRect(w, h, 85.6 / 54),
      onFrame: (frame) => {
        frames.push(frame);
        frame.frame.close();
      },
    });
    loop.start(video);
    await new Promise((resolve) => setTimeout(resolve, 1200));
    loop.stop();
    expect(maxInFlight).toBe(1);
    // About 1200 / 150 frames, far fewer than the ~36 the camera delivered: the rest were skipped.
    expect(calls).toBeGreaterThanOrEqual(4);
    expect(calls).toBeLessThanOrEqual(9);
    const [width, height, context] = crops[0] as [number, number, FrameContext];
    expect([width, height]).toEqual([context.guide.width, context.guide.height]);
    expect(context.frameWidth).toBe(video.videoWidth);
    expect(frames[0]?.results.get('slow')).toBe(1);
  });

  it("hands an analyser whose region is 'frame' the whole frame, and says where the guide is", async () => {
    const video = await liveVideo();
    const seen: Array<[number, number, FrameContext]> = [];
    const whole: FrameAnalyser = {
      id: 'whole',
      steps: ['upload_document_front'],
      region: 'frame',
      analyse: async (frame, context) => {
        seen.push([frame.width, frame.height, context]);
        frame.close();
        return null;
      },
    };
    const loop = new FrameLoopController(new TestHost(), {
      analysers: () => [whole],
      step: () => 'upload_document_front',
      guide: (w, h) => guideRect(w, h, 85.6 / 54),
      onFrame: (frame) => frame.frame.close(),
    });
    loop.start(video);
    await new Promise((resolve) => setTimeout(resolve, 400));
    loop.stop();
    const [width, height, context] = seen[0] as [number, number, FrameContext];
    expect([width, height]).toEqual([video.videoWidth, video.videoHeight]);
    expect(context.guide.width).toBeLessThan(width);
    expect(context.guide).toEqual(guideRect(width, height, 85.6 / 54));
  });

  it("hands an analyser that reads video frames the camera's own frame, cropped to the guide, and the others bitmaps", async () => {
    const video = await liveVideo();
    const cameraCrops: Array<{
      format: string | null;
      rect: [number, number, number, number];
      guide: FrameContext['guide'];
    }> = [];
    let bitmapsToVideoReader = 0;
    const videoReader: FrameAnalyser = {
      id: 'video-reader',
      steps: ['upload_document_front'],
      analyse: async (frame) => {
        bitmapsToVideoReader++;
        frame.close();
        return null;
      },
      analyseVideoFrame: async (frame, context) => {
        const rect = frame.visibleRect as DOMRectReadOnly;
        cameraCrops.push({
          format: frame.format,
          rect: [rect.x, rect.y, rect.width, rect.height],
          guide: context.guide,
        });
        frame.close();
        return null;
      },
    };
    const bitmaps: Array<[number, number]> = [];
    const bitmapReader: FrameAnalyser = {
      id: 'bitmap-reader',
      steps: ['upload_document_front'],
      analyse: async (frame) => {
        bitmaps.push([frame.width, frame.height]);
        frame.close();
        return null;
      },
    };
    const loop = new FrameLoopController(new TestHost(), {
      analysers: () => [videoReader, bitmapReader],
      step: () => 'upload_document_front',
      guide: (w, h) => guideRect(w, h, 85.6 / 54),
      onFrame: (frame) => frame.frame.close(),
    });
    loop.start(video);
    await new Promise((resolve) => setTimeout(resolve, 500));
    loop.stop();
    expect(bitmapsToVideoReader).toBe(0);
    expect(cameraCrops.length).toBeGreaterThan(0);
    expect(bitmaps.length).toBeGreaterThan(0);
    // Chromium's camera gives I420: the crop starts on even pixels, covers the guide and at most a
    // pixel more on each side.
    const { format, rect, guide } = cameraCrops[0] as (typeof cameraCrops)[number];
    expect(format).toBe('I420');
    const [x, y, width, height] = rect;
    expect([x % 2, y % 2, width % 2, height % 2]).toEqual([0, 0, 0, 0]);
    expect(x).toBeLessThanOrEqual(guide.x);
    expect(y).toBeLessThanOrEqual(guide.y);
    expect(x + width).toBeGreaterThanOrEqual(guide.x + guide.width);
    expect(y + height).toBeGreaterThanOrEqual(guide.y + guide.height);
    expect(guide.x - x).toBeLessThanOrEqual(1);
    expect(x + width - (guide.x + guide.width)).toBeLessThanOrEqual(1);
    expect(bitmaps[0]).toEqual([guide.width, guide.height]);
  });

  it('runs an analyser only on its steps, and prepares it lazily when its step begins', async () => {
    const video = await liveVideo();
    let prepared = 0;
    let analysed = 0;
    let step: 'upload_document_front' | 'upload_document_back' = 'upload_document_front';
    const backOnly: FrameAnalyser = {
      id: 'back-only',
      steps: ['upload_document_back'],
      prepare: async () => {
        prepared++;
      },
      analyse: async (frame) => {
        analysed++;
        frame.close();
        return null;
      },
    };
    const loop = new FrameLoopController(new TestHost(), {
      analysers: () => [backOnly],
      step: () => step,
      guide: (w, h) => guideRect(w, h, 85.6 / 54),
      onFrame: (frame) => frame.frame.close(),
    });
    loop.start(video);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect([prepared, analysed]).toEqual([0, 0]);
    step = 'upload_document_back';
    await loop.prepareForStep();
    await new Promise((resolve) => setTimeout(resolve, 300));
    loop.stop();
    expect(prepared).toBe(1);
    expect(analysed).toBeGreaterThan(0);
  });
});
