import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** What the preview follows: the camera's stream and whether it is live. */
interface PreviewSource {
  readonly status: string;
  readonly stream: MediaStream | null;
}

/**
 * Keeps the rendered preview `<video>` on the camera's stream, and starts the frame loop on it once
 * its first frame is in while the capture screen shows. Runs after each render of the host, since a
 * render may have replaced the video element.
 */
export class PreviewVideoController implements ReactiveController {
  private readonly watched = new WeakSet<HTMLVideoElement>();

  constructor(
    private readonly host: ReactiveControllerHost & { readonly renderRoot: ParentNode },
    private readonly options: {
      camera: PreviewSource;
      /** The capture screen shows: the loop may run. */
      capturing: () => boolean;
      startLoop: (video: HTMLVideoElement) => void;
    },
  ) {
    host.addController(this);
  }

  hostUpdated(): void {
    const video = this.host.renderRoot.querySelector('video');
    if (!video) return;
    const { camera, capturing, startLoop } = this.options;
    if (video.srcObject !== camera.stream) video.srcObject = camera.stream;
    if (camera.status !== 'live' || !capturing()) return;
    if (!this.watched.has(video)) {
      // The guide and the loop need the frame size: render again when the first frame is in and
      // whenever it changes (a camera switch, a phone turned).
      this.watched.add(video);
      video.addEventListener('loadeddata', () => this.host.requestUpdate());
      video.addEventListener('resize', () => this.host.requestUpdate());
    }
    if (video.videoWidth > 0) startLoop(video);
  }
}
