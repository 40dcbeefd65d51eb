import type { IdType } from '@berbix-capture/protocol';
import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { FrameAnalyser } from './analysers/types.js';
import { countryOf, idTypeOf, onUnlessFalse } from './attribute-values.js';
import { expectsPdf417 } from './back-step.js';
import * as captureView from './capture-view.js';
import { CameraController } from './controllers/camera.js';
import { CountdownTicker } from './controllers/countdown.js';
import { FrameLoopController } from './controllers/frame-loop.js';
import { HandoffController } from './controllers/handoff.js';
import { NetworkWatch } from './controllers/network.js';
import { PreviewVideoController } from './controllers/preview-video.js';
import { UploadController } from './controllers/upload.js';
import { DEFAULT_PDF417_ENGINE } from './decoder/index.js';
import { BerbixCameraEvent, BerbixUploadProgressEvent } from './events.js';
import { failureStyles } from './failure-styles.js';
import { DefaultAnalysers, usableAnalysers } from './flow/analysers.js';
import { CaptureFlowController } from './flow/controller.js';
import { PhotoMaker } from './flow/photos.js';
import { eventFor } from './flow/signals.js';
import type { CaptureView as FlowView } from './flow/state.js';
import { aspectFor, guideRect } from './guide.js';
import { handoffMode, shouldOfferPhone, takeHandoffCode } from './handoff-env.js';
import * as handoffView from './handoff-view.js';
import { type CaptureStrings, directionOf } from './i18n.js';
import { LanguageController } from './i18n-controller.js';
import { LayoutController } from './layout-controller.js';
import { announcement, issueMessages } from './live-region.js';
import { createSession, deleteSession, getSession } from './session-api.js';
import { captureStyles } from './styles.js';
import * as uploadView from './upload-view.js';
import { grabVideoFrame } from './video-grab.js';
import { panel } from './view-parts.js';
import { WorkerUnavailableError } from './worker-rpc.js';

/** Which screen is showing. */
export type CaptureView = FlowView;

/** The screens on which a phone that took the session over shows its "from your computer" banner. */
const PHONE_BANNER_VIEWS = new Set<CaptureView>(['capture', 'preparing', 'review', 'uploading', 'upload-failed']);

/**
 * Captures the front and back of an identity document with the device camera (or a chosen photo)
 * and sends them to a berbix-capture adapter, which walks Berbix's API-only upload loop.
 *
 * Continue on a phone (`handoff`): where the adapter supports it (`handoffAvailable`), the element
 * can show a QR code of a one-time link that opens the same session on a phone, then follows the
 * phone's progress (Server-Sent Events, polling as fallback) and finishes with `berbix-complete`
 * here too. `auto` (the default) offers it before the camera starts on what looks like a computer:
 * a fine pointer that hovers (`(pointer: fine) and (hover: hover)`), or no camera at all, because
 * laptop webcams rarely read a licence barcode; it also offers it when the camera is blocked or
 * missing. `on` offers it on every device, `off` never. A page opened from such a link claims the
 * session whatever `handoff` says, and removes the code from the address bar at once.
 *
 * @fires berbix-ready - the session exists and its first step is known
 * @fires berbix-step - a step begins: `{step, attempt}`
 * @fires berbix-camera - the camera changed state: `{state: 'live'|'denied'|'unavailable'|'ended'}`
 * @fires berbix-capture - a photo is ready to review: `{subject, width, height, bytes}`
 * @fires berbix-before-upload - cancelable; about to upload `{subject, bytes}`
 * @fires berbix-upload-progress - upload progress: `{loaded, total}`
 * @fires berbix-issues - Berbix asked for a retake: `{issues, issueDetails, step}`
 * @fires berbix-complete - every step is done
 * @fires berbix-error - something failed: `{code, message, recoverable}`
 * @fires berbix-handoff - continuing on a phone moved on: `{state: 'offered'|'claimed'|'progress'|'done'|'cancelled'|'expired', step?}`
 *
 * @csspart base - the outer frame
 * @csspart video - the live camera preview
 * @csspart guide - the document outline drawn over the preview
 * @csspart card - the outline of the card the element found in the preview (an SVG)
 * @csspart shutter - the button that takes the photo
 * @csspart message - the guidance or status text
 *
 * @cssprop --berbix-capture-accent - colour of primary buttons (default #1d4ed8)
 * @cssprop --berbix-capture-on-accent - text on the accent colour, and the guide outline (default #ffffff)
 * @cssprop --berbix-capture-surface - background of the element (default #ffffff)
 * @cssprop --berbix-capture-text - text colour (default #111827)
 * @cssprop --berbix-capture-muted - secondary text colour (default #4b5563)
 * @cssprop --berbix-capture-focus - focus outline colour (default #b45309)
 * @cssprop --berbix-capture-radius - corner radius (default 12px)
 * @cssprop --berbix-capture-font - font family (default inherited)
 */
