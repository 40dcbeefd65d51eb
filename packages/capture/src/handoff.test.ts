import { HANDOFF_PARAM } from '@berbix-capture/protocol';
import { mount, refuseCamera, resetBackend } from '@berbix-capture/testing/element';
import { generatePhoto } from '@berbix-capture/testing/frames';
import { TEST_LICENCE_PAYLOAD } from '@berbix-capture/testing/licence';
import { chooseFile, click, record, root, text, view, waitForView } from '@berbix-capture/testing/screen';
import { BinaryBitmap, DecodeHintType, HybridBinarizer, QRCodeReader, RGBLuminanceSource } from '@zxing/library';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { userEvent } from 'vitest/browser';
import type { BerbixCaptureElement } from './berbix-capture.js';
import type { BerbixCompleteEvent, BerbixHandoffEvent } from './events.js';
import { toBase64 } from './session-api.js';
import { axeViolations } from './testing/axe.js';

/**
 * Continue on a phone, against the real adapter and sandbox. This page is one device (one cookie
 * jar); the other device is played by the test back end (`/__berbix-test/device/{name}/...`),
 * which calls the same adapter with its own cookies.
 */

const SHORT = '/__berbix-test/short/berbix';
const PAYLOAD = TEST_LICENCE_PAYLOAD;

/** Another device: `call('POST', '/berbix/session', {...})` with its own cookie jar. */
function device(name: string) {
  return async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const json = body !== undefined && !(body instanceof Blob);
    const response = await fetch(`/__berbix-test/device/${name}${path}`, {
      method,
      headers: { ...(json && { 'content-type': 'application/json' }), ...headers },
      ...(body !== undefined && { body: json ? JSON.stringify(body) : (body as Blob) }),
    });
    const answer = response.status === 204 ? null : await response.json().catch(() => null);
    return { status: response.status, body: answer as Record<string, unknown> | null };
  };
}

const photo = () => generatePhoto('image/jpeg', 1600, 1010);
const barcodeHeader = { 'x-berbix-barcode': toBase64(new TextEncoder().encode(PAYLOAD)) };
const codeOf = (url: string) => new URL(url).hash.slice(`#${HANDOFF_PARAM}=`.length);
const link = (el: BerbixCaptureElement) => root(el).querySelector('[data-handoff-link]')?.textContent?.trim() ?? '';
const item = (el: BerbixCaptureElement, key: string) =>
  root(el).querySelector(`[data-handoff-status] [data-item="${key}"]`)?.textContent?.replace(/\s+/g, ' ').trim();
const focused = (el: BerbixCaptureElement) => (root(el).activeElement as HTMLElement | null)?.tagName;
const states = (events: Event[]) =>
  events.map((e) =>
    e instanceof Event && 'state' in e
      ? `${(e as BerbixHandoffEvent).state}${(e as BerbixHandoffEvent).step ? `:${(e as BerbixHandoffEvent).step}` : ''}`
      : e.type,
  );

/**
 * Rasterises the element's QR SVG to a canvas, checks its quiet zone in the pixels, and reads it
 * with ZXing's QR reader. PURE_BARCODE: the pixels are a whole, upright code, and @zxing/library's
 * finder-pattern detector misses some perfectly drawn codes (about 30% of random 48-character links
 * at 8 px a module, 4% at 4 px, whatever draws them), which would make this test a coin toss.
 */
