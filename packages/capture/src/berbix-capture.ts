import { type IdType, isIdType, type Step } from '@berbix-capture/protocol';
import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import { CameraController } from './controllers/camera.js';
import { BerbixCameraEvent, BerbixErrorEvent, BerbixReadyEvent, BerbixStepEvent } from './events.js';
import { type CaptureStrings, pickLanguage, stringsFor } from './i18n.js';
import { createSession, SessionApiError } from './session-api.js';

type View = 'starting' | 'session-error' | 'capture';

/**
 * Captures the front and back of an identity document with the device camera and sends them to a
 * berbix-capture adapter, which walks Berbix's API-only upload loop.
 *
 * @fires berbix-ready - the session exists and its first step is known
 * @fires berbix-step - a step begins: `{step, attempt}`
 * @fires berbix-camera - the camera changed state: `{state: 'live'|'denied'|'unavailable'|'ended'}`
 * @fires berbix-error - something failed: `{code, message, recoverable}`
 *
 * @csspart base - the outer frame
 * @csspart video - the live camera preview
 * @csspart guide - the document outline drawn over the preview
 * @csspart message - the instruction or status text
 *
 * @cssprop --berbix-capture-accent - colour of the guide and primary buttons (default #1d4ed8)
 * @cssprop --berbix-capture-radius - corner radius of the frame (default 12px)
 * @cssprop --berbix-capture-font - font family (default inherited)
 */
export class BerbixCaptureElement extends LitElement {
  static override styles = css`
    :host {
      --_accent: var(--berbix-capture-accent, #1d4ed8);
      --_radius: var(--berbix-capture-radius, 12px);
      display: block;
      font-family: var(--berbix-capture-font, inherit);
      color: #111827;
    }
    [part='base'] {
      position: relative;
      border-radius: var(--_radius);
      overflow: hidden;
      background: #111827;
      aspect-ratio: 4 / 3;
      display: grid;
      place-items: center;
    }
    video {
      width: 100%;
      height: 100%;
      object-fit: cover;
    }
    [part='guide'] {
      position: absolute;
      width: 82%;
      /* ID-1 cards are 85.6 x 54 mm. */
      aspect-ratio: 85.6 / 54;
      border: 3px solid var(--_accent);
      border-radius: 4%;
      box-shadow: 0 0 0 100vmax rgb(0 0 0 / 45%);
      pointer-events: none;
    }
    .panel {
      background: #ffffff;
      padding: 1.5rem;
      margin: 1rem;
      border-radius: var(--_radius);
      max-width: 28rem;
    }
    .panel h2 {
      margin: 0 0 0.5rem;
      font-size: 1.25rem;
    }
    [part='message'] {
      margin: 0.75rem 0 0;
      font-size: 1.05rem;
      text-align: center;
    }
    button {
      font: inherit;
      min-height: 44px;
      padding: 0.5rem 1.25rem;
      border-radius: 8px;
      border: 2px solid var(--_accent);
      background: var(--_accent);
      color: #ffffff;
      cursor: pointer;
    }
    button:focus-visible,
    h2:focus-visible {
      outline: 3px solid #f59e0b;
      outline-offset: 2px;
    }
    .status {
      color: #f9fafb;
    }
    .visually-hidden {
      position: absolute;
      width: 1px;
      height: 1px;
      overflow: hidden;
      clip: rect(0 0 0 0);
      white-space: nowrap;
    }
  `;

  static override properties = {
    endpoint: { type: String },
    idType: { type: String, attribute: 'id-type' },
    idCountry: { type: String, attribute: 'id-country' },
    lang: { type: String },
    strings: { attribute: false },
    fetch: { attribute: false },
    view: { state: true },
    step: { state: true },
  };

  /** Where the adapter is mounted, e.g. `/berbix`. Required. */
  declare endpoint: string;
  /** `DL`, `ID`, `PRC`, `PC` or `P`. */
  declare idType: string | undefined;
  /** ISO 3166-1 alpha-2 country of the document. */
  declare idCountry: string | undefined;
  /** Overrides for any text the element shows. */
  declare strings: Partial<CaptureStrings>;
  /** Custom transport for calls to the adapter. */
  declare fetch: typeof fetch | undefined;
  declare protected view: View;
  declare protected step: Step | null;