export class BerbixCaptureElement extends LitElement {
  static override styles = [captureStyles, failureStyles];

  /** Where the adapter is mounted, e.g. `/berbix`. Required. */
  @property({ type: String }) endpoint = '';
  /** `DL`, `ID`, `PRC`, `PC` or `P`; anything else lets the person pick. */
  @property({ type: String, attribute: 'id-type' }) idType: string | undefined;
  /** ISO 3166-1 alpha-2 country of the document. */
  @property({ type: String, attribute: 'id-country' }) idCountry: string | undefined;
  /**
   * Language of the element's text (`en`, `es`, `fr`, `de`, `pt`, `it`, `nl`, `pl`, `ja`, `zh`, `ar`, `hi`, or one
   * added with `registerTranslation`). Unset or unknown: the browser's languages, then the page's
   * `<html lang>`, then English. Arabic lays the element out right to left.
   */
  @property({ type: String }) override lang!: string;
  /** Capture by itself once the frame is sharp, lit and steady (default on; `auto-capture="false"` turns it off). */
  @property({ type: Boolean, attribute: 'auto-capture', converter: onUnlessFalse }) autoCapture = true;
  /** Largest upload in MB (default and ceiling 9.5, below Berbix's 10 MB advice). */
  @property({ type: Number, attribute: 'max-upload-mb' }) maxUploadMb = 9.5;
  /** `environment` (default), `user`, or a camera's deviceId. */
  @property({ type: String }) camera = 'environment';
  /**
   * `auto` (default): the capture screen is the camera, filling the element, on a touch device, and
   * framed elsewhere. `fullscreen`: the element fills its container (give that a height) and the
   * camera screen shows on every device. `framed`: framed everywhere.
   */
  @property({ type: String, reflect: true }) layout: string | undefined;
  /** Upload only: never ask for the camera. */
  @property({ type: Boolean, attribute: 'no-camera' }) noCamera = false;
  /** Overrides for any text the element shows (see `CaptureStrings`). */
  @property({ attribute: false }) strings: Partial<CaptureStrings> = {};
  /** Custom transport for calls to the adapter (uploads then report progress only at start and end). */
  @property({ attribute: false }) fetch: typeof fetch | undefined;
  /**
   * PDF417 engine for reading the back's barcode on the device: `zxing-js`, `zxing-wasm`, `native`
   * (BarcodeDetector), or `off`. Default: the engine the decoder benchmark chose.
   */
  @property({ type: String }) decoder: string = DEFAULT_PDF417_ENGINE;
  /** Offer to continue on a phone: `auto` (default: on a computer), `on` (any device) or `off`. */
  @property({ type: String }) handoff = 'auto';
  /**
   * Per-frame analysers. Unset (the default): the quality analyser plus the PDF417 analyser that
   * `decoder` names. Set it to take full control of what runs on each frame. Each gets an
   * `ImageBitmap` of the guide (or of the whole frame, with `region: 'frame'`) in `analyse`; one
   * that also has `analyseVideoFrame` gets the camera's own `VideoFrame` there instead, where the
   * browser can make and transfer one (no copy; e.g. I420). It owns the frame and must close it.
   */
  @property({ attribute: false }) analysers: FrameAnalyser[] | undefined = undefined;

  /** A file is being dragged over the drop zone. */
  @state() protected dragging = false;

