import { afterEach, describe, expect, it, vi } from 'vitest';
import './define.js';
import type { BerbixCaptureElement } from './berbix-capture.js';
import type { BerbixCameraEvent, BerbixErrorEvent } from './events.js';

/** A transport answering like the adapter: this test is about the element, not the server. */
const sessionFetch = (async () =>
  new Response(JSON.stringify({ step: 'upload_document_front', idType: 'DL', expiresAt: new Date().toISOString() }), {
    status: 201,
    headers: { 'content-type': 'application/json' },
  })) as typeof fetch;

function mount(setup: (el: BerbixCaptureElement) => void = () => {}): BerbixCaptureElement {
  const el = document.createElement('berbix-capture');
  el.endpoint = '/berbix';
  el.fetch = sessionFetch;
  setup(el);
  document.body.append(el);
  return el;
}

const nextEvent = <T extends Event>(el: Element, name: string) =>
  new Promise<T>((resolve) => el.addEventListener(name, (e) => resolve(e as T), { once: true }));

afterEach(() => {
  document.body.innerHTML = '';
  vi.restoreAllMocks();
});

describe('<berbix-capture>', () => {
  it('opens the camera and plays real frames in the preview', async () => {
    const el = mount();
    const camera = await nextEvent<BerbixCameraEvent>(el, 'berbix-camera');
    expect(camera.state).toBe('live');
    await el.updateComplete;
    const video = el.shadowRoot?.querySelector('video') as HTMLVideoElement;
    expect(video).toBeTruthy();
    await vi.waitFor(() => expect(video.videoWidth).toBeGreaterThan(0), { timeout: 5000 });
    expect(el.shadowRoot?.querySelector('[role="status"]')?.textContent).toContain('front of your ID');
    // Disconnecting stops every track.
    const stream = video.srcObject as MediaStream;
    el.remove();
    expect(stream.getTracks().every((track) => track.readyState === 'ended')).toBe(true);
  });

  it('shows a clear screen with a way forward when the camera is refused', async () => {
    vi.spyOn(navigator.mediaDevices, 'getUserMedia').mockRejectedValue(
      new DOMException('Permission denied', 'NotAllowedError'),
    );
    const el = mount();
    const camera = await nextEvent<BerbixCameraEvent>(el, 'berbix-camera');
    expect(camera.state).toBe('denied');
    await el.updateComplete;
    const heading = el.shadowRoot?.querySelector('h2');
    expect(heading?.textContent).toBe('Camera access is blocked');
    expect(el.shadowRoot?.querySelector('button')?.textContent).toBe('Try again');
  });

  it('speaks the page language', async () => {
    vi.spyOn(navigator.mediaDevices, 'getUserMedia').mockRejectedValue(
      new DOMException('Permission denied', 'NotAllowedError'),
    );
    const el = mount((e) => {
      e.lang = 'es-MX';
    });
    await nextEvent(el, 'berbix-camera');
    await el.updateComplete;
    expect(el.shadowRoot?.querySelector('h2')?.textContent).toBe('El acceso a la cámara está bloqueado');
  });

  it('reports a session that cannot start as a recoverable error', async () => {
    const el = mount((e) => {
      e.fetch = (async () =>
        new Response('{"error":{"code":"upstream_unavailable","message":"later"}}', { status: 503 })) as typeof fetch;
    });
    const error = await nextEvent<BerbixErrorEvent>(el, 'berbix-error');
    expect(error).toMatchObject({ code: 'upstream_unavailable', recoverable: true });
    await el.updateComplete;
    expect(el.shadowRoot?.querySelector('h2')?.textContent).toBe('We could not start');
  });
});
