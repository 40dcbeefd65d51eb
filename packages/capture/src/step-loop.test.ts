import { ENDPOINT, mount, mountForUpload, resetBackend } from '@berbix-capture/testing/element';
import { generatePhoto } from '@berbix-capture/testing/frames';
import { TEST_LICENCE_PAYLOAD } from '@berbix-capture/testing/licence';
import { renderSceneFrame } from '@berbix-capture/testing/pdf417-scene';
import { chooseFile, click, record, root, text, waitForView } from '@berbix-capture/testing/screen';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { QualityAnalyser } from './analysers/quality.js';
import type { FrameAnalyser, Pdf417Result } from './analysers/types.js';
import { DEFAULT_PDF417_ENGINE } from './decoder/index.js';
import type {
  BerbixCaptureEvent,
  BerbixErrorEvent,
  BerbixIssuesEvent,
  BerbixStepEvent,
  BerbixUploadProgressEvent,
} from './events.js';

/**
 * The step loop against the real adapter and the real sandbox (mounted on the Vitest server), with
 * the upload path so each run is deterministic. The camera path has its own tests.
 */

const PAYLOAD = new TextEncoder().encode(TEST_LICENCE_PAYLOAD);

/** Stands in for the PDF417 decoder at the analyser seam: it "reads" a known payload. */
function barcodeReader(steps: FrameAnalyser['steps'] = ['upload_document_back']): FrameAnalyser<Pdf417Result> {
  return {
    id: 'pdf417',
    steps,
    analyse: async (frame) => {
      frame.close();
      return { barcode: { bytes: PAYLOAD, text: new TextDecoder().decode(PAYLOAD), aamvaValid: true }, decodeMs: 1 };
    },
  };
}

const front = () => generatePhoto('image/jpeg', 1600, 1010);
const back = () => generatePhoto('image/jpeg', 1600, 1010);

async function uploadCurrent(el: HTMLElement & { updateComplete: Promise<boolean> }, photo: Blob) {
  const capture = el as unknown as Parameters<typeof chooseFile>[0];
  chooseFile(capture, photo);
  await waitForView(capture, 'review');
  click(capture, '[data-action="use"]');
}

beforeEach(() => resetBackend());
afterEach(() => {
  document.body.innerHTML = '';
});

