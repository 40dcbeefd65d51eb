import { TestHost } from '@berbix-capture/testing/host';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CameraState } from '../events.js';
import { CameraController } from './camera.js';
import { focusesContinuously, hasTorch, rankBackCameras } from './lens.js';

function setup() {
  const host = new TestHost();
  const states: CameraState[] = [];
  const camera = new CameraController(host, (state) => states.push(state));
  host.connect();
  return { host, camera, states };
}

function setVisibility(state: DocumentVisibilityState) {
  Object.defineProperty(document, 'visibilityState', { value: state, configurable: true });
  document.dispatchEvent(new Event('visibilitychange'));
}

afterEach(() => {
  vi.restoreAllMocks();
  // Back to the real getter.
  delete (document as unknown as Record<string, unknown>).visibilityState;
});

describe('CameraController (Chromium fake camera)', () => {
  it('opens the camera live at the best resolution the device gives, and stops every track', async () => {
    const { camera, states, host } = setup();
    await camera.start();
    expect(camera.status).toBe('live');
    expect(states).toEqual(['live']);
    const track = camera.stream?.getVideoTracks()[0] as MediaStreamTrack;
    expect(track.readyState).toBe('live');
    expect(track.getSettings().width).toBeGreaterThanOrEqual(1280);
    expect(camera.devices.length).toBeGreaterThan(0);
    expect(camera.torch.available).toBe(false);
    host.disconnect();
    expect(track.readyState).toBe('ended');
    expect(camera.stream).toBeNull();
    expect(states).toEqual(['live', 'ended']);
  });

  it('walks the resolution ladder on OverconstrainedError: 4K, then 1080p', async () => {
    const real = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
    const asked: number[] = [];
    vi.spyOn(navigator.mediaDevices, 'getUserMedia').mockImplementation(async (constraints) => {
      const video = (constraints as MediaStreamConstraints).video as MediaTrackConstraints;
      const width = (video.width as ConstrainULongRange).ideal as number;
      asked.push(width);
      if (width > 1920) throw new DOMException('too big', 'OverconstrainedError');
      return real(constraints);
    });
    const { camera, host } = setup();
    await camera.start();
    expect(asked.slice(0, 2)).toEqual([3840, 1920]);
    expect(camera.status).toBe('live');
    host.disconnect();
  });

  it("lowers the exposure time of Chromium's fake camera (manual, 10-100 in steps of 5), puts it back, and never lengthens it", async () => {
    const { camera, host } = setup();
    await camera.start();
    const track = camera.stream?.getVideoTracks()[0] as MediaStreamTrack;
    const settings = () => track.getSettings() as MediaTrackSettings & { exposureTime?: number; exposureMode?: string };
    const start = settings().exposureTime as number;
    expect(start).toBeGreaterThan(10);
    expect(camera.adjustExposure('down', 0)).toBe(true);
    await vi.waitFor(() => expect(settings().exposureTime).toBeLessThan(start));
    expect((settings().exposureTime as number) % 5).toBe(0);
    // Step after step down to the floor (a quarter of the start, or the device minimum), then no more.
    let steps = 1;
    while (camera.adjustExposure('down', steps * 1000) && steps < 20) steps++;
    expect(steps).toBeLessThan(20);
    await camera.restoreExposure();
    expect(settings().exposureTime).toBe(start);
    // Up, a manual exposure time is never made longer than the camera's own: a dark frame is advice.
    expect(camera.adjustExposure('up', 100_000)).toBe(false);
    expect(settings().exposureTime).toBe(start);
    host.disconnect();
  });

  it('maps a refusal to denied and a missing device to unavailable, without retrying a refusal', async () => {
    const spy = vi
      .spyOn(navigator.mediaDevices, 'getUserMedia')
      .mockRejectedValue(new DOMException('no', 'NotAllowedError'));
    const denied = setup();
    await denied.camera.start();
    expect(denied.camera.status).toBe('denied');
    expect(spy).toHaveBeenCalledTimes(1);
    spy.mockRejectedValue(new DOMException('none', 'NotFoundError'));
    const missing = setup();
    await missing.camera.start();
    expect(missing.camera.status).toBe('unavailable');
    expect(missing.states).toEqual(['unavailable']);
    denied.host.disconnect();
    missing.host.disconnect();
  });

  it('says ended when the track ends (device unplugged), and can reopen', async () => {
    const { camera, states, host } = setup();
    await camera.start();
    camera.stream?.getVideoTracks()[0]?.dispatchEvent(new Event('ended'));
    expect(camera.status).toBe('ended');
    expect(states).toEqual(['live', 'ended']);
    await camera.start();
    expect(camera.status).toBe('live');
    host.disconnect();
  });

  it('stops the camera while the page is hidden and reopens it when visible again', async () => {
    const { camera, states, host } = setup();
    await camera.start();
    const first = camera.stream?.getVideoTracks()[0] as MediaStreamTrack;
    setVisibility('hidden');
    expect(first.readyState).toBe('ended');
    expect(camera.status).toBe('ended');
    setVisibility('visible');
    await vi.waitFor(() => expect(camera.status).toBe('live'));
    expect(camera.stream?.getVideoTracks()[0]).not.toBe(first);
    expect(states).toEqual(['live', 'ended', 'live']);
    host.disconnect();
  });

  it('tries again on devicechange after "no camera"', async () => {
    const spy = vi
      .spyOn(navigator.mediaDevices, 'getUserMedia')
      .mockRejectedValueOnce(new DOMException('none', 'NotFoundError'));
    const { camera, host } = setup();
    await camera.start();
    expect(camera.status).toBe('unavailable');
    expect(spy).toHaveBeenCalledTimes(1);
    navigator.mediaDevices.dispatchEvent(new Event('devicechange'));
    await vi.waitFor(() => expect(camera.status).toBe('live'));
    expect(spy.mock.calls.length).toBeGreaterThanOrEqual(2);
    host.disconnect();
  });

  it('reports no getUserMedia as unavailable (insecure context, in-app browsers)', async () => {
    const original = navigator.mediaDevices.getUserMedia;
    Object.defineProperty(navigator.mediaDevices, 'getUserMedia', { value: undefined, configurable: true });
    try {
      const { camera } = setup();
      await camera.start();
      expect(camera.status).toBe('unavailable');
      expect(camera.failure).toBe('NotSupportedError');
    } finally {
      Object.defineProperty(navigator.mediaDevices, 'getUserMedia', { value: original, configurable: true });
    }
  });
});

