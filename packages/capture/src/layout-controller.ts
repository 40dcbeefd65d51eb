import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { PreviewBox } from './guide.js';

/**
 * `layout`: `framed` keeps the camera in a box of the stream's shape with the file path below it;
 * `fullscreen` fills the element's container with the camera on every device; `auto` (the default)
 * is `fullscreen`'s camera screen on a touch device and `framed` elsewhere.
 */
export type Layout = 'auto' | 'framed' | 'fullscreen';

export function layoutOf(value: string | null | undefined): Layout {
  const v = value?.trim().toLowerCase();
  return v === 'framed' || v === 'fullscreen' ? v : 'auto';
}

/**
 * A touch device: the primary pointer is a finger. A narrow desktop window is not one (its mouse
 * can still drag a file), and a laptop with a touch screen whose primary pointer is a mouse is not
 * either. On a touch device there is no drop zone and no "drag" wording.
 */
export const TOUCH_QUERY = '(pointer: coarse)';

/** The capture screen is the camera (a cover-fitted preview with the text and buttons over it). */
export function cameraFirst(layout: Layout, touch: boolean): boolean {
  return layout === 'fullscreen' || (layout === 'auto' && touch);
}

const KEYS_THAT_MOVE_NOTHING = new Set(['Shift', 'Control', 'Alt', 'Meta', 'CapsLock']);

/**
 * What the element's layout depends on besides its attributes: whether this is a touch device,
 * whether the person's last input was the keyboard (headings show their focus ring only then), and
 * the size of the cover-fitted preview and of its guide area (the guide and the analysed region are
 * computed from it). Re-renders the host when any of them changes.
 */
export class LayoutController implements ReactiveController {
  touch = false;
  keyboard = false;
  /** The cover-fitted preview's box, or null when none is shown. */
  box: PreviewBox | null = null;

  private media: MediaQueryList | null = null;
  private resize: ResizeObserver | null = null;
  private stage: HTMLElement | null = null;
  private area: HTMLElement | null = null;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostConnected(): void {
    this.media = typeof matchMedia === 'function' ? matchMedia(TOUCH_QUERY) : null;
    this.media?.addEventListener('change', this.onMedia);
    this.touch = this.media?.matches ?? false;
    // Capture phase on the window: the element hears every key and press, wherever focus is.
    addEventListener('keydown', this.onKey, true);
    addEventListener('pointerdown', this.onPointer, true);
  }

  hostDisconnected(): void {
    this.media?.removeEventListener('change', this.onMedia);
    removeEventListener('keydown', this.onKey, true);
    removeEventListener('pointerdown', this.onPointer, true);
    this.watch(null, null);
  }

  /** The capture screen is the camera for this `layout` attribute on this device. */
  cameraFirst(layout: string | null | undefined): boolean {
    return cameraFirst(layoutOf(layout), this.touch);
  }

  /** The measured preview box while the camera screen shows (the guide and the analysed region follow it). */
  coverBox(layout: string | null | undefined): PreviewBox | null {
    return this.cameraFirst(layout) ? this.box : null;
  }

  /**
   * Measures this preview box and its guide area from now on (null: no cover-fitted preview). Call
   * after each render; watching the same elements again does nothing.
   */
  watch(stage: HTMLElement | null, area: HTMLElement | null): void {
    if (stage === this.stage && area === this.area) return;
    this.resize?.disconnect();
    this.stage = stage;
    this.area = area;
    if (!stage) {
      this.resize = null;
      this.setBox(null);
      return;
    }
    this.resize = new ResizeObserver(() => this.measure());
    this.resize.observe(stage);
    if (area) this.resize.observe(area);
    this.measure();
  }

  private measure(): void {
    const { stage, area } = this;
    if (!stage) return;
    const s = stage.getBoundingClientRect();
    const a = area?.getBoundingClientRect();
    this.setBox({
      width: s.width,
      height: s.height,
      ...(a &&
        a.width > 0 &&
        a.height > 0 && { area: { x: a.left - s.left, y: a.top - s.top, width: a.width, height: a.height } }),
    });
  }

  private setBox(box: PreviewBox | null): void {
    // Whole pixels: sub-pixel layout noise must not move the guide.
    const round = (b: PreviewBox | null) =>
      b &&
      JSON.stringify(
        [b.width, b.height, b.area?.x, b.area?.y, b.area?.width, b.area?.height].map((v) => Math.round(v ?? -1)),
      );
    if (round(box) === round(this.box)) return;
    this.box = box;
    this.host.requestUpdate();
  }

  private readonly onMedia = (event: MediaQueryListEvent) => {
    this.touch = event.matches;
    this.host.requestUpdate();
  };

  private readonly onKey = (event: KeyboardEvent) => {
    if (this.keyboard || KEYS_THAT_MOVE_NOTHING.has(event.key)) return;
    this.keyboard = true;
    this.host.requestUpdate();
  };

  private readonly onPointer = () => {
    if (!this.keyboard) return;
    this.keyboard = false;
    this.host.requestUpdate();
  };
}