  private readonly defaults = new DefaultAnalysers();

  private readonly cameraController = new CameraController(this, (state) => {
    this.dispatchEvent(new BerbixCameraEvent(state));
    if (state !== 'live') this.loop.stop();
    // From the first frame on, the screen says the search is on (until the frames say more).
    else this.flow.framing.look(performance.now());
  });
  private readonly loop = new FrameLoopController(this, {
    analysers: () => this.usableAnalysers,
    step: () => (this.flow.state.view === 'capture' ? this.flow.state.step : null),
    guide: (width, height) => guideRect(width, height, this.aspect, this.layoutWatch.coverBox(this.layout)),
    onFrame: (frame) => this.flow.frame(frame),
    onPrepareFailed: (_analyser, error) => {
      if (error instanceof WorkerUnavailableError)
        void this.flow.dispatch({ type: 'worker-unavailable', worker: error.worker });
    },
  });
  private readonly upload = new UploadController(this, {
    endpoint: () => this.endpoint,
    fetch: () => this.fetch,
    onProgress: (loaded, total) => this.dispatchEvent(new BerbixUploadProgressEvent(loaded, total)),
  });
  /** Registers itself with the element: the browser's `offline` and `online` reach the flow. */
  protected readonly network = new NetworkWatch(this, (online) => {
    void this.flow.dispatch({ type: online ? 'online' : 'offline' });
  });
  /** The countdown to the next upload attempt, redrawn once a second at most. */
  private readonly countdown = new CountdownTicker(this, () =>
    this.flow.state.view === 'uploading' ? (this.flow.state.connection?.nextTryAt ?? null) : null,
  );
  private readonly handoffs = new HandoffController(this, {
    endpoint: () => this.endpoint,
    customFetch: () => this.fetch,
    step: () => this.flow.state.step,
    onEvent: (state, step) => void this.flow.dispatch({ type: 'handoff', state, ...(step && { step }) }),
  });
  private readonly flow: CaptureFlowController = new CaptureFlowController(this, {
    settings: () => ({
      endpoint: this.endpoint,
      idType: this.attributeIdType,
      country: this.country,
      noCamera: this.noCamera,
      camera: this.camera,
      autoCapture: this.autoCapture,
      offersPhone: () => shouldOfferPhone(handoffMode(this.handoff)),
      barcodeDecides: (idType) => this.barcodeDecides(idType),
    }),
    session: {
      get: () => getSession(this.endpoint, this.transport),
      create: (request) => createSession(this.endpoint, request, this.transport),
      end: () => deleteSession(this.endpoint, this.transport),
    },
    handoff: this.handoffs,
    camera: this.cameraController,
    loop: this.loop,
    upload: this.upload,
    photos: {
      fromFrame: (frame, subject, barcode) => this.photoMaker.fromFrame(frame as ImageBitmap, subject, barcode),
      fromFile: (file, step, subject) => this.photoMaker.fromFile(file, step, subject),
      grab: () => {
        const video = this.renderRoot.querySelector('video');
        return video ? grabVideoFrame(video) : null;
      },
      revoke: (url) => URL.revokeObjectURL(url),
    },
    resetAnalysers: () => {
      for (const analyser of this.usableAnalysers) (analyser as { reset?: () => void }).reset?.();
    },
    takeLinkCode: () => takeHandoffCode(),
    emit: (signal) => this.dispatchEvent(eventFor(signal)),
    now: () => performance.now(),
    offline: () => navigator.onLine === false,
  });
  private readonly layoutWatch = new LayoutController(this);
  /** Registers itself with the element: keeps the preview on the camera and starts the loop on it. */
  protected readonly preview = new PreviewVideoController(this, {
    camera: this.cameraController,
    capturing: () => this.flow.state.view === 'capture',
    startLoop: (video) => this.loop.start(video),
  });
  private readonly photoMaker = new PhotoMaker({
    maxUploadMb: () => this.maxUploadMb,
    analysers: () => this.usableAnalysers,
  });

  /** Starts (or resumes) the session: `GET /session`, else `POST /session`. Called on connect. */
  start(): Promise<void> {
    return this.flow.start();
  }