describe('step loop against the real adapter and sandbox', () => {
  it('walks front and back to done, sending the decoded barcode with the back, with progress', async () => {
    const el = mount((e) => {
      e.idType = 'DL';
      e.noCamera = true;
      e.analysers = [new QualityAnalyser(), barcodeReader()];
    });
    const events = record(el, ['berbix-step', 'berbix-capture', 'berbix-upload-progress', 'berbix-complete']);
    await waitForView(el, 'capture');
    expect(text(el)).toContain('Front of your ID');
    await uploadCurrent(el, await front());
    await waitForView(el, 'capture');
    expect(text(el)).toContain('Back of your ID');
    await uploadCurrent(el, await back());
    await waitForView(el, 'finished');
    expect(text(el)).toContain('All done');
    const steps = events.filter((e) => e.type === 'berbix-step') as BerbixStepEvent[];
    expect(steps.map((s) => [s.step, s.attempt])).toEqual([
      ['upload_document_front', 1],
      ['upload_document_back', 1],
    ]);
    const captures = events.filter((e) => e.type === 'berbix-capture') as BerbixCaptureEvent[];
    expect(captures.map((c) => c.subject)).toEqual(['document_front', 'document_back']);
    expect(captures[0]).toMatchObject({ width: 1600, height: 1010 });
    const progress = events.filter((e) => e.type === 'berbix-upload-progress') as BerbixUploadProgressEvent[];
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.at(-1)?.loaded).toBe(progress.at(-1)?.total);
    expect(events.at(-1)?.type).toBe('berbix-complete');
    // The back image carries no barcode of its own: the sandbox accepted it on the device's payload.
    const server = await (await fetch('/__berbix-test/transactions')).json();
    expect(server.lastStep).toBe('done');
  });

  it('camera path: on the back step the frame the barcode decodes from is captured by itself and sent with it', async () => {
    const el = mount((e) => {
      e.idType = 'DL';
      // Only the barcode reader, and only on the back: the front cannot auto-capture before the file is chosen.
      e.analysers = [barcodeReader()];
    });
    await waitForView(el, 'capture');
    await uploadCurrent(el, await front());
    const captured = new Promise<BerbixCaptureEvent>((resolve) =>
      el.addEventListener('berbix-capture', resolve as EventListener, { once: true }),
    );
    // No click: the barcode read on a live camera frame triggers the capture.
    const shot = await captured;
    expect(shot.subject).toBe('document_back');
    await waitForView(el, 'review');
    click(el, '[data-action="use"]');
    await waitForView(el, 'finished');
  });

  it('default decoder: a licence back shown on the front step is the wrong side; on the back step its barcode is read on the device and sent', async () => {
    const scene = await renderSceneFrame(7, 'mild');
    const canvas = new OffscreenCanvas(scene.bitmap.width, scene.bitmap.height);
    (canvas.getContext('2d') as OffscreenCanvasRenderingContext2D).drawImage(scene.bitmap, 0, 0);
    const licenceBack = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.95 });
    const el = mount((e) => {
      e.idType = 'DL';
      e.noCamera = true;
    });
    expect(el.decoder).toBe(DEFAULT_PDF417_ENGINE);
    await waitForView(el, 'capture');
    chooseFile(el, licenceBack);
    await waitForView(el, 'review', 20_000);
    expect(root(el).querySelector('[data-warning]')?.getAttribute('data-warning')).toBe('wrong-side');
    expect(text(el)).toContain('This looks like the back of the ID.');
    click(el, '[data-action="retake"]');
    await waitForView(el, 'capture');
    await uploadCurrent(el, await front());
    await waitForView(el, 'capture');
    expect(text(el)).toContain('Back of your ID');
    await uploadCurrent(el, licenceBack);
    await waitForView(el, 'finished', 20_000);
  }, 60_000);

  it('decoder="off": no barcode reading at all, so no wrong-side warning', async () => {
    const scene = await renderSceneFrame(7, 'mild');
    const canvas = new OffscreenCanvas(scene.bitmap.width, scene.bitmap.height);
    (canvas.getContext('2d') as OffscreenCanvasRenderingContext2D).drawImage(scene.bitmap, 0, 0);
    const el = await mountForUpload((e) => {
      e.setAttribute('decoder', 'off');
    });
    chooseFile(el, await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.95 }));
    await waitForView(el, 'review', 20_000);
    expect(root(el).querySelector('[data-warning="wrong-side"]')).toBeNull();
  });

  it('without a barcode the back comes back with the barcode issue and its advice', async () => {
    await resetBackend();
    const el = mount((e) => {
      e.idType = 'DL';
      e.noCamera = true;
    });
    const issues: BerbixIssuesEvent[] = [];
    el.addEventListener('berbix-issues', (e) => issues.push(e));
    await waitForView(el, 'capture');
    await uploadCurrent(el, await front());
    await waitForView(el, 'capture');
    await uploadCurrent(el, await back());
    await waitForView(el, 'capture');
    expect(issues[0]?.issues).toEqual(['incomplete_barcode_detected']);
    expect(text(el)).toContain('We could not read the whole barcode on the back.');
    expect(root(el).querySelector('[data-issues] li')?.getAttribute('data-code')).toBe('incomplete_barcode_detected');
  });

  it('shows each issue with its advice and retakes the same step (scenario text_unreadable)', async () => {
    await resetBackend('scenario:text_unreadable@front');
    const el = mount((e) => {
      e.idType = 'DL';
      e.noCamera = true;
    });
    const steps = record(el, ['berbix-step']) as BerbixStepEvent[];
    const issuesEvent = new Promise<BerbixIssuesEvent>((resolve) =>
      el.addEventListener('berbix-issues', resolve, { once: true }),
    );
    await waitForView(el, 'capture');
    await uploadCurrent(el, await front());
    const issues = await issuesEvent;
    expect(issues).toMatchObject({ issues: ['text_unreadable'], step: 'upload_document_front' });
    await waitForView(el, 'capture');
    expect(text(el)).toContain('We could not read the text on your document.');
    expect(text(el)).toContain('Use good light');
    expect(steps.map((s) => [s.step, s.attempt])).toEqual([
      ['upload_document_front', 1],
      ['upload_document_front', 2],
    ]);
    // The retake passes real inspection and moves on.
    await uploadCurrent(el, await front());
    await waitForView(el, 'capture');
    expect(text(el)).toContain('Back of your ID');
    expect(root(el).querySelector('[data-issues]')).toBeNull();
  });

  it('explains a visa page with the passport detail', async () => {
    await resetBackend('scenario:visa_page_of_passport@front');
    const el = await mountForUpload((e) => {
      e.idType = 'P';
      e.lang = 'fr';
    });
    await uploadCurrent(el, await front());
    await waitForView(el, 'capture');
    await expect.poll(() => text(el)).toContain('Cela ressemble à une page de visa.');
  });

  it('a passport has no back step: the front leads to done', async () => {
    const el = mount((e) => {
      e.idType = 'P';
      e.noCamera = true;
    });
    const complete = new Promise((resolve) => el.addEventListener('berbix-complete', resolve, { once: true }));
    await waitForView(el, 'capture');
    expect(text(el)).toContain('Passport photo page');
    await uploadCurrent(el, await front());
    await complete;
    await waitForView(el, 'finished');
  });

  it('lets the person pick the document type when id-type is absent', async () => {
    const el = mount((e) => {
      e.noCamera = true;
    });
    await waitForView(el, 'choose-type');
    expect(root(el).querySelectorAll('[data-id-type]')).toHaveLength(5);
    click(el, '[data-id-type="PC"]');
    await waitForView(el, 'capture');
    const server = await (await fetch('/__berbix-test/transactions')).json();
    expect(server.lastIdType).toBe('PC');
  });

  it('keeps the image and says the connection is lost through a 503, then carries on', async () => {
    const el = await mountForUpload();
    await fetch('/__berbix-test/faults', {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ script: [{ route: 'POST /v0/images/upload', kind: '503' }] }),
    });
    await uploadCurrent(el, await front());
    await expect
      .poll(() => root(el).querySelector('[data-upload-state]')?.getAttribute('data-upload-state'), { timeout: 5000 })
      .toBe('reconnecting');
    expect(text(el)).toContain('Connection lost. Your photo is saved; we’ll keep trying.');
    expect(root(el).querySelector('img')).not.toBeNull();
    await waitForView(el, 'capture');
    expect(text(el)).toContain('Back of your ID');
  });

  it('a dropped connection is a network failure: Reconnecting…, the same image again, then on', async () => {
    const el = await mountForUpload();
    await fetch('/__berbix-test/drop-next-upload', { method: 'PUT' });
    const captures = record(el, ['berbix-capture']);
    await uploadCurrent(el, await front());
    await expect
      .poll(() => root(el).querySelector('[data-upload-state]')?.getAttribute('data-upload-state'), { timeout: 5000 })
      .toBe('reconnecting');
    await waitForView(el, 'capture');
    expect(text(el)).toContain('Back of your ID');
    // Captured once, however many times it was sent.
    expect(captures).toHaveLength(1);
  });

  it('follows the server on 409 (the step moved on elsewhere)', async () => {
    const el = await mountForUpload();
    chooseFile(el, await front());
    await waitForView(el, 'review');
    // Another tab sends the front first.
    const other = await fetch(`${ENDPOINT}/session/images/document_front`, {
      method: 'POST',
      headers: { 'content-type': 'image/jpeg' },
      body: await front(),
    });
    expect(other.status).toBe(200);
    const steps = record(el, ['berbix-step']) as BerbixStepEvent[];
    click(el, '[data-action="use"]');
    await waitForView(el, 'capture');
    await expect.poll(() => steps.map((s) => s.step)).toEqual(['upload_document_back']);
    expect(text(el)).toContain('Back of your ID');
  });

  it('starts over cleanly when the session is gone', async () => {
    const el = await mountForUpload();
    chooseFile(el, await front());
    await waitForView(el, 'review');
    await fetch(`${ENDPOINT}/session`, { method: 'DELETE' });
    const errors = record(el, ['berbix-error']) as BerbixErrorEvent[];
    const ready = new Promise((resolve) => el.addEventListener('berbix-ready', resolve, { once: true }));
    click(el, '[data-action="use"]');
    await ready;
    await waitForView(el, 'capture');
    expect(errors[0]).toMatchObject({ recoverable: true });
    expect(text(el)).toContain('Your session had expired, so we started again.');
    expect(text(el)).toContain('Front of your ID');
  });

  it('resumes where the session stands after a reload', async () => {
    const first = await mountForUpload();
    await uploadCurrent(first, await front());
    await waitForView(first, 'capture');
    first.remove();
    const second = mount((e) => {
      e.idType = 'DL';
      e.noCamera = true;
    });
    const step = await new Promise<BerbixStepEvent>((resolve) =>
      second.addEventListener('berbix-step', resolve, { once: true }),
    );
    expect(step).toMatchObject({ step: 'upload_document_back', attempt: 1 });
  });
});
