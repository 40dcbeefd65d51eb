import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { CameraState } from '../events.js';
import { ExposureControl, type ExposureDirection } from './exposure.js';
import { type CameraPreference, focusesContinuously, hasTorch, rankBackCameras } from './lens.js';

export type { CameraPreference } from './lens.js';

/** `idle` before the first start, `starting` while asking, then one of the public camera states. */
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
 * Owns the camera stream: asks for it (best resolution, a lens that focuses close), tells the host
 * what state it is in, offers switching and the torch, and stops every track when the host goes
 * away or the page is hidden (re-opening when it is visible again). The host renders from
 * `status`, `stream`, `canSwitch` and `torch`.
 */
export class CameraController implements ReactiveController {
  status: CameraStatus = 'idle';
  stream: MediaStream | null = null;
  /** The DOMException name of the last failure, for diagnostics. */
  failure: string | null = null;
  /** Video inputs the browser lists (labels only after permission). */
  devices: MediaDeviceInfo[] = [];
  /** Whether the open track has a torch, and whether it is on. */
  torch: { available: boolean; on: boolean } = { available: false, on: false };
  /** What was asked for last: a facing mode or a device id. */
  preference: CameraPreference = 'environment';

  /** Exposure control of the open track, where it has any. */
  private exposure: ExposureControl | null = null;
  /** Set while the page is hidden with the camera live, so it reopens on return. */
  private reopenWhenVisible = false;
  /** Bumped by every start/stop so a slow getUserMedia answer cannot revive a stopped camera. */
  private generation = 0;
  private listening = false;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly onState: (state: CameraState) => void,
  ) {
    host.addController(this);
  }

  get canSwitch(): boolean {
    return this.devices.length > 1;
  }

  hostConnected(): void {
    if (this.listening) return;
    this.listening = true;
    document.addEventListener('visibilitychange', this.onVisibilityChange);
    navigator.mediaDevices?.addEventListener?.('devicechange', this.onDeviceChange);
  }

  hostDisconnected(): void {
    this.listening = false;
    document.removeEventListener('visibilitychange', this.onVisibilityChange);
    navigator.mediaDevices?.removeEventListener?.('devicechange', this.onDeviceChange);
    this.reopenWhenVisible = false;
    this.stop();
  }

  /** Opens the camera the preference names, at the best resolution it gives. */
  async start(preference: CameraPreference = this.preference): Promise<void> {
    if (this.status === 'starting' || (this.status === 'live' && preference === this.preference)) return;
    this.releaseTracks();
    this.preference = preference;
    const generation = ++this.generation;
    this.setStatus('starting');
    if (!navigator.mediaDevices?.getUserMedia) {
      // Insecure contexts and some in-app browsers have no getUserMedia at all.
      this.failure = 'NotSupportedError';
      this.setStatus('unavailable');
      return;
    }
    try {
      let stream = await this.open(preference);
      if (generation !== this.generation) return release(stream);
      await this.refreshDevices();
      if (preference === 'environment') stream = await this.preferCloseFocusLens(stream, generation);
      if (generation !== this.generation) return release(stream);
      this.attach(stream);
    } catch (error) {
      if (generation !== this.generation) return;
      this.failure = (error as DOMException)?.name ?? 'Error';
      this.setStatus(this.failure === 'NotAllowedError' || this.failure === 'SecurityError' ? 'denied' : 'unavailable');
    }
  }

  /** Stops every track; the state becomes `ended` if the camera was live. */
  stop(): void {
    this.generation++;
    const wasActive = this.status === 'live' || this.status === 'starting';
    this.releaseTracks();
    if (wasActive) this.setStatus('ended');
  }

  /** Moves to the next camera the device lists. */
  async switchCamera(): Promise<void> {
    if (!this.canSwitch) return;
    const current = this.stream?.getVideoTracks()[0]?.getSettings().deviceId;
    const index = this.devices.findIndex((d) => d.deviceId === current);
    const next = this.devices[(index + 1) % this.devices.length];
    if (!next) return;
    this.status = 'ended';
    await this.start(next.deviceId);
  }

  /** Turns the torch on or off where the track supports it. */
  async setTorch(on: boolean): Promise<void> {
    const track = this.stream?.getVideoTracks()[0];
    if (!track || !hasTorch(track)) return;
    await track.applyConstraints({ advanced: [{ torch: on } as MediaTrackConstraintSet] });
    this.torch = { available: true, on };
    this.host.requestUpdate();
  }

  /**
   * Moves the exposure one step `direction` where the track allows it: down for glare or an
   * over-exposed frame, up for a dark one. True while the camera is dealing with it (the caller
   * holds its advice back); false when it cannot, or has gone as far as it should, and the person
   * must be asked instead.
   */
  adjustExposure(direction: ExposureDirection, now: number = performance.now()): boolean {
    return this.exposure?.move(direction, now) ?? false;
  }

  /** Undoes `adjustExposure` (a new step starts from the camera's own exposure). */
  async restoreExposure(): Promise<void> {
    await this.exposure?.restore();
  }

  /** Walks the resolution ladder; only a resolution the device cannot do is worth another try. */
  private async open(preference: CameraPreference): Promise<MediaStream> {
    const source: MediaTrackConstraints =
      preference === 'environment' || preference === 'user'
        ? { facingMode: { ideal: preference } }
        : { deviceId: { exact: preference } };
    let lastError: unknown;
    for (const size of RESOLUTION_LADDER) {
      try {
        return await navigator.mediaDevices.getUserMedia({
          audio: false,
          video: { ...source, width: { ideal: size.width }, height: { ideal: size.height }, frameRate: { ideal: 30 } },
        });
      } catch (error) {
        lastError = error;
        if ((error as DOMException)?.name !== 'OverconstrainedError') break;
      }
    }
    throw lastError;
  }

  /**
   * With permission granted the labels are known: if the browser opened a lens that is poor at close
   * range (or cannot focus continuously) and a better back lens exists, open that one instead.
   */
  private async preferCloseFocusLens(stream: MediaStream, generation: number): Promise<MediaStream> {
    const track = stream.getVideoTracks()[0];
    const current = track?.getSettings().deviceId;
    const ranked = rankBackCameras(this.devices);
    const best = ranked[0];
    if (!track || !best || best === current) return stream;
    const currentRank = current ? ranked.indexOf(current) : -1;
    if (currentRank === 0 || (currentRank > 0 && focusesContinuously(track) && hasTorch(track))) return stream;
    release(stream);
    if (generation !== this.generation) return stream;
    try {
      return await this.open(best);
    } catch {
      // The better lens would not open: fall back to what the browser chose.
      return this.open('environment');
    }
  }

  private async refreshDevices(): Promise<void> {
    try {
      const all = await navigator.mediaDevices.enumerateDevices();
      this.devices = all.filter((d) => d.kind === 'videoinput');
    } catch {
      this.devices = [];
    }
    this.host.requestUpdate();
  }

  private attach(stream: MediaStream): void {
    this.stream = stream;
    const track = stream.getVideoTracks()[0];
    track?.addEventListener('ended', () => {
      // The device went away (unplugged, taken by another app): say so, and offer to reopen.
      if (this.stream !== stream) return;
      this.releaseTracks();
      this.setStatus('ended');
    });
    this.torch = { available: hasTorch(track), on: false };
    this.exposure = ExposureControl.for(track);
    this.failure = null;
    this.setStatus('live');
  }

  private releaseTracks(): void {
    // Best effort, before the track stops: some devices keep a lowered exposure for the next opener.
    void this.exposure?.restore();
    this.exposure = null;
    if (this.stream) release(this.stream);
    this.stream = null;
    this.torch = { available: false, on: false };
  }

  private setStatus(status: CameraStatus): void {
    this.status = status;
    this.host.requestUpdate();
    if (status !== 'idle' && status !== 'starting') this.onState(status);
  }

  private readonly onVisibilityChange = (): void => {
    if (document.visibilityState === 'hidden') {
      // A hidden page keeps no camera: the light goes off and other apps can use it.
      if (this.status === 'live' || this.status === 'starting') {
        this.reopenWhenVisible = true;
        this.stop();
      }
    } else if (this.reopenWhenVisible) {
      this.reopenWhenVisible = false;
      void this.start(this.preference);
    }
  };

  private readonly onDeviceChange = (): void => {
    void this.refreshDevices().then(() => {
      // A camera plugged in after "no camera" deserves another try.
      if (this.status === 'unavailable' && this.devices.length > 0) void this.start(this.preference);
    });
  };
}

function release(stream: MediaStream): void {
  for (const track of stream.getTracks()) track.stop();
}