async function decodeQr(el: BerbixCaptureElement): Promise<string> {
  const svg = root(el).querySelector('svg[data-handoff-qr]') as SVGSVGElement;
  const source = URL.createObjectURL(new Blob([new XMLSerializer().serializeToString(svg)], { type: 'image/svg+xml' }));
  const image = new Image();
  image.src = source;
  await image.decode();
  URL.revokeObjectURL(source);
  // Whole pixels per module, as a screen shows it; fractional scaling only blurs the edges.
  const modules = Number(svg.getAttribute('viewBox')?.split(' ')[2]);
  const scale = 6;
  const size = modules * scale;
  const canvas = new OffscreenCanvas(size, size);
  const context = canvas.getContext('2d') as OffscreenCanvasRenderingContext2D;
  context.imageSmoothingEnabled = false;
  context.drawImage(image, 0, 0, size, size);
  const rgba = context.getImageData(0, 0, size, size).data;
  const gray = new Uint8ClampedArray(size * size);
  for (let i = 0; i < gray.length; i++) {
    gray[i] = (rgba[i * 4] ?? 0) * 0.299 + (rgba[i * 4 + 1] ?? 0) * 0.587 + (rgba[i * 4 + 2] ?? 0) * 0.114;
  }
  // The quiet zone: four light modules on every side, drawn opaque (no page colour shows through).
  const quiet = 4 * scale;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const inside = x >= quiet && y >= quiet && x < size - quiet && y < size - quiet;
      if (!inside && (gray[y * size + x] ?? 0) < 250) throw new Error(`quiet zone is dark at ${x},${y}`);
    }
  }
  expect(rgba[3]).toBe(255);
  const bitmap = new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(gray, size, size)));
  return new QRCodeReader().decode(bitmap, new Map([[DecodeHintType.PURE_BARCODE, true]])).getText();
}

/** Mounts a desktop element that offers a code, and answers the offered url. */
async function offered(setup: (el: BerbixCaptureElement) => void = () => {}) {
  const el = mount((e) => {
    e.idType = 'DL';
    e.lang = 'en';
    e.handoff = 'auto';
    setup(e);
  });
  const events = record(el, ['berbix-handoff', 'berbix-complete']);
  await waitForView(el, 'handoff-choice');
  expect(root(el).querySelector('h2')?.textContent).toBe('How do you want to take the photos?');
  expect(focused(el)).toBe('H2');
  click(el, '[data-action="handoff-offer"]');
  await waitForView(el, 'handoff-offer');
  await vi.waitFor(() => expect(link(el)).toMatch(/^http/), { timeout: 5000 });
  await el.updateComplete;
  return { el, events, url: link(el) };
}

const original = location.href;
beforeEach(() => resetBackend());
afterEach(() => {
  document.body.innerHTML = '';
  history.replaceState(history.state, '', original);
  vi.restoreAllMocks();
});