  /** Ends the current session on the server and starts a new one from the beginning. */
  restart(): Promise<void> {
    return this.flow.dispatch({ type: 'restart' });
  }

  /** Stops the camera, the frame loop and any upload in progress. */
  stop(): void {
    void this.flow.dispatch({ type: 'stop' });
  }

  /** The analysers in use, minus anything that does not have the analyser shape (never throws on bad input). */
  private get usableAnalysers(): FrameAnalyser[] {
    return usableAnalysers(this.analysers, () => this.defaults.for(this.decoder));
  }

  private get transport(): typeof fetch {
    return this.fetch ?? globalThis.fetch.bind(globalThis);
  }

  private get attributeIdType(): IdType | null {
    return idTypeOf(this.idType);
  }

  /** The document's country from the attribute, when it names one (sessions do not carry it). */
  private get country(): string | null {
    return countryOf(this.idCountry);
  }

  /**
   * The back of this document shows a PDF417 (see `expectsPdf417`) and a barcode reader runs on
   * the back step: there the barcode, not the quality verdict, decides.
   */
  private barcodeDecides(idType: IdType | null): boolean {
    return (
      this.usableAnalysers.some((a) => a.id === 'pdf417' && a.steps.includes('upload_document_back')) &&
      expectsPdf417(idType, this.country)
    );
  }

  private get aspect(): number {
    return aspectFor(this.flow.state.idType ?? this.attributeIdType);
  }

  private readonly language = new LanguageController(this);

  private get text(): CaptureStrings {
    return this.language.strings(this.strings);
  }

  protected override scheduleUpdate() {
    // A render waits (at most a second) for the chosen language, so no screen shows English first.
    const ready = this.language.untilReady();
    return ready ? ready.then(() => super.scheduleUpdate()) : super.scheduleUpdate();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // A page that takes over the analysers frees the default ones (and the decoder's worker).
    if (changed.has('analysers') && this.analysers !== undefined) this.defaults.dispose();
  }

  private shownView: CaptureView | null = null;

  protected override updated(changed: PropertyValues<this>): void {
    const { view } = this.flow.state;
    // An endpoint that arrives late (set after the element was connected) gets its session now.
    if (changed.has('endpoint') && this.flow.state.missingEndpoint && this.endpoint) void this.start();
    // A cover-fitted preview is measured, so the guide can be drawn and analysed where it shows.
    const stage = this.renderRoot.querySelector<HTMLElement>('.stage.cover');
    this.layoutWatch.watch(stage, stage ? this.renderRoot.querySelector<HTMLElement>('.guide-area') : null);
    // Move focus to a new screen's heading so keyboard and screen-reader users land on it (its ring:
    // keyboard only, see the styles).
    if (this.shownView !== null && view !== this.shownView) {
      (this.renderRoot.querySelector('h2') as HTMLElement | null)?.focus();
    }
    this.shownView = view;
  }

  override render() {
    const t = this.text;
    const { view, role } = this.flow.state;
    const instructed = this.cameraController.status === 'live' || this.noCamera;
    return html`
      <div
        part="base"
        data-view=${view}
        data-layout=${this.layoutWatch.cameraFirst(this.layout) ? 'camera-first' : 'framed'}
        data-input=${this.layoutWatch.keyboard ? 'keyboard' : 'pointer'}
        lang=${t.locale}
        dir=${directionOf(t.locale)}
      >
        ${
          role === 'phone' && PHONE_BANNER_VIEWS.has(view)
            ? handoffView.renderBanner(t, () => void this.handoffs.cancel())
            : nothing
        }
        ${this.renderView(t)}
      </div>
      <p class="visually-hidden" role="status" aria-live="polite" aria-atomic="true" lang=${t.locale}>${announcement(t, this.flow.state, this.flow.framing, instructed)}</p>
    `;
  }

