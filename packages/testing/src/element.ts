/** Helpers for the element's browser tests: mount, wait for a screen, choose a file, reset the back end. */

import type { BerbixCaptureElement, CaptureView } from '@berbix-capture/capture';
import { afterEach, beforeEach, expect, vi } from 'vitest';
import '@berbix-capture/capture/define';
import { generatePhoto } from './frames.js';

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

export const nextEvent = <T extends Event>(el: Element, name: string) =>
  new Promise<T>((resolve) => el.addEventListener(name, (e) => resolve(e as T), { once: true }));

/** Every event of these names, in order, for later assertions. */
export function record(el: Element, names: string[]): Event[] {
  const seen: Event[] = [];
  for (const name of names) el.addEventListener(name, (e) => seen.push(e));
  return seen;
}

export const root = (el: BerbixCaptureElement) => el.shadowRoot as ShadowRoot;
export const view = (el: BerbixCaptureElement) =>
  root(el).querySelector('[part="base"]')?.getAttribute('data-view') as CaptureView | undefined;

export async function waitForView(el: BerbixCaptureElement, expected: CaptureView, timeout = 10_000): Promise<void> {
  await vi.waitFor(() => expect(view(el)).toBe(expected), { timeout, interval: 25 });
  await el.updateComplete;
}

export function click(el: BerbixCaptureElement, selector: string): void {
  const target = root(el).querySelector<HTMLElement>(selector);
  if (!target) throw new Error(`nothing matches ${selector} on the ${view(el)} screen`);
  target.click();
}

/** Picks a file through the element's real `<input type=file>`. */
export function chooseFile(el: BerbixCaptureElement, blob: Blob, name = 'photo.jpg'): void {
  const input = root(el).querySelector<HTMLInputElement>('input[type="file"]');
  if (!input) throw new Error(`no file input on the ${view(el)} screen`);
  const transfer = new DataTransfer();
  transfer.items.add(new File([blob], name, { type: blob.type }));
  input.files = transfer.files;
  input.dispatchEvent(new Event('change', { bubbles: true }));
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

export const text = (el: BerbixCaptureElement) => root(el).textContent?.replace(/\s+/g, ' ') ?? '';

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

/**
 * Mounts the element on the upload path (a driving licence, no camera; `setup` may change either)
 * and waits for its capture screen. Only for tests that record nothing before that screen.
 */
export async function mountForUpload(
  setup: (el: BerbixCaptureElement) => void = () => {},
): Promise<BerbixCaptureElement> {
  const el = mount((e) => {
    e.idType = 'DL';
    e.noCamera = true;
    setup(e);
  });
  await waitForView(el, 'capture');
  return el;
}

/** Chooses a generated JPEG photo of this size through the file input and waits for the review screen. */
export async function choosePhoto(el: BerbixCaptureElement, width = 1200, height = 760): Promise<void> {
  chooseFile(el, await generatePhoto('image/jpeg', width, height));
  await waitForView(el, 'review');
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