describe('hand-off on the desktop', () => {
  it('auto on a desktop: the choice first; the offer draws a QR that decodes to the link shown; copy works', async () => {
    const { el, events, url } = await offered();
    expect(url).toMatch(new RegExp(`#${HANDOFF_PARAM}=[A-Za-z0-9_-]{48}$`));
    expect(focused(el)).toBe('H2');
    expect(root(el).querySelector('h2')?.textContent).toBe('Scan this code with your phone');
    expect(await axeViolations(el)).toEqual([]);
    const svg = root(el).querySelector('svg[data-handoff-qr]') as SVGSVGElement;
    expect(svg.getAttribute('role')).toBe('img');
    expect(svg.getAttribute('aria-label')).toBe('QR code of the link below');
    expect(await decodeQr(el)).toBe(url);
    expect(text(el)).toMatch(/The code works until \d{1,2}:\d{2}/);
    expect(item(el, 'waiting')).toBe('Waiting for your phone…');
    expect(states(events)).toEqual(['offered']);
    // The event never carries the link (a credential).
    expect(JSON.stringify(Object.entries(events[0] as object))).not.toContain(codeOf(url));

    // A real click (user activation) puts the link on the real clipboard.
    await userEvent.click(root(el).querySelector('[data-action="handoff-copy"]') as HTMLElement);
    await vi.waitFor(() => expect(root(el).querySelector('[data-copy-state]')?.textContent?.trim()).toBe('Copied'));
    // Reading the clipboard needs a permission the test browser lacks; pasting it is what a person does.
    const paste = document.createElement('textarea');
    document.body.append(paste);
    paste.focus();
    await userEvent.keyboard('{Control>}v{/Control}');
    expect(paste.value).toBe(url);

    // Where the clipboard is refused, the link is selected for the person instead.
    vi.spyOn(navigator.clipboard, 'writeText').mockRejectedValue(new DOMException('denied', 'NotAllowedError'));
    click(el, '[data-action="handoff-copy"]');
    await vi.waitFor(() =>
      expect(root(el).querySelector('[data-copy-state]')?.getAttribute('data-copy-state')).toBe('selected'),
    );
    expect(document.getSelection()?.toString()).toBe(url);
    expect(text(el)).toContain('The link is selected');
  });

  it('the phone claims and uploads: connected, front done, back done; the desktop completes, events in order', async () => {
    const { el, events, url } = await offered();
    const phone = device('phone');
    expect((await phone('POST', '/berbix/session/handoff/claim', { code: codeOf(url) })).status).toBe(200);
    await waitForView(el, 'handoff-watching');
    expect(root(el).querySelector('h2')?.textContent).toBe('Continue on your phone…');
    expect(focused(el)).toBe('H2');
    expect(item(el, 'connected')).toBe('✓ Phone connected');
    expect(root(el).querySelector('[data-handoff-status]')?.getAttribute('aria-live')).toBe('polite');
    expect(await axeViolations(el)).toEqual([]);
    // The desktop may no longer upload: it watches.
    expect((await fetch('/berbix/session').then((r) => r.json())).watching).toBe(true);

    const front = await phone('POST', '/berbix/session/images/document_front', await photo(), {
      'content-type': 'image/jpeg',
    });
    expect(front.body?.nextStep).toBe('upload_document_back');
    await vi.waitFor(() => expect(item(el, 'front')).toBe('✓ Front done'), { timeout: 8000 });
    const back = await phone('POST', '/berbix/session/images/document_back', await photo(), {
      'content-type': 'image/jpeg',
      ...barcodeHeader,
    });
    expect(back.body?.nextStep).toBe('done');
    await waitForView(el, 'finished');
    expect(states(events)).toEqual(['offered', 'claimed', 'progress:upload_document_back', 'done', 'berbix-complete']);
    expect(events.at(-1)).toBeInstanceOf(Event);
    expect((events.at(-1) as BerbixCompleteEvent).type).toBe('berbix-complete');
  }, 30_000);

  it('"Use this computer instead" cancels: the desktop captures again and the phone is refused', async () => {
    const { el, events, url } = await offered();
    const phone = device('phone');
    expect((await phone('POST', '/berbix/session/handoff/claim', { code: codeOf(url) })).status).toBe(200);
    await waitForView(el, 'handoff-watching');
    click(el, '[data-action="handoff-cancel"]');
    await waitForView(el, 'capture');
    expect(states(events)).toEqual(['offered', 'claimed', 'cancelled']);
    const refused = await phone('POST', '/berbix/session/images/document_front', await photo(), {
      'content-type': 'image/jpeg',
    });
    expect(refused.status).toBe(409);
    expect(refused.body?.error).toMatchObject({ code: 'handed_off' });
    // Cancelling before any claim kills the code too.
    el.remove();
    const again = await offered();
    click(again.el, '[data-action="handoff-cancel"]');
    await waitForView(again.el, 'capture');
    const late = await device('late')('POST', '/berbix/session/handoff/claim', { code: codeOf(again.url) });
    expect(late.status).toBe(404);
  }, 30_000);

  it('a code that runs out shows "expired"; "Show a new code" offers a fresh one; the camera path stays open', async () => {
    await fetch(`${SHORT}/session`, { method: 'DELETE' });
    const { el, events, url } = await offered((e) => {
      e.endpoint = SHORT;
    });
    await waitForView(el, 'handoff-expired', 8000);
    expect(root(el).querySelector('h2')?.textContent).toBe('The code has expired');
    expect(focused(el)).toBe('H2');
    expect(states(events)).toEqual(['offered', 'expired']);
    click(el, '[data-action="handoff-offer"]');
    await waitForView(el, 'handoff-offer');
    await vi.waitFor(() => expect(link(el)).toMatch(/^http/));
    expect(link(el)).not.toBe(url);
    expect(await decodeQr(el)).toBe(link(el));
    await waitForView(el, 'handoff-expired', 8000);
    click(el, '[data-action="handoff-use-computer"]');
    await waitForView(el, 'capture');
    expect(states(events)).toEqual(['offered', 'expired', 'offered', 'expired']);
  }, 30_000);

  it('when the event stream fails, the status is polled and the claim still shows', async () => {
    await fetch('/__berbix-test/handoff-events?fail=1', { method: 'PUT' });
    const { el, url } = await offered();
    await vi.waitFor(() =>
      expect(root(el).querySelector('[data-handoff-status]')?.getAttribute('data-transport')).toBe('polling'),
    );
    expect((await device('phone')('POST', '/berbix/session/handoff/claim', { code: codeOf(url) })).status).toBe(200);
    await waitForView(el, 'handoff-watching', 6000);
    expect(root(el).querySelector('[data-handoff-status]')?.getAttribute('data-transport')).toBe('polling');
  });

  it('a desktop that reloads while the phone drives goes straight back to following it', async () => {
    const { el, url } = await offered();
    expect((await device('phone')('POST', '/berbix/session/handoff/claim', { code: codeOf(url) })).status).toBe(200);
    await waitForView(el, 'handoff-watching');
    el.remove();
    const reloaded = mount((e) => {
      e.idType = 'DL';
      e.handoff = 'auto';
    });
    await waitForView(reloaded, 'handoff-watching');
    expect(item(reloaded, 'connected')).toBe('✓ Phone connected');
  });

  it('camera blocked on a desktop: the screen also offers "Continue on your phone"', async () => {
    refuseCamera('NotAllowedError');
    const el = mount((e) => {
      e.idType = 'DL';
      e.handoff = 'auto';
    });
    await waitForView(el, 'handoff-choice');
    click(el, '[data-action="handoff-use-computer"]');
    await waitForView(el, 'capture');
    await vi.waitFor(() =>
      expect(root(el).querySelector('[data-title]')?.textContent).toBe('Camera access is blocked'),
    );
    click(el, '[data-action="handoff-offer"]');
    await waitForView(el, 'handoff-offer');
    await vi.waitFor(() => expect(link(el)).toMatch(/^http/));
  });

  it('handoff="off" never offers, even on a desktop', async () => {
    const el = mount((e) => {
      e.idType = 'DL';
      e.setAttribute('handoff', 'off');
    });
    await waitForView(el, 'capture');
    expect(root(el).querySelector('[data-action="handoff-offer"]')).toBeNull();
  });
});

