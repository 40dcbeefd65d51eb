import {
  freshPagePerTest,
  mount,
  mountForUpload,
  mountUntilCamera,
  mountWithLiveCamera,
  refuseCamera,
} from '@berbix-capture/testing/element';
import { generatePhoto } from '@berbix-capture/testing/frames';
import {
  chooseFile,
  choosePhoto,
  click,
  nextEvent,
  record,
  root,
  text,
  view,
  waitForView,
} from '@berbix-capture/testing/screen';
import { describe, expect, it, vi } from 'vitest';
import { userEvent } from 'vitest/browser';
import type { BerbixCaptureElement } from './berbix-capture.js';
import type { BerbixErrorEvent } from './events.js';
import { captureStyles } from './styles.js';
import { axeViolations } from './testing/axe.js';

/**
 * The upload path (no camera, a chosen or dropped file, a bad file), review and sending, the
 * session's own screens (gone, offline, cannot start, finished, an unsupported step), hostile
 * property values, languages, the keyboard and reduced motion: in Chromium, against the real
 * adapter + sandbox mounted on the test server.
 */

freshPagePerTest();

const focusedHeading = (el: BerbixCaptureElement) => (root(el).activeElement as HTMLElement | null)?.tagName;

describe('<berbix-capture> upload path, session screens, languages and access', () => {
  it('no-camera: upload only, never asks for the camera; drag and drop works', async () => {
    const getUserMedia = vi.spyOn(navigator.mediaDevices, 'getUserMedia');
    const el = mount((e) => {
      e.idType = 'DL';
      e.setAttribute('no-camera', '');
    });
    await waitForView(el, 'capture');
    expect(root(el).querySelector('[data-title]')?.textContent).toBe('Upload a photo');
    expect(root(el).querySelector('video')).toBeNull();
    const zone = root(el).querySelector('[data-dropzone]') as HTMLElement;
    const transfer = new DataTransfer();
    transfer.items.add(new File([await generatePhoto('image/jpeg', 1200, 760)], 'id.jpg', { type: 'image/jpeg' }));
    zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    await el.updateComplete;
    expect(zone.classList.contains('over')).toBe(true);
    zone.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    await waitForView(el, 'review');
    expect(getUserMedia).not.toHaveBeenCalled();
    expect(await axeViolations(el)).toEqual([]);
  });

  it('a chosen photo goes through the same checks: preparing, then review with a warning for a blurred photo', async () => {
    const el = await mountForUpload();
    const views: string[] = [];
    const observer = new MutationObserver(() => {
      const current = view(el);
      if (current && views.at(-1) !== current) views.push(current);
    });
    observer.observe(root(el), { subtree: true, attributes: true, attributeFilter: ['data-view'] });
    chooseFile(el, await generatePhoto('image/jpeg', 1600, 1010, { blur: 8 }));
    await waitForView(el, 'review');
    observer.disconnect();
    expect(views).toEqual(['preparing', 'review']);
    expect(root(el).querySelector('[data-warning]')?.getAttribute('data-warning')).toBe('blurry');
    expect(text(el)).toContain('The photo looks blurry.');
    // The live region names the side, then what looks wrong.
    expect(root(el).querySelector('[role="status"]')?.textContent).toBe(
      'Check the front of your ID. The photo looks blurry. Text may not be readable.',
    );
    // A warning advises; it does not block: the photo can still be used.
    expect(root(el).querySelector('[data-action="use"]')).not.toBeNull();
  });

  it('a file that is not a photo is refused with a clear message', async () => {
    const el = await mountForUpload();
    const errors = record(el, ['berbix-error']) as BerbixErrorEvent[];
    chooseFile(el, new Blob(['%PDF-1.7'], { type: 'application/pdf' }), 'scan.pdf');
    await vi.waitFor(() => expect(root(el).querySelector('[data-notice]')?.textContent).toContain('not a photo'), {
      timeout: 5000,
    });
    expect(errors[0]).toMatchObject({ code: 'image_not_an_image', recoverable: true });
    expect(view(el)).toBe('capture');
  });

  it('review: berbix-before-upload can keep the photo on the review screen', async () => {
    const el = await mountForUpload();
    await choosePhoto(el);
    el.addEventListener('berbix-before-upload', (e) => e.preventDefault(), { once: true });
    click(el, '[data-action="use"]');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(view(el)).toBe('review');
  });

  it('upload failure that retrying cannot fix: keeps the photo, offers Try again and Retake', async () => {
    const el = await mountForUpload((e) => {
      // The integrator's transport answers 502 for uploads (Berbix refused upstream).
      e.fetch = async (input, init) =>
        String(input).includes('/session/images/')
          ? new Response('{"error":{"code":"upstream_error","message":"upstream failed","requestId":"r"}}', {
              status: 502,
            })
          : fetch(input, init);
    });
    await choosePhoto(el);
    click(el, '[data-action="use"]');
    await waitForView(el, 'upload-failed');
    expect(root(el).querySelector('h2')?.textContent).toBe('We could not send your photo');
    expect(text(el)).toContain('Your photo is kept.');
    expect(focusedHeading(el)).toBe('H2');
    el.fetch = undefined;
    click(el, '.actions button:first-child');
    await waitForView(el, 'capture');
    expect(text(el)).toContain('Back of your ID');
  });

  it('410 from the adapter (the session is gone): starts over cleanly with a notice', async () => {
    const el = await mountForUpload((e) => {
      e.fetch = async (input, init) =>
        String(input).includes('/session/images/')
          ? new Response('{"error":{"code":"session_gone","message":"gone","requestId":"r"}}', { status: 410 })
          : fetch(input, init);
    });
    await choosePhoto(el);
    const errors = record(el, ['berbix-error']) as BerbixErrorEvent[];
    click(el, '[data-action="use"]');
    await vi.waitFor(() => expect(root(el).querySelector('[data-notice]')?.textContent).toContain('expired'), {
      timeout: 5000,
    });
    expect(view(el)).toBe('capture');
    expect(errors[0]).toMatchObject({ code: 'session_gone', recoverable: true });
    expect(root(el).querySelector('img')).toBeNull();
  });

  it('offline: waits for the network, says so, then sends', async () => {
    const el = await mountForUpload();
    await choosePhoto(el);
    const online = vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false);
    click(el, '[data-action="use"]');
    await waitForView(el, 'uploading');
    await vi.waitFor(() => expect(text(el)).toContain('You’re offline.'), { timeout: 5000 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(view(el)).toBe('uploading');
    online.mockReturnValue(true);
    window.dispatchEvent(new Event('online'));
    await waitForView(el, 'capture');
    expect(text(el)).toContain('Back of your ID');
  });

  it('waits for properties set just after connecting (as React does), and for a late endpoint', async () => {
    const el = document.createElement('berbix-capture');
    el.handoff = 'off';
    document.body.append(el);
    el.endpoint = '/berbix';
    el.idType = 'DL';
    el.noCamera = true;
    await waitForView(el, 'capture');
    const late = document.createElement('berbix-capture');
    late.handoff = 'off';
    late.idType = 'DL';
    late.noCamera = true;
    const error = nextEvent<BerbixErrorEvent>(late, 'berbix-error');
    document.body.append(late);
    expect(await error).toMatchObject({ code: 'missing_endpoint', recoverable: false });
    late.endpoint = '/berbix';
    await waitForView(late, 'capture');
  });

  it('session that cannot start: recoverable error screen with Try again', async () => {
    const el = mount((e) => {
      e.idType = 'DL';
      e.fetch = (async () =>
        new Response('{"error":{"code":"upstream_unavailable","message":"later","requestId":"r"}}', {
          status: 503,
        })) as typeof fetch;
    });
    const error = await nextEvent<BerbixErrorEvent>(el, 'berbix-error');
    expect(error).toMatchObject({ code: 'upstream_unavailable', recoverable: true });
    await waitForView(el, 'session-error');
    expect(root(el).querySelector('h2')?.textContent).toBe('We could not start');
    el.fetch = undefined;
    click(el, '.actions button');
    await waitForView(el, 'capture');
  });

  it('finished screen after the last step, and restart() begins a new session', async () => {
    const el = await mountForUpload((e) => {
      e.idType = 'P';
    });
    await choosePhoto(el, 1400, 990);
    click(el, '[data-action="use"]');
    await waitForView(el, 'finished');
    expect(root(el).querySelector('h2')?.textContent).toBe('All done');
    expect(await axeViolations(el)).toEqual([]);
    await el.restart();
    await waitForView(el, 'capture');
    expect(text(el)).toContain('Passport photo page');
  });

  it('a step this element does not serve (a selfie) ends on a clear, non-recoverable screen', async () => {
    const el = mount((e) => {
      e.idType = 'DL';
      // The integrator's transport says the session is at a selfie step (a template with selfies).
      e.fetch = (async () =>
        Response.json({ step: 'upload_selfie_basic', attempts: 0, done: false, idType: 'DL' })) as typeof fetch;
    });
    const error = await nextEvent<BerbixErrorEvent>(el, 'berbix-error');
    expect(error).toMatchObject({ code: 'unsupported_step', recoverable: false });
    await waitForView(el, 'unsupported-step');
    expect(root(el).querySelector('h2')?.textContent).toBe('This step cannot be done here');
  });

  it('survives hostile property values: analysers that are not analysers, strings that are not strings', async () => {
    const el = await mountForUpload((e) => {
      e.analysers = [null, { id: 3 }, 'x'] as never;
      e.strings = 'not an object' as never;
      e.maxUploadMb = Number.NaN;
    });
    await choosePhoto(el);
    expect(root(el).querySelector('h2')?.textContent).toBe('Check the front of your ID');
  });

  it('speaks lang, then (no browser language it ships) the page language; any string can be overridden', async () => {
    refuseCamera('NotAllowedError');
    const { el: es } = await mountUntilCamera((e) => {
      e.idType = 'DL';
      e.lang = 'es-MX';
    });
    expect(root(es).querySelector('[data-title]')?.textContent).toBe('El acceso a la cámara está bloqueado');
    es.remove();
    // The browser's languages come before the page's: none of them here, so the page's counts.
    vi.spyOn(navigator, 'languages', 'get').mockReturnValue(['sv-SE']);
    document.documentElement.lang = 'de';
    const { el: de } = await mountUntilCamera((e) => {
      e.idType = 'DL';
      e.strings = { takePhoto: 'Bild aufnehmen oder wählen' };
    });
    expect(root(de).querySelector('h2')?.textContent).toBe('Schritt 1 von 2 · Vorderseite Ihres Ausweises');
    expect(root(de).querySelector('[data-action="take-photo"]')?.textContent?.trim()).toBe(
      'Bild aufnehmen oder wählen',
    );
  });

  it('keyboard: Tab reaches the shutter and the file chooser; Enter on the shutter takes the photo', async () => {
    const el = await mountWithLiveCamera();
    const reached: string[] = [];
    for (let i = 0; i < 4; i++) {
      await userEvent.tab();
      const active = root(el).activeElement as HTMLElement | null;
      reached.push(active?.getAttribute('part') ?? active?.getAttribute('type') ?? active?.tagName ?? 'none');
    }
    expect(reached).toContain('shutter');
    expect(reached).toContain('file');
    (root(el).querySelector('[part="shutter"]') as HTMLElement).focus();
    await userEvent.keyboard('{Enter}');
    await waitForView(el, 'review', 15_000);
    expect(focusedHeading(el)).toBe('H2');
  }, 40_000);

  it('respects prefers-reduced-motion and keeps every control a real, labelled button or input', async () => {
    expect(captureStyles.cssText).toMatch(/@media \(prefers-reduced-motion: reduce\)[^}]*transition: none/);
    const el = mount((e) => {
      e.idType = 'DL';
      e.autoCapture = false;
    });
    await waitForView(el, 'capture');
    await vi.waitFor(() => expect(root(el).querySelector('[part="shutter"]')).not.toBeNull(), { timeout: 5000 });
    for (const control of root(el).querySelectorAll('button')) {
      expect(control.getAttribute('type')).toBe('button');
      expect(control.textContent?.trim().length).toBeGreaterThan(0);
      expect(control.tabIndex).toBe(0);
    }
  });
});
