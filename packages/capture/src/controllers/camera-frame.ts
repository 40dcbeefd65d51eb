/**
 * The camera's own frame as a `VideoFrame`, for analysers that read its planes directly: making one
 * from the video copies nothing, and a crop of it is a view of the same memory.
 */
import type { Rect } from '../analysers/types.js';
import { shownAsStored } from '../video-frames.js';

let travel: boolean | undefined;

/**
 * Whether this browser has `VideoFrame` and can transfer one to a worker: one that cannot would
 * make every frame sent to the analyser's worker fail. Checked once, on a 2 x 2 frame.
 */
function videoFramesTravel(): boolean {
  if (travel !== undefined) return travel;
  travel = false;
  if (typeof VideoFrame !== 'function' || typeof structuredClone !== 'function') return travel;
  let probe: VideoFrame | null = null;
  try {
    probe = new VideoFrame(new Uint8Array(6), { format: 'I420', codedWidth: 2, codedHeight: 2, timestamp: 0 });
    // Transferring is what posting it to a worker does; the clone comes back at once.
    (structuredClone(probe, { transfer: [probe] }) as VideoFrame).close();
    travel = true;
  } catch {
    travel = false;
  } finally {
    probe?.close();
  }
  return travel;
}

/**
 * The video's current frame, or null where the browser has no `VideoFrame` (or cannot send one to
 * a worker) or shows the frame differently from how it is stored (turned, mirrored or scaled: a
 * crop in the frame's own coordinates would then miss the guide).
 */
export function grabCameraFrame(video: HTMLVideoElement): VideoFrame | null {
  if (!videoFramesTravel()) return null;
  let frame: VideoFrame;
  try {
    frame = new VideoFrame(video);
  } catch {
    return null;
  }
  const asShown =
    shownAsStored(frame) && frame.displayWidth === video.videoWidth && frame.displayHeight === video.videoHeight;
  if (asShown) return frame;
  frame.close();
  return null;
}

/**
 * A new frame of `frame` showing `rect` (frame pixels), widened to even coordinates so every
 * subsampled plane starts on a whole sample (I420's chroma is one sample per 2 x 2 pixels) and
 * clipped to the frame; the whole frame when `rect` is null. Null when the browser refuses the crop.
 */
export function cropCameraFrame(frame: VideoFrame, rect: Rect | null): VideoFrame | null {
  try {
    if (!rect) return frame.clone();
    const visible = frame.visibleRect as DOMRectReadOnly;
    const x0 = Math.max(0, Math.floor(rect.x / 2) * 2);
    const y0 = Math.max(0, Math.floor(rect.y / 2) * 2);
    const x1 = Math.min(visible.width, Math.ceil((rect.x + rect.width) / 2) * 2);
    const y1 = Math.min(visible.height, Math.ceil((rect.y + rect.height) / 2) * 2);
    if (x1 - x0 < 2 || y1 - y0 < 2) return null;
    return new VideoFrame(frame, {
      visibleRect: { x: visible.x + x0, y: visible.y + y0, width: x1 - x0, height: y1 - y0 },
    });
  } catch {
    return null;
  }
}
