import { mount, mountForUpload, resetBackend } from '@berbix-capture/testing/element';
import { generatePhoto } from '@berbix-capture/testing/frames';
import { chooseFile, choosePhoto, record, root, waitForView } from '@berbix-capture/testing/screen';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { QualityAnalyser } from './analysers/quality.js';
import { compressImage } from './compress.js';
import { createPdf417Analyser } from './decoder/index.js';
import type { BerbixErrorEvent } from './events.js';
import { WorkerLink, WorkerUnavailableError } from './worker-rpc.js';

/** A module worker from source text (a blob URL: same origin, no bundler). */
const sourceWorker = (source: string) => () =>
  new Worker(URL.createObjectURL(new Blob([source], { type: 'text/javascript' })), { type: 'module' });

/** A script URL the test server answers with 404. */
const MISSING = '/__berbix-test/no-such.worker.js';

/** Starts the named workers (`compress`, `quality`, `pdf417`) from a URL that answers 404. */
const RealWorker = globalThis.Worker;
function missingWorkers(...names: string[]): void {
  globalThis.Worker = class extends RealWorker {
    constructor(url: string | URL, options?: WorkerOptions) {
      const missing = names.some((name) => String(url).includes(`${name}.worker`));
      super(missing ? new URL(MISSING, location.href) : url, options);
    }
  };
}

it('the missing script really is a 404', async () => {
  expect((await fetch(MISSING)).status).toBe(404);
});
afterEach(() => {
  globalThis.Worker = RealWorker;
});

describe('WorkerLink', () => {
  it('settles each call with its own reply, in any order, and passes errors on by message', async () => {
    const link = new WorkerLink<{ wait: number; fail?: boolean }, number>(
      'echo',
      sourceWorker(`
        self.onmessage = async ({ data: { id, request } }) => {
          await new Promise((r) => setTimeout(r, request.wait));
          self.postMessage(request.fail ? { id, ok: false, message: 'no' } : { id, ok: true, value: request.wait * 2 });
        };
        self.postMessage({ id: 0, ok: true, value: null });
      `),
    );
    const slow = link.call({ wait: 60 });
    const fast = link.call({ wait: 5 });
    await expect(fast).resolves.toBe(10);
    await expect(slow).resolves.toBe(120);
    await expect(link.call({ wait: 1, fail: true })).rejects.toThrow('no');
    link.stop();
    expect(link.running).toBe(false);
  });

  it('a worker whose script 404s is unavailable, and so is one that does not parse', async () => {
    const missing = new WorkerLink('missing', () => new Worker(MISSING, { type: 'module' }));
    await expect(missing.call(1)).rejects.toBeInstanceOf(WorkerUnavailableError);
    const broken = new WorkerLink('broken', sourceWorker('export let = ;'));
    await expect(broken.start()).rejects.toMatchObject({ name: 'WorkerUnavailableError', worker: 'broken' });
    expect(broken.running).toBe(false);
  });

  it('a worker that dies after it started fails the calls in flight, and the next call starts a fresh one', async () => {
    let started = 0;
    const link = new WorkerLink<string, string>('dies', () => {
      started++;
      return sourceWorker(`
        self.onmessage = ({ data: { id, request } }) => {
          if (request === 'die') setTimeout(() => { throw new Error('gone'); });
          else self.postMessage({ id, ok: true, value: request });
        };
        self.postMessage({ id: 0, ok: true, value: null });
      `)();
    });
    const failure = await link.call('die').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Error);
    expect(failure).not.toBeInstanceOf(WorkerUnavailableError);
    expect((failure as Error).message).toBe('the dies worker failed');
    await expect(link.call('again')).resolves.toBe('again');
    expect(started).toBe(2);
  });
});

describe("the element's workers when they cannot start", () => {
  beforeEach(() => resetBackend());

  it('the element reports worker_unavailable and says the page could not prepare the photo', async () => {
    // First in this file: the compression worker is started once per page, and here it never has been.
    missingWorkers('compress');
    const el = await mountForUpload((e) => {
      e.decoder = 'off';
    });
    const errors = record(el, ['berbix-error']) as BerbixErrorEvent[];
    chooseFile(el, await generatePhoto('image/jpeg', 1200, 760));
    await vi.waitFor(() => expect(errors.map((e) => e.code)).toContain('worker_unavailable'), { timeout: 10_000 });
    expect(errors.find((e) => e.code === 'worker_unavailable')).toMatchObject({
      message: 'the compression worker could not start',
      recoverable: true,
    });
    await waitForView(el, 'capture');
    const notice = root(el).querySelector('[data-notice]')?.textContent ?? '';
    expect(notice).toContain('could not prepare the photo');
    expect(notice).not.toContain('not a photo');
    expect(errors.some((e) => e.code.startsWith('image_'))).toBe(false);
    el.remove();
  });

  it('compression: the file is refused as worker-unavailable, not as a photo we cannot read', async () => {
    missingWorkers('compress');
    await expect(compressImage(await generatePhoto('image/jpeg', 400, 300))).rejects.toMatchObject({
      reason: 'worker-unavailable',
    });
    globalThis.Worker = RealWorker;
    // The next call starts the worker again: a failed load is not remembered.
    await expect(compressImage(await generatePhoto('image/jpeg', 400, 300))).resolves.toMatchObject({ width: 400 });
  });

  it('the quality and PDF417 workers: each reported once as worker_unavailable; the file path still works', async () => {
    missingWorkers('quality', 'pdf417');
    const el = mount((e) => {
      e.idType = 'DL';
      e.noCamera = true;
    });
    // The flow starts after the first update: recording now misses nothing.
    const errors = record(el, ['berbix-error']) as BerbixErrorEvent[];
    await waitForView(el, 'capture');
    await vi.waitFor(
      () =>
        expect(errors.map((e) => e.message).sort()).toEqual([
          'the PDF417 worker could not start',
          'the quality worker could not start',
        ]),
      { timeout: 10_000 },
    );
    expect(errors.every((e) => e.code === 'worker_unavailable' && e.recoverable)).toBe(true);
    await choosePhoto(el);
    el.remove();
  });

  it('the analysers reject prepare() with WorkerUnavailableError', async () => {
    missingWorkers('quality', 'pdf417');
    await expect(new QualityAnalyser().prepare()).rejects.toBeInstanceOf(WorkerUnavailableError);
    await expect(createPdf417Analyser().prepare()).rejects.toBeInstanceOf(WorkerUnavailableError);
  });
});
