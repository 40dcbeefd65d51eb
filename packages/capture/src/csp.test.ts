import { mount, resetBackend } from '@berbix-capture/testing/element';
import { generatePhoto } from '@berbix-capture/testing/frames';
import { chooseFile, record, root, waitForView } from '@berbix-capture/testing/screen';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import type { BerbixErrorEvent } from './events.js';
import { guideFractions } from './guide.js';
import { goodCard } from './testing/analysers.js';

/**
 * The capture screen under a strict Content Security Policy (`style-src 'self'`: no inline styles,
 * no style attributes; `worker-src 'self'`: workers from this origin only, no blob: workers). Each Vitest browser file runs in its own frame, so the policy set here
 * applies to this file only. The guide's position, the stage's shape and the card outline must
 * all render without a style attribute, or Chromium refuses them and reports a violation.
 */

const violations: string[] = [];
const onViolation = (event: SecurityPolicyViolationEvent) =>
  violations.push(`${event.effectiveDirective} ${event.blockedURI} ${event.sample}`);

beforeAll(async () => {
  await resetBackend();
  const policy = document.createElement('meta');
  policy.httpEquiv = 'Content-Security-Policy';
  policy.content = "style-src 'self'; worker-src 'self'";
  document.head.append(policy);
  document.addEventListener('securitypolicyviolation', onViolation);
});
afterAll(() => document.removeEventListener('securitypolicyviolation', onViolation));

/** Finds a card in the middle of every frame (judged still moving, so it stays on screen), so the outline is drawn too. */
const findsCard = () => goodCard('moving', ['upload_document_front']);

it('the live capture screen renders its guide, stage and card outline with no style attribute', async () => {
  // The policy is in force: a style attribute set from script is refused and reported.
  const probe = document.createElement('div');
  probe.setAttribute('style', 'width: 123px');
  document.body.append(probe);
  expect(probe.getBoundingClientRect().width).not.toBe(123);
  await vi.waitFor(() => expect(violations.length).toBeGreaterThan(0));
  probe.remove();
  violations.length = 0;

  const el = mount((e) => {
    e.idType = 'DL';
    e.autoCapture = false;
    e.analysers = [findsCard()];
  });
  await waitForView(el, 'capture');
  await vi.waitFor(() => expect(root(el).querySelector('[part="card"]')).not.toBeNull(), { timeout: 10_000 });
  await el.updateComplete;
  const video = root(el).querySelector('video') as HTMLVideoElement;
  const stage = (root(el).querySelector('.stage') as HTMLElement).getBoundingClientRect();
  const guide = (root(el).querySelector('[part="guide"]') as HTMLElement).getBoundingClientRect();
  // The stage takes the frame's shape and the guide sits where the analysers look.
  expect(stage.width / stage.height).toBeCloseTo(video.videoWidth / video.videoHeight, 1);
  const expected = guideFractions(video.videoWidth, video.videoHeight, 85.6 / 54);
  expect((guide.left - stage.left) / stage.width).toBeCloseTo(expected.x, 2);
  expect(guide.width / stage.width).toBeCloseTo(expected.width, 2);
  expect(violations).toEqual([]);
  el.remove();
});

it("the default workers (quality, PDF417, compression) start under worker-src 'self'", async () => {
  // The policy is in force: a blob: worker is refused and reported.
  violations.length = 0;
  const probe = URL.createObjectURL(new Blob([''], { type: 'text/javascript' }));
  try {
    new Worker(probe, { type: 'module' }).terminate();
  } catch {
    // Refused at once or reported as a violation: either way the policy holds.
  }
  await vi.waitFor(() => expect(violations.some((v) => v.startsWith('worker-src'))).toBe(true));
  violations.length = 0;
  const el = mount((e) => {
    e.idType = 'DL';
    e.noCamera = true;
  });
  const errors = record(el, ['berbix-error']) as BerbixErrorEvent[];
  await waitForView(el, 'capture');
  chooseFile(el, await generatePhoto('image/jpeg', 1400, 900));
  await waitForView(el, 'review', 20_000);
  expect(errors.map((e) => e.code)).toEqual([]);
  expect(violations).toEqual([]);
  el.remove();
});
