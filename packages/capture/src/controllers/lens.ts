/**
 * Which camera to open. Phones with several back lenses list them all; the default one is often an
 * ultra-wide or telephoto lens that cannot focus at card distance.
 */

/** What the element asks for: a facing mode or a specific device id. */
export type CameraPreference = 'environment' | 'user' | (string & {});

/** Lenses that are bad at close range: ultra-wide distorts, telephoto cannot focus closer than ~30 cm. */
const POOR_CLOSE_RANGE = /ultra|tele|depth|infrared|\bir\b/i;
/** Lenses that focus close: iOS names its close-focusing virtual camera "Dual Wide". */
const GOOD_CLOSE_RANGE = /dual wide|triple|macro/i;
const FRONT = /front|user|facetime|selfie/i;
const BACK = /back|rear|environment|world/i;

/**
 * Orders the back cameras best first from their labels (labels are only present after permission).
 * Returns an empty list when labels say nothing useful, so the browser's own choice stands.
 */
export function rankBackCameras(devices: readonly Pick<MediaDeviceInfo, 'deviceId' | 'label' | 'kind'>[]): string[] {
  const back = devices.filter((d) => d.kind === 'videoinput' && d.label && BACK.test(d.label) && !FRONT.test(d.label));
  const score = (label: string) => (GOOD_CLOSE_RANGE.test(label) ? 0 : POOR_CLOSE_RANGE.test(label) ? 2 : 1);
  return back
    .map((device, index) => ({ device, index, score: score(device.label) }))
    .sort((a, b) => a.score - b.score || a.index - b.index)
    .map(({ device }) => device.deviceId);
}

/** True when a track can focus continuously (Android lenses that cannot are usually fixed-focus). */
export function focusesContinuously(track: MediaStreamTrack): boolean {
  const capabilities = track.getCapabilities?.() as MediaTrackCapabilities & { focusMode?: string[] };
  return capabilities?.focusMode?.includes('continuous') ?? false;
}

/** True when the track offers a torch (Chromium on Android exposes `torch` in capabilities). */
export function hasTorch(track: MediaStreamTrack | undefined): boolean {
  const capabilities = track?.getCapabilities?.() as (MediaTrackCapabilities & { torch?: boolean }) | undefined;
  return capabilities?.torch === true;
}
