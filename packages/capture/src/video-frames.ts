/** What the main thread and the PDF417 worker both need to know about a `VideoFrame`. */

/** `rotation` and `flip` are newer than the DOM types: a camera that reports them turns its frames on display. */
type TurnableFrame = VideoFrame & { rotation?: number; flip?: boolean };

/**
 * The frame is shown as it is stored: its visible part at its own size, neither turned nor
 * mirrored. Otherwise a crop in its own coordinates misses what the person sees, and its planes
 * are not the picture the browser would draw.
 */
export function shownAsStored(frame: VideoFrame): boolean {
  const rect = frame.visibleRect;
  const turnable = frame as TurnableFrame;
  return (
    rect !== null &&
    frame.displayWidth === rect.width &&
    frame.displayHeight === rect.height &&
    !turnable.rotation &&
    !turnable.flip
  );
}