describe('lens choice', () => {
  const device = (deviceId: string, label: string) => ({ deviceId, label, kind: 'videoinput' as const });

  it('prefers the close-focusing back lens and puts ultra-wide and telephoto last', () => {
    const iphone = [
      device('front', 'Front Camera'),
      device('uw', 'Back Ultra Wide Camera'),
      device('tele', 'Back Telephoto Camera'),
      device('wide', 'Back Camera'),
      device('dual', 'Back Dual Wide Camera'),
    ];
    expect(rankBackCameras(iphone)).toEqual(['dual', 'wide', 'uw', 'tele']);
    const android = [device('0', 'camera2 0, facing back'), device('1', 'camera2 1, facing front')];
    expect(rankBackCameras(android)).toEqual(['0']);
  });

  it('reads torch and continuous focus from the track capabilities (Android Chromium exposes both)', () => {
    const track = (capabilities: object) => ({ getCapabilities: () => capabilities }) as unknown as MediaStreamTrack;
    expect(hasTorch(track({ torch: true }))).toBe(true);
    expect(hasTorch(track({}))).toBe(false);
    expect(hasTorch(undefined)).toBe(false);
    expect(focusesContinuously(track({ focusMode: ['manual', 'continuous'] }))).toBe(true);
    expect(focusesContinuously(track({ focusMode: ['fixed'] }))).toBe(false);
  });

  it('says nothing when labels are missing (before permission)', () => {
    expect(rankBackCameras([device('a', ''), device('b', '')])).toEqual([]);
  });
});