  private readonly camera = new CameraController(this, (state) => this.dispatchEvent(new BerbixCameraEvent(state)));

  constructor() {
    super();
    this.endpoint = '';
    this.strings = {};
    this.view = 'starting';
    this.step = null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.start();
  }

  /** Starts (or resumes) the session and opens the camera. Called on connect. */
  async start(): Promise<void> {
    this.view = 'starting';
    if (!this.endpoint) {
      this.fail('missing_endpoint', 'the endpoint attribute is required', false);
      return;
    }
    try {
      const idType = this.idType && isIdType(this.idType) ? (this.idType as IdType) : undefined;
      const session = await createSession(
        this.endpoint,
        {
          ...(idType && { idType }),
          ...(this.idCountry && { idCountry: this.idCountry.toUpperCase() }),
        },
        this.fetch ?? globalThis.fetch.bind(globalThis),
      );
      this.step = session.step;
      this.view = 'capture';
      this.dispatchEvent(new BerbixReadyEvent());
      this.dispatchEvent(new BerbixStepEvent(session.step, 1));
      await this.camera.start();
    } catch (error) {
      const code = error instanceof SessionApiError ? error.code : 'session_failed';
      this.fail(code, error instanceof Error ? error.message : 'the session could not start', true);
    }
  }

  /** Stops the camera. */
  stop(): void {
    this.camera.stop();
  }

  private fail(code: string, message: string, recoverable: boolean): void {
    this.view = 'session-error';
    this.dispatchEvent(new BerbixErrorEvent(code, message, recoverable));
  }

  private get text(): CaptureStrings {
    return stringsFor(
      pickLanguage([this.lang, document.documentElement.lang, ...(navigator.languages ?? [])]),
      this.strings,
    );
  }

  protected override updated(changed: PropertyValues<this>): void {
    const video = this.renderRoot.querySelector('video');
    if (video && video.srcObject !== this.camera.stream) video.srcObject = this.camera.stream;
    // Move focus to a new screen's heading so keyboard and screen-reader users land on it.
    if (changed.has('view' as keyof BerbixCaptureElement)) {
      (this.renderRoot.querySelector('h2') as HTMLElement | null)?.focus();
    }
  }

  override render() {
    const t = this.text;
    return html`
      <div part="base">${this.renderView(t)}</div>
      <p class="visually-hidden" role="status" aria-live="polite">${this.announcement(t)}</p>
    `;
  }

  private announcement(t: CaptureStrings): string {
    if (this.view === 'capture' && this.camera.status === 'live') return this.instruction(t);
    return '';
  }

  private instruction(t: CaptureStrings): string {
    return this.step === 'upload_document_back' ? t.backInstruction : t.frontInstruction;
  }

  private renderView(t: CaptureStrings) {
    if (this.view === 'starting') return html`<p class="status" part="message">${t.starting}</p>`;
    if (this.view === 'session-error') {
      return this.renderPanel(t.sessionErrorTitle, t.sessionErrorAdvice, () => void this.start(), t.tryAgain);
    }
    switch (this.camera.status) {
      case 'live':
        return html`
          <video part="video" autoplay muted playsinline aria-label=${t.cameraLabel}></video>
          <div part="guide" aria-hidden="true"></div>
        `;
      case 'denied':
        return this.renderPanel(t.cameraDeniedTitle, t.cameraDeniedAdvice, () => void this.camera.start(), t.tryAgain);
      case 'unavailable':
        return this.renderPanel(
          t.cameraUnavailableTitle,
          t.cameraUnavailableAdvice,
          () => void this.camera.start(),
          t.tryAgain,
        );
      case 'ended':
        return this.renderPanel(t.cameraEndedTitle, '', () => void this.camera.start(), t.tryAgain);
      default:
        return html`<p class="status" part="message">${t.starting}</p>`;
    }
  }

  private renderPanel(title: string, advice: string, action: () => void, actionLabel: string) {
    return html`
      <div class="panel" role="group" aria-labelledby="panel-title">
        <h2 id="panel-title" tabindex="-1">${title}</h2>
        ${advice ? html`<p>${advice}</p>` : nothing}
        <button type="button" @click=${action}>${actionLabel}</button>
      </div>
    `;
  }
}
