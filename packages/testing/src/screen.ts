/**
 * Reading and driving a mounted element in the browser tests: its shadow root, screen, text and
 * events; clicks, file choices and waits for a screen. Setting one up is in element.ts.
 */

import type { BerbixCaptureElement, CaptureView } from '@berbix-capture/capture';
import { expect, vi } from 'vitest';
import { generatePhoto } from './frames.js';

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

export const text = (el: BerbixCaptureElement) => root(el).textContent?.replace(/\s+/g, ' ') ?? '';

/** Chooses a generated JPEG photo of this size through the file input and waits for the review screen. */
export async function choosePhoto(el: BerbixCaptureElement, width = 1200, height = 760): Promise<void> {
  chooseFile(el, await generatePhoto('image/jpeg', width, height));
  await waitForView(el, 'review');
}
