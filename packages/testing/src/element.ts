/**
 * Setting the element up for its browser tests: mount it, reset the back end, refuse the camera,
 * clean the page between tests. The screen helpers (screen.ts) are re-exported, for tests that need only a few of both.
 */

import type { BerbixCaptureElement } from '@berbix-capture/capture';
import { afterEach, beforeEach, expect, vi } from 'vitest';
import '@berbix-capture/capture/define';
import { generatePhoto } from './frames.js';
import { chooseFile, click, nextEvent, root, waitForView } from './screen.js';

export { chooseFile, choosePhoto, click, nextEvent, record, root, text, view, waitForView } from './screen.js';

export const ENDPOINT = '/berbix';

/**
 * Mounts the element. Hand-off is `off` unless `setup` says otherwise: these tests run in desktop
 * Chromium (a fine pointer that hovers), where `auto` would first offer to continue on a phone.
 */
export function mount(setup: (el: BerbixCaptureElement) => void = () => {}): BerbixCaptureElement {
  const el = document.createElement('berbix-capture');
  el.endpoint = ENDPOINT;
  el.handoff = 'off';
  setup(el);
  document.body.append(el);
  return el;
}

/** Ends any session the cookie names and forgets the scenario, so each test starts clean. */
export async function resetBackend(scenario: string | null = null): Promise<void> {
  await fetch(`${ENDPOINT}/session`, { method: 'DELETE' });
  await fetch('/__berbix-test/faults', { method: 'DELETE' });
  await fetch('/__berbix-test/devices', { method: 'DELETE' });
  await fetch('/__berbix-test/handoff-events?fail=0', { method: 'PUT' });
  // biome-ignore lint/suspicious/noDocumentCookie: a plain cookie the test back end reads, standing in for a login
  document.cookie = scenario
    ? `berbix_test_scenario=${encodeURIComponent(scenario)}; path=/`
    : 'berbix_test_scenario=; path=/; max-age=0';
}

/**
 * The wrappers' shared session: continue on a phone is offered (its event recorded in `handoffs`),
 * "use this computer" comes back, then a photo is chosen and used, up to the finished screen.
 */
export async function handoffDetourThenPhoto(el: BerbixCaptureElement, handoffs: string[]): Promise<void> {
  await waitForView(el, 'handoff-choice');
  click(el, '[data-action="handoff-offer"]');
  await expect.poll(() => handoffs).toEqual(['offered']);
  click(el, '[data-action="handoff-cancel"]');
  await waitForView(el, 'capture');
  expect(handoffs).toEqual(['offered', 'cancelled']);
  chooseFile(el, await generatePhoto('image/jpeg', 1600, 1120));
  await waitForView(el, 'review');
  click(el, '[data-action="use"]');
  await waitForView(el, 'finished');
}

/**
 * The element's usual test page: the back end reset before each test; after it the page emptied,
 * the page's language cleared and every spy restored, so no test sees another's element or mocks.
 */
export function freshPagePerTest(): void {
  beforeEach(() => resetBackend());
  afterEach(() => {
    document.body.innerHTML = '';
    document.documentElement.lang = '';
    vi.restoreAllMocks();
  });
}

type Setup = (el: BerbixCaptureElement) => void;

/** Mounts the element for a driving licence (unless `setup` says otherwise) and waits for its capture screen. */
async function mountAtCapture(setup: Setup): Promise<BerbixCaptureElement> {
  const el = mount((e) => {
    e.idType = 'DL';
    setup(e);
  });
  await waitForView(el, 'capture');
  return el;
}

/**
 * Mounts the element on the upload path (a driving licence, no camera; `setup` may change either)
 * and waits for its capture screen. Only for tests that record nothing before that screen.
 */
export function mountForUpload(setup: Setup = () => {}): Promise<BerbixCaptureElement> {
  return mountAtCapture((e) => {
    e.noCamera = true;
    setup(e);
  });
}

/**
 * Mounts the element with its (fake) camera and no auto-capture, a driving licence unless `setup`
 * says otherwise, and waits until the preview shows real frames: the capture screen shows before
 * the camera is live.
 */
export async function mountWithLiveCamera(setup: Setup = () => {}): Promise<BerbixCaptureElement> {
  const el = await mountAtCapture((e) => {
    e.autoCapture = false;
    setup(e);
  });
  await vi.waitFor(() => expect(root(el).querySelector('video')?.videoWidth).toBeGreaterThan(0), { timeout: 10_000 });
  return el;
}

/**
 * Makes every camera request fail as the browser would: `NotAllowedError` when the person or a
 * policy refused, `NotFoundError` when there is no camera.
 */
export function refuseCamera(name: 'NotAllowedError' | 'NotFoundError' = 'NotAllowedError'): void {
  vi.spyOn(navigator.mediaDevices, 'getUserMedia').mockRejectedValue(new DOMException('refused by the test', name));
}

/** Mounts the element and resolves with its first camera report (`berbix-camera`) once that is rendered. */
export async function mountUntilCamera<T extends Event>(
  setup: (el: BerbixCaptureElement) => void,
): Promise<{ el: BerbixCaptureElement; camera: T }> {
  const el = mount(setup);
  const camera = await nextEvent<T>(el, 'berbix-camera');
  await el.updateComplete;
  return { el, camera };
}

/** A fresh container in the page for each test, with the back end reset before and the page emptied after. */
export function containerPerTest(): () => HTMLDivElement {
  let container: HTMLDivElement | undefined;
  beforeEach(async () => {
    await resetBackend();
    container = document.createElement('div');
    document.body.append(container);
  });
  afterEach(() => {
    document.body.innerHTML = '';
  });
  return () => container as HTMLDivElement;
}
