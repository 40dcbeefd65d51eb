/**
 * Takes one still frame from a live `<video>` for the shutter.
 *
 * Why not one `createImageBitmap(video)`: Chromium sometimes refuses a single grab of a large live
 * frame ("The ImageBitmap could not be allocated"), seen with 3840x2160 camera frames, and a
 * phone under memory pressure can do the same. A shutter that silently ignores such a press
 * leaves the person tapping a button that does nothing. So a refused grab is tried again on the
 * next video frames, and only a run of refusals is reported, as `null`, for the caller to say so.
 * A video with no frame yet is waited for the same way.
 */

type FrameWaitingVideo = HTMLVideoElement & {
  requestVideoFrameCallback?: (callback: () => void) => number;
};

/** Grabs tried before giving up: five frames is about 170 ms of a 30 fps camera. */
export const GRAB_ATTEMPTS = 5;
/** The longest wait for a next frame, so a paused or ended video cannot hold the shutter. */
const NEXT_FRAME_TIMEOUT_MS = 250;

export async function grabVideoFrame(video: HTMLVideoElement, attempts = GRAB_ATTEMPTS): Promise<ImageBitmap | null> {
  for (let attempt = 1; attempt <= attempts; attempt++) {
    // A camera that has not shown its first frame yet (a press right as it opens) is waited for too.
    if (video.videoWidth > 0 && video.readyState >= 2) {
      try {
        return await createImageBitmap(video);
      } catch {
        // Refused: try the next frame.
      }
    }
    if (attempt < attempts) await nextVideoFrame(video);
  }
  return null;
}

function nextVideoFrame(video: FrameWaitingVideo): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, NEXT_FRAME_TIMEOUT_MS);
    const done = () => {
      clearTimeout(timer);
      resolve();
    };
    if (typeof video.requestVideoFrameCallback === 'function') video.requestVideoFrameCallback(done);
    else requestAnimationFrame(done);
  });
}
