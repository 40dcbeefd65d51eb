import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { CameraState } from '../events.js';

export type CameraStatus = 'idle' | 'starting' | CameraState;

/**
 * Resolutions to try, best first: more pixels on the card means a readable barcode. A device that
 * cannot do one is asked for the next.
 */
export const RESOLUTION_LADDER = [
  { width: 3840, height: 2160 },
  { width: 1920, height: 1080 },
  { width: 1280, height: 720 },
] as const;

/**
 * Owns the camera stream: asks for it, tells the host what state it is in, and stops every track
 * when the host goes away. The host renders from `status` and `stream`.
 */
export class CameraController implements ReactiveController {
  status: CameraStatus = 'idle';
  stream: MediaStream | null = null;
  /** The DOMException name of the last failure, for diagnostics. */
  failure: string | null = null;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly onState: (state: CameraState) => void,
  ) {
    host.addController(this);
  }

  hostDisconnected(): void {
    this.stop();
  }

  /** Opens the back camera at the best resolution it gives. */
  async start(facingMode: 'environment' | 'user' = 'environment'): Promise<void> {
    if (this.status === 'starting' || this.status === 'live') return;
    this.setStatus('starting');
    if (!navigator.mediaDevices?.getUserMedia) {
      // Insecure contexts and some in-app browsers have no getUserMedia at all.
      this.failure = 'NotSupportedError';
      this.setStatus('unavailable');
      return;
    }
    let lastError: unknown;
    for (const size of RESOLUTION_LADDER) {
      try {
        const stream = await navigator.mediaDevices.getUserMedia({
          audio: false,
          video: {
            facingMode: { ideal: facingMode },
            width: { ideal: size.width },
            height: { ideal: size.height },
            frameRate: { ideal: 30 },
          },
        });
        this.attach(stream);
        return;
      } catch (error) {
        lastError = error;
        // Only a resolution the device cannot do is worth another try; a refusal is final.
        if ((error as DOMException)?.name !== 'OverconstrainedError') break;
      }
    }
    this.failure = (lastError as DOMException)?.name ?? 'Error';
    this.setStatus(this.failure === 'NotAllowedError' || this.failure === 'SecurityError' ? 'denied' : 'unavailable');
  }

  stop(): void {
    for (const track of this.stream?.getTracks() ?? []) track.stop();
    this.stream = null;
    if (this.status === 'live' || this.status === 'starting') this.setStatus('ended');
  }

  private attach(stream: MediaStream): void {
    this.stream = stream;
    for (const track of stream.getVideoTracks()) {
      track.addEventListener('ended', () => {
        if (this.stream === stream) {
          this.stream = null;
          this.setStatus('ended');
        }
      });
    }
    this.failure = null;
    this.setStatus('live');
  }

  private setStatus(status: CameraStatus): void {
    this.status = status;
    this.host.requestUpdate();
    if (status !== 'idle' && status !== 'starting') this.onState(status);
  }
}