describe('hand-off on the phone', () => {
  /** Another device starts a session (optionally uploads the front) and offers a code. */
  async function desktopOffers(endpoint = '/berbix', uploadFront = false) {
    const desktop = device('desktop');
    expect((await desktop('POST', `${endpoint}/session`, { idType: 'DL' })).status).toBe(201);
    if (uploadFront) {
      const front = await desktop('POST', `${endpoint}/session/images/document_front`, await photo(), {
        'content-type': 'image/jpeg',
      });
      expect(front.body?.nextStep).toBe('upload_document_back');
    }
    const offer = await desktop('POST', `${endpoint}/session/handoff`);
    expect(offer.status).toBe(201);
    return { desktop, code: codeOf(offer.body?.url as string) };
  }

  const openWith = (code: string) =>
    history.replaceState(history.state, '', `${location.pathname}?keep=1#${HANDOFF_PARAM}=${code}`);

  it('claims the code in the address, removes it at once, resumes at the step; Cancel gives it back', async () => {
    const { desktop, code } = await desktopOffers('/berbix', true);
    openWith(code);
    const el = mount((e) => {
      e.lang = 'en';
    });
    const events = record(el, ['berbix-handoff']);
    await waitForView(el, 'capture');
    expect(location.href).not.toContain(HANDOFF_PARAM);
    expect(location.href).not.toContain(code);
    expect(location.search).toBe('?keep=1');
    expect(location.hash).toBe('');
    expect(root(el).querySelector('h2')?.textContent).toBe('Step 2 of 2 · Back of your ID');
    expect(root(el).querySelector('[data-handoff-banner]')?.textContent).toContain('Continuing from your computer');
    expect(states(events)).toEqual(['claimed']);
    expect((await desktop('GET', '/berbix/session')).body?.watching).toBe(true);
    expect(await axeViolations(el)).toEqual([]);

    // A reload on the phone: no code in the address any more, the same session, still the banner.
    el.remove();
    const reloaded = mount((e) => {
      e.lang = 'en';
    });
    const after = record(reloaded, ['berbix-handoff']);
    await waitForView(reloaded, 'capture');
    expect(root(reloaded).querySelector('h2')?.textContent).toBe('Step 2 of 2 · Back of your ID');
    expect(root(reloaded).querySelector('[data-handoff-banner]')?.textContent).toContain(
      'Continuing from your computer',
    );

    click(reloaded, '[data-action="handoff-phone-cancel"]');
    await waitForView(reloaded, 'handoff-elsewhere');
    expect(root(reloaded).querySelector('h2')?.textContent).toBe('Carry on on your computer');
    expect(states(events)).toEqual(['claimed']);
    expect(states(after)).toEqual(['cancelled']);
    expect((await desktop('GET', '/berbix/session')).body?.watching).toBe(false);
  }, 30_000);

  it('an upload refused with handed_off (the computer took it back) explains, with no retry', async () => {
    const { desktop, code } = await desktopOffers();
    openWith(code);
    const el = mount((e) => {
      e.noCamera = true;
      e.lang = 'en';
    });
    await waitForView(el, 'capture');
    expect((await desktop('DELETE', '/berbix/session/handoff')).status).toBe(204);
    chooseFile(el, await photo());
    await waitForView(el, 'review');
    click(el, '[data-action="use"]');
    await waitForView(el, 'handoff-elsewhere');
    expect(root(el).querySelector('h2')?.textContent).toBe('Continuing on your other device');
    expect(text(el)).toContain('The capture now continues on your computer.');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(view(el)).toBe('handoff-elsewhere');
  }, 30_000);

  it('a used, an expired, a guessed and a malformed code each get their own message', async () => {
    const cases: [string, () => Promise<string>, string, string][] = [
      [
        'used',
        async () => {
          const { code } = await desktopOffers();
          expect((await device('other-phone')('POST', '/berbix/session/handoff/claim', { code })).status).toBe(200);
          return code;
        },
        'This link was already used',
        'This link was already used on another device. Ask for a new code on your computer.',
      ],
      ['invalid', async () => 'A'.repeat(48), 'This link does not work', 'Ask for a new code on your computer'],
      ['invalid', async () => 'not-a-code', 'This link does not work', 'Ask for a new code on your computer'],
    ];
    for (const [reason, code, title, advice] of cases) {
      openWith(await code());
      const el = mount((e) => {
        e.lang = 'en';
      });
      await waitForView(el, 'handoff-claim-failed');
      expect(root(el).querySelector('[data-claim-failure]')?.getAttribute('data-claim-failure')).toBe(reason);
      expect(root(el).querySelector('h2')?.textContent).toBe(title);
      expect(text(el)).toContain(advice);
      expect(location.hash).toBe('');
      expect(await axeViolations(el)).toEqual([]);
      el.remove();
    }
    // Expired: the short-lived adapter's code, claimed after its time.
    const { code } = await desktopOffers(SHORT);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    openWith(code);
    const el = mount((e) => {
      e.endpoint = SHORT;
      e.lang = 'en';
    });
    await waitForView(el, 'handoff-claim-failed');
    expect(root(el).querySelector('[data-claim-failure]')?.getAttribute('data-claim-failure')).toBe('expired');
    expect(root(el).querySelector('h2')?.textContent).toBe('This link has expired');
  }, 30_000);
});