  private captureScreen(t: CaptureStrings): captureView.CaptureScreen {
    const { step, idType, notice, offerable } = this.flow.state;
    const { guidance, card, barcodeAdvice } = this.flow.framing;
    return {
      step,
      idType,
      notice: notice ? t[notice] : null,
      issues: issueMessages(t, this.flow.state.issues),
      camera: this.cameraController,
      noCamera: this.noCamera,
      phoneOffered: offerable,
      guidance,
      card,
      barcodeAdvice,
      aspect: this.aspect,
      video: this.renderRoot.querySelector('video'),
      dragging: this.dragging,
      cameraFirst: this.layoutWatch.cameraFirst(this.layout),
      touch: this.layoutWatch.touch,
      previewBox: this.layoutWatch.box,
    };
  }

  private readonly captureActions: captureView.CaptureScreenActions = {
    shutter: () => void this.flow.dispatch({ type: 'shutter' }),
    useFile: (file) => this.flow.dispatch({ type: 'file-chosen', file }),
    setDragging: (over) => {
      this.dragging = over;
    },
    retryCamera: () => void this.cameraController.start(this.camera || 'environment'),
    offerToPhone: () => this.offerToPhone(),
  };

  private offerToPhone(): void {
    void this.flow.dispatch({ type: 'offer-to-phone' });
  }

  private useThisDevice(): void {
    void this.flow.dispatch({ type: 'use-this-device' });
  }

  private renderView(t: CaptureStrings) {
    const { view, step, idType, photo, handoffReason } = this.flow.state;
    const send = () => void this.flow.dispatch({ type: 'send' });
    const retake = () => void this.flow.dispatch({ type: 'retake' });
    switch (view) {
      case 'starting':
        return html`<p part="message">${t.starting}</p>`;
      case 'choose-type':
        return captureView.renderChooseType(
          t,
          (type) => void this.flow.dispatch({ type: 'choose-type', idType: type }),
        );
      case 'capture':
        return captureView.renderCapture(t, this.captureScreen(t), this.captureActions);
      case 'preparing':
        return captureView.renderPreparing(t, captureView.stepHeading(t, step, idType));
      case 'review':
        return captureView.renderReview(t, captureView.reviewTitle(t, step, idType), photo, { send, retake });
      case 'uploading':
        return uploadView.renderUploading(
          t,
          captureView.stepHeading(t, step, idType),
          {
            photo,
            progress: this.upload.progress,
            connection: this.flow.state.connection,
            secondsLeft: this.countdown.secondsLeft(),
          },
          { tryNow: () => void this.flow.dispatch({ type: 'try-now' }), retake },
        );
      case 'upload-failed':
        return panel(t.uploadFailedTitle, t.uploadFailedAdvice, [
          { label: t.tryAgain, action: send, name: 'retry-upload' },
          { label: t.retake, action: retake, name: 'retake', secondary: true },
        ]);
      case 'finished':
        return panel(t.finishedTitle, t.finishedAdvice, []);
      case 'unsupported-step':
        return panel(t.unsupportedStepTitle, t.unsupportedStepAdvice, []);
      case 'handoff-choice':
        return handoffView.renderChoice(
          t,
          () => this.offerToPhone(),
          () => void this.flow.dispatch({ type: 'continue-here' }),
        );
      case 'handoff-offer':
        return handoffView.renderOffer(t, this.handoffs, idType, t.locale, {
          copy: (link) => void this.handoffs.copy(link),
          cancel: () => void this.handoffs.cancel(),
          retry: () => this.offerToPhone(),
          computer: () => this.useThisDevice(),
        });
      case 'handoff-watching':
        return handoffView.renderWatching(t, this.handoffs, idType, () => void this.handoffs.cancel());
      case 'handoff-expired':
        return handoffView.renderExpired(
          t,
          () => this.offerToPhone(),
          () => this.useThisDevice(),
        );
      case 'handoff-elsewhere':
        return handoffView.renderElsewhere(t, handoffReason === 'cancelled' ? 'cancelled' : 'taken-back');
      case 'handoff-claim-failed':
        return handoffView.renderClaimFailed(t, handoffReason as handoffView.ClaimFailure, () => void this.start());
      default:
        return panel(t.sessionErrorTitle, t.sessionErrorAdvice, [
          { label: t.tryAgain, action: () => void this.start(), name: 'try-again' },
        ]);
    }
  }
}
