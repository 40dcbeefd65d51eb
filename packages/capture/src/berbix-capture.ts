import {
  type DocumentSubject,
  ERROR_CODES,
  type HandoffEventState,
  type IdType,
  isHandoffCode,
  isIdType,
  type SessionStatusResponse,
  type Step,
  type UploadResponse,
} from '@berbix-capture/protocol';
import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { QualityAnalyser, type QualityResult } from './analysers/quality.js';
import type { FrameAnalyser, FrameContext, Pdf417Result } from './analysers/types.js';
import { BARCODE_WAIT_MS, confidentCard, expectsPdf417, MissingSymbolWatch } from './back-step.js';
import * as captureView from './capture-view.js';
import { CompressError, type CompressedImage, clampUploadMb, compressImage, frameToJpeg } from './compress.js';
import { CameraController } from './controllers/camera.js';
import { type AnalysedFrame, FrameLoopController } from './controllers/frame-loop.js';
import { HandoffController } from './controllers/handoff.js';
import { UploadController } from './controllers/upload.js';
import { createPdf417Analyser, DEFAULT_PDF417_ENGINE, isPdf417Engine, type Pdf417Engine } from './decoder/index.js';
import {
  BerbixBeforeUploadEvent,
  BerbixCameraEvent,
  BerbixCaptureEvent,
  BerbixCompleteEvent,
  BerbixErrorEvent,
  BerbixHandoffEvent,
  BerbixIssuesEvent,
  BerbixReadyEvent,
  BerbixStepEvent,
  BerbixUploadProgressEvent,
} from './events.js';
import { AutoCaptureGate, GuidanceHold, type GuidanceKey, SharpestRecent } from './guidance.js';
import { aspectFor, guideRect } from './guide.js';
import { handoffMode, looksLikeDesktop, takeHandoffCode } from './handoff-env.js';
import * as handoffView from './handoff-view.js';
import { type CaptureStrings, pickLanguage, stringsFor } from './i18n.js';
import { describeIssues, type IssueMessage } from './issues-text.js';
import { createSession, deleteSession, getSession, SessionApiError, toBase64 } from './session-api.js';
import { captureStyles } from './styles.js';
import { grabVideoFrame } from './video-grab.js';
import { panel } from './view-parts.js';

/** Which screen is showing. */
export type CaptureView =
  | 'starting'
  | 'choose-type'
  | 'capture'
  | 'preparing'
  | 'review'
  | 'uploading'
  | 'upload-failed'
  | 'finished'
  | 'session-error'
  | 'unsupported-step'
  | 'handoff-choice'
  | 'handoff-offer'
  | 'handoff-watching'
  | 'handoff-expired'
  | 'handoff-elsewhere'
  | 'handoff-claim-failed';

/** The steps this element captures, and the subject each uploads. */
const SUBJECT_FOR_STEP: Partial<Record<Step, DocumentSubject>> = {
  upload_document_front: 'document_front',
  upload_document_back: 'document_back',
};

/** The photo on the review screen, and the side it shows. */
interface Captured extends captureView.CapturedPhoto {
  subject: DocumentSubject;
}

/** `symbolSeen` of a reader that reports it (the default decoder); undefined when it cannot tell. */
function symbolSeen(result: Pdf417Result): boolean | undefined {
  if (result.barcode) return true;
  // A page's own analyser may send anything: only a boolean counts.
  return typeof result.symbolSeen === 'boolean' ? result.symbolSeen : undefined;
}

function isPdf417Result(value: unknown): value is Pdf417Result {
  return typeof value === 'object' && value !== null && 'barcode' in value && 'decodeMs' in value;
}

function isQualityResult(value: unknown): value is QualityResult {
  return typeof value === 'object' && value !== null && 'verdict' in value && 'metrics' in value;
}

/** How a refused claim is explained on the phone. */
const CLAIM_FAILURES: Record<string, handoffView.ClaimFailure> = {
  [ERROR_CODES.handoffUsed]: 'used',
  [ERROR_CODES.handoffExpired]: 'expired',
  [ERROR_CODES.handoffInvalid]: 'invalid',
  [ERROR_CODES.invalidRequest]: 'invalid',
  [ERROR_CODES.rateLimited]: 'rate-limited',
};

/** The screens on which a phone that took the session over shows its "from your computer" banner. */
const PHONE_BANNER_VIEWS = new Set<CaptureView>(['capture', 'preparing', 'review', 'uploading', 'upload-failed']);

/** `auto-capture` is on unless the attribute says `false` or `off`. */
const onUnlessFalse = {
  fromAttribute: (value: string | null) => value === null || !/^(false|off|0)$/i.test(value.trim()),
  toAttribute: (value: boolean) => (value ? null : 'false'),
};

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
  static override styles = captureStyles;

  static override properties = {
    endpoint: { type: String },
    idType: { type: String, attribute: 'id-type' },
    idCountry: { type: String, attribute: 'id-country' },
    lang: { type: String },
    autoCapture: { type: Boolean, attribute: 'auto-capture', converter: onUnlessFalse },
    maxUploadMb: { type: Number, attribute: 'max-upload-mb' },
    camera: { type: String },
    noCamera: { type: Boolean, attribute: 'no-camera' },
    decoder: { type: String },
    handoff: { type: String },
    strings: { attribute: false },
    fetch: { attribute: false },
    analysers: { attribute: false },
    view: { state: true },
    step: { state: true },
    guidance: { state: true },
    issues: { state: true },
    captured: { state: true },
    notice: { state: true },
    dragging: { state: true },
    handoffReason: { state: true },
    card: { state: true },
    barcodeAdvice: { state: true },
  };

  /** Where the adapter is mounted, e.g. `/berbix`. Required. */
  declare endpoint: string;
  /** `DL`, `ID`, `PRC`, `PC` or `P`; anything else lets the person pick. */
  declare idType: string | undefined;
  /** ISO 3166-1 alpha-2 country of the document. */
  declare idCountry: string | undefined;
  /** Language of the element's text (`en`, `es`, `fr`, `de`, `pt`); else the page's `lang`, then the browser's. */
  declare lang: string;
  /** Capture by itself once the frame is sharp, lit and steady (default on; `auto-capture="false"` turns it off). */
  declare autoCapture: boolean;
  /** Largest upload in MB (default and ceiling 9.5, below Berbix's 10 MB advice). */
  declare maxUploadMb: number;
  /** `environment` (default), `user`, or a camera's deviceId. */
  declare camera: string;
  /** Upload only: never ask for the camera. */
  declare noCamera: boolean;
  /** Overrides for any text the element shows (see `CaptureStrings`). */
  declare strings: Partial<CaptureStrings>;
  /** Custom transport for calls to the adapter (uploads then report progress only at start and end). */
  declare fetch: typeof fetch | undefined;
  /**
   * PDF417 engine for reading the back's barcode on the device: `zxing-js`, `zxing-wasm`, `native`
   * (BarcodeDetector), or `off`. Default: the engine the decoder benchmark chose.
   */
  declare decoder: string;
  /** Offer to continue on a phone: `auto` (default: on a computer), `on` (any device) or `off`. */
  declare handoff: string;
  /**
   * Per-frame analysers. Unset (the default): the quality analyser plus the PDF417 analyser that
   * `decoder` names. Set it to take full control of what runs on each frame.
   */
  declare analysers: FrameAnalyser[] | undefined;

  declare protected view: CaptureView;
  declare protected step: Step | null;
  declare protected guidance: GuidanceKey | null;
  declare protected issues: IssueMessage[];
  declare protected captured: Captured | null;
  declare protected notice: string | null;
  declare protected dragging: boolean;
  /** Why a hand-off screen shows: a refused claim, or why this device stopped. */
  declare protected handoffReason: handoffView.ClaimFailure | handoffView.ElsewhereReason | null;
  /** The card the quality analyser found in the latest frame, drawn over the preview. */
  declare protected card: captureView.CardOutline | null;
  /** The barcode wait ended without a read: the shutter is offered with advice. */
  declare protected barcodeAdvice: boolean;

  private attempt = 1;
  private sessionIdType: IdType | null = null;
  private barcode: string | null = null;
  private stepStartedAt = 0;
  private startRun = 0;
  private readonly hold = new GuidanceHold();
  private readonly gate = new AutoCaptureGate();
  private readonly sharpest = new SharpestRecent();
  private readonly symbolWatch = new MissingSymbolWatch();
  /** The latest quality verdict was `good`: a frame fit to judge whether a barcode shows. */
  private qualityGood = false;
  private capturing = false;
  private missingEndpoint = false;
  private readonly watchedVideos = new WeakSet<HTMLVideoElement>();
  /** The adapter can hand this session to a phone, and this device should offer it. */
  private handoffAvailable = false;
  private offerable = false;
  /** A claim that failed for want of a network, kept in memory only for its Try again. */
  private pendingCode: string | null = null;

  private readonly cameraController = new CameraController(this, (state) => {
    this.dispatchEvent(new BerbixCameraEvent(state));
    if (state !== 'live') this.loop.stop();
  });
  private readonly loop = new FrameLoopController(this, {
    analysers: () => this.usableAnalysers,
    step: () => (this.view === 'capture' ? this.step : null),
    guide: (width, height) => guideRect(width, height, this.aspect),
    onFrame: (frame) => this.onFrame(frame),
  });
  private readonly upload = new UploadController(this, {
    endpoint: () => this.endpoint,
    fetch: () => this.fetch,
    onProgress: (loaded, total) => this.dispatchEvent(new BerbixUploadProgressEvent(loaded, total)),
  });

  private readonly handoffs = new HandoffController(this, {
    endpoint: () => this.endpoint,
    customFetch: () => this.fetch,
    step: () => this.step,
    onEvent: (state, step) => this.onHandoff(state, step),
  });

  constructor() {
    super();
    this.endpoint = '';
    this.autoCapture = true;
    this.maxUploadMb = 9.5;
    this.camera = 'environment';
    this.noCamera = false;
    this.strings = {};
    this.decoder = DEFAULT_PDF417_ENGINE;
    this.handoff = 'auto';
    this.analysers = undefined;
    this.view = 'starting';
    this.step = null;
    this.guidance = null;
    this.issues = [];
    this.captured = null;
    this.notice = null;
    this.dragging = false;
    this.handoffReason = null;
    this.card = null;
    this.barcodeAdvice = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Start after the first update, not here: frameworks (React through @lit/react, for one) set
    // properties such as `endpoint` just after the element is connected.
    const run = this.startRun;
    void this.updateComplete.then(() => {
      if (this.isConnected && run === this.startRun) void this.start();
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.startRun++;
    this.sharpest.clear();
    this.discardCaptured();
  }

  /** Starts (or resumes) the session: `GET /session`, else `POST /session`. Called on connect. */
  async start(): Promise<void> {
    const run = ++this.startRun;
    this.view = 'starting';
    this.missingEndpoint = !this.endpoint;
    if (this.missingEndpoint) {
      this.fail('missing_endpoint', 'the endpoint attribute is required', false);
      return;
    }
    // A page opened from a hand-off link: take the code out of the address bar, then claim it.
    const code = this.pendingCode ?? takeHandoffCode();
    this.pendingCode = null;
    if (code !== null) return this.claim(code, run);
    try {
      const existing = await getSession(this.endpoint, this.transport).catch((error: unknown) => {
        // No session (401) or a gone one (410) means start afresh; anything else is a real failure.
        if (error instanceof SessionApiError && (error.status === 401 || error.status === 410)) return null;
        throw error;
      });
      if (run !== this.startRun) return;
      if (existing) return await this.resume(existing, run);
      const idType = this.attributeIdType;
      if (!idType) {
        this.view = 'choose-type';
        return;
      }
      await this.createAndBegin(idType, run);
    } catch (error) {
      if (run !== this.startRun) return;
      const code = error instanceof SessionApiError ? error.code : 'session_failed';
      this.fail(code, error instanceof SessionApiError ? error.message : 'the session could not start', true);
    }
  }

  /** Ends the current session on the server and starts a new one from the beginning. */
  async restart(): Promise<void> {
    this.stop();
    this.resetStepState();
    this.issues = [];
    this.notice = null;
    this.handoffs.reset();
    try {
      await deleteSession(this.endpoint, this.transport);
    } catch {
      // Nothing to end is fine; a new session replaces it either way.
    }
    await this.start();
  }

  /** Stops the camera, the frame loop and any upload in progress. */
  stop(): void {
    this.loop.stop();
    this.cameraController.stop();
    this.upload.cancel();
    this.handoffs.stop();
  }

  /** The analysers in use when the page sets none: built once, the decoder rebuilt when `decoder` changes. */
  private readonly defaults: { quality: QualityAnalyser; pdf417: FrameAnalyser | null; engine: string | null } = {
    quality: new QualityAnalyser(),
    pdf417: null,
    engine: null,
  };

  private get defaultAnalysers(): FrameAnalyser[] {
    const wanted = (this.decoder ?? '').trim().toLowerCase();
    const engine: Pdf417Engine | null =
      wanted === 'off' ? null : isPdf417Engine(wanted) ? wanted : DEFAULT_PDF417_ENGINE;
    if (this.defaults.engine !== engine) {
      this.defaults.pdf417?.dispose?.();
      this.defaults.pdf417 = engine ? createPdf417Analyser({ engine }) : null;
      this.defaults.engine = engine;
    }
    return this.defaults.pdf417 ? [this.defaults.quality, this.defaults.pdf417] : [this.defaults.quality];
  }

  /** The analysers in use, minus anything that does not have the analyser shape (never throws on bad input). */
  private get usableAnalysers(): FrameAnalyser[] {
    if (this.analysers === undefined || this.analysers === null) return this.defaultAnalysers;
    if (!Array.isArray(this.analysers)) return [];
    return this.analysers.filter(
      (a): a is FrameAnalyser =>
        typeof a === 'object' &&
        a !== null &&
        typeof a.id === 'string' &&
        Array.isArray(a.steps) &&
        typeof a.analyse === 'function',
    );
  }

  private get transport(): typeof fetch {
    return this.fetch ?? globalThis.fetch.bind(globalThis);
  }

  private get attributeIdType(): IdType | null {
    const value = this.idType?.trim().toUpperCase();
    return value && isIdType(value) ? value : null;
  }

  /** The document's country from the attribute, when it names one (sessions do not carry it). */
  private get country(): string | null {
    const value = this.idCountry?.trim().toUpperCase();
    return value && /^[A-Z]{2}$/.test(value) ? value : null;
  }

  /**
   * This is the back step of a document with a PDF417 (see `expectsPdf417`) and a barcode reader
   * runs on it: the barcode, not the quality verdict, decides.
   */
  private get barcodeStep(): boolean {
    return (
      this.step === 'upload_document_back' &&
      this.usableAnalysers.some((a) => a.id === 'pdf417' && a.steps.includes('upload_document_back')) &&
      expectsPdf417(this.sessionIdType ?? this.attributeIdType, this.country)
    );
  }

  private get aspect(): number {
    return aspectFor(this.sessionIdType ?? this.attributeIdType);
  }

  private async createAndBegin(idType: IdType, run: number): Promise<void> {
    const country = this.country;
    const session = await createSession(
      this.endpoint,
      { idType, ...(country && { idCountry: country }) },
      this.transport,
    );
    if (run !== this.startRun) return;
    this.sessionIdType = session.idType ?? idType;
    this.handoffAvailable = session.handoffAvailable === true;
    this.dispatchEvent(new BerbixReadyEvent());
    await this.begin(session.step, 1, run);
  }

  /** Picks up a session at its step; `again` when this device takes it back from a phone (no choice, no ready). */
  private async resume(status: SessionStatusResponse, run: number, again = false): Promise<void> {
    this.sessionIdType = status.idType;
    this.handoffAvailable = status.handoffAvailable === true;
    if (!again) this.dispatchEvent(new BerbixReadyEvent());
    if (status.done) return this.finish();
    if (status.watching) return this.followOrLeave(run);
    if (!this.handoffAvailable && this.handoffs.role === 'none') {
      // A phone that reloads still drives a claimed session (the server offers no further hand-off
      // on it): it keeps its banner.
      const handoff = await this.handoffs.read();
      if (run !== this.startRun) return;
      if (handoff?.state === 'claimed') this.handoffs.role = 'phone';
    }
    if (again) return this.enterStep(status.step, status.attempts + 1);
    await this.begin(status.step, status.attempts + 1, run);
  }

  /** Before the camera starts: the choice of continuing on a phone, where this device should offer it. */
  private async begin(step: Step, attempt: number, run: number): Promise<void> {
    this.offerable = await this.shouldOfferHandoff();
    if (run !== this.startRun) return;
    if (!this.offerable || !SUBJECT_FOR_STEP[step]) return this.enterStep(step, attempt);
    this.step = step;
    this.attempt = attempt;
    this.view = 'handoff-choice';
  }

  private async shouldOfferHandoff(): Promise<boolean> {
    const mode = handoffMode(this.handoff);
    if (!this.handoffAvailable || this.handoffs.role === 'phone' || mode === 'off') return false;
    return mode === 'on' || (await looksLikeDesktop());
  }

  // ---- hand-off ----

  /** The phone: claim the link's code, then carry on at the session's step as a reload would. */
  private async claim(code: string, run: number): Promise<void> {
    try {
      if (!isHandoffCode(code)) throw new SessionApiError(400, ERROR_CODES.invalidRequest, 'malformed code');
      const status = await this.handoffs.claim(code);
      if (run !== this.startRun) return;
      await this.resume(status, run);
    } catch (error) {
      if (run !== this.startRun) return;
      const failure = (error instanceof SessionApiError && CLAIM_FAILURES[error.code]) || 'unreachable';
      if (failure === 'unreachable') this.pendingCode = code;
      this.handoffReason = failure;
      this.view = 'handoff-claim-failed';
    }
  }

  /** The desktop: show a QR code for a fresh link. */
  private async offerToPhone(): Promise<void> {
    this.stop();
    this.resetStepState();
    this.view = 'handoff-offer';
    await this.handoffs.start();
    const refused = this.handoffs.phase === 'failed' ? this.handoffs.error : null;
    // Not the driver (a phone holds it) or already finished: the server knows better than this screen.
    if (refused === ERROR_CODES.handedOff) await this.followOrLeave(this.startRun);
    else if (refused === ERROR_CODES.wrongStep) await this.start();
  }

  /** This device does not drive the session: follow a phone that holds it, else say it went elsewhere. */
  private async followOrLeave(run: number): Promise<void> {
    this.stop();
    const status = await this.handoffs.read();
    if (run !== this.startRun) return;
    if (status?.state === 'claimed' && this.handoffs.role !== 'phone') {
      this.view = 'handoff-watching';
      return this.handoffs.watch(status);
    }
    this.handoffReason = 'taken-back';
    this.view = 'handoff-elsewhere';
  }

  /** The desktop drives again (it cancelled, the phone did, or the code expired): resume here. */
  private async useThisDevice(): Promise<void> {
    const run = ++this.startRun;
    this.view = 'starting';
    try {
      const status = await getSession(this.endpoint, this.transport);
      if (run === this.startRun) await this.resume(status, run, true);
    } catch (error) {
      if (run !== this.startRun) return;
      this.fail(error instanceof SessionApiError ? error.code : 'session_failed', 'the session could not resume', true);
    }
  }

  private onHandoff(state: HandoffEventState, step?: Step): void {
    this.dispatchEvent(new BerbixHandoffEvent(state, step));
    if (this.handoffs.role === 'phone') {
      if (state !== 'cancelled') return;
      this.stop();
      this.resetStepState();
      this.handoffReason = 'cancelled';
      this.view = 'handoff-elsewhere';
      return;
    }
    if (state === 'claimed') this.view = 'handoff-watching';
    else if (state === 'progress' && step) this.step = step;
    else if (state === 'done') this.finish();
    else if (state === 'expired') this.view = 'handoff-expired';
    else if (state === 'cancelled') void this.useThisDevice();
  }

  private async chooseType(idType: IdType): Promise<void> {
    const run = ++this.startRun;
    this.view = 'starting';
    try {
      await this.createAndBegin(idType, run);
    } catch (error) {
      const code = error instanceof SessionApiError ? error.code : 'session_failed';
      this.fail(code, error instanceof SessionApiError ? error.message : 'the session could not start', true);
    }
  }

  /** Shows a step: capture screen, camera on, analysers for this step loaded. */
  private enterStep(step: Step, attempt: number): void {
    this.resetStepState();
    this.step = step;
    this.attempt = attempt;
    if (step === 'done') {
      this.finish();
      return;
    }
    if (!SUBJECT_FOR_STEP[step]) {
      // Selfie steps belong to templates this element does not serve.
      this.view = 'unsupported-step';
      this.stop();
      this.dispatchEvent(new BerbixErrorEvent('unsupported_step', `the step ${step} is not supported`, false));
      return;
    }
    this.view = 'capture';
    this.stepStartedAt = performance.now();
    this.dispatchEvent(new BerbixStepEvent(step, attempt));
    for (const analyser of this.usableAnalysers) (analyser as Partial<QualityAnalyser>).reset?.();
    void this.loop.prepareForStep();
    if (!this.noCamera) void this.cameraController.start(this.camera || 'environment');
  }

  private resetStepState(): void {
    this.loop.stop();
    this.hold.reset();
    this.gate.reset();
    this.sharpest.clear();
    this.symbolWatch.reset();
    this.qualityGood = false;
    this.guidance = null;
    this.card = null;
    this.barcodeAdvice = false;
    this.barcode = null;
    this.capturing = false;
    void this.cameraController.restoreExposure();
    this.discardCaptured();
  }

  private finish(): void {
    this.stop();
    this.step = 'done';
    this.view = 'finished';
    this.dispatchEvent(new BerbixCompleteEvent());
  }

  private fail(code: string, message: string, recoverable: boolean): void {
    this.stop();
    this.view = 'session-error';
    this.dispatchEvent(new BerbixErrorEvent(code, message, recoverable));
  }

  // ---- frames and capture ----

  private onFrame({ frame, context, results }: AnalysedFrame): void {
    if (this.view !== 'capture' || this.capturing) {
      frame.close();
      return;
    }
    const now = performance.now();
    const quality = [...results.values()].find(isQualityResult);
    const pdf417 = [...results.values()].find(isPdf417Result);
    if (quality) this.noteCard(quality, context);
    if (pdf417?.barcode && context.step === 'upload_document_front') {
      this.guidance = this.hold.offer('wrong-side', now);
      this.gate.reset();
      frame.close();
      return;
    }
    // Only a sound AAMVA payload is worth sending; a partial read just means "keep going".
    if (pdf417?.barcode?.aamvaValid && context.step === 'upload_document_back') {
      this.barcode = toBase64(pdf417.barcode.bytes);
      this.guidance = this.hold.offer('good', now);
      // A frame the barcode decodes from is sharp enough to send.
      if (this.autoCapture) return void this.captureFrame(frame);
      this.sharpest.push(frame, Number.POSITIVE_INFINITY, now);
      return;
    }
    const barcodeStep = context.step === 'upload_document_back' && this.barcodeStep;
    if (barcodeStep) this.watchForBarcode(pdf417, now);
    if (!quality) {
      frame.close();
      return;
    }
    const verdict = quality.verdict;
    // Light the camera can take away is not the person's problem yet: dim first, advise after.
    if ((verdict === 'too-bright' || verdict === 'glare') && this.cameraController.lowerExposure(now)) {
      this.gate.reset();
      frame.close();
      return;
    }
    this.sharpest.push(frame, quality.metrics.sharpness, now);
    if (barcodeStep) {
      // "Good" and the green guide belong to the barcode here; the verdict only says what to fix.
      const candidate =
        verdict !== 'good' ? verdict : this.symbolWatch.missing(now) ? 'show-barcode' : 'reading-barcode';
      this.guidance = this.hold.offer(candidate, now);
      return;
    }
    this.guidance = this.hold.offer(verdict, now);
    const ready = this.gate.offer(verdict === 'good');
    if (ready && this.autoCapture) void this.captureFrame(this.sharpest.take(now));
  }

  /** Keeps the found card for the view, and what the back step needs to know about it. */
  private noteCard(quality: QualityResult, context: FrameContext): void {
    const found = confidentCard(quality.metrics);
    this.qualityGood = quality.verdict === 'good';
    if (!found) {
      this.symbolWatch.cardLost();
      this.card = null;
      return;
    }
    this.card = { corners: found.corners, frameWidth: context.frameWidth, frameHeight: context.frameHeight };
  }

  /** The back step waits for the barcode: notices a card showing no symbol, and the end of the wait. */
  private watchForBarcode(pdf417: Pdf417Result | undefined, now: number): void {
    if (pdf417) this.symbolWatch.reading(symbolSeen(pdf417), this.card !== null, this.qualityGood, now);
    if (!this.barcodeAdvice && now - this.stepStartedAt >= BARCODE_WAIT_MS) this.barcodeAdvice = true;
  }

  /** The shutter: the sharpest frame of the last second, or the current frame when none was analysed. */
  private async shutter(): Promise<void> {
    if (this.capturing) return;
    const best = this.sharpest.take(performance.now());
    if (best) return this.captureFrame(best);
    const video = this.renderRoot.querySelector('video');
    if (!video) return;
    this.notice = null;
    const frame = await grabVideoFrame(video);
    // Auto-capture may have taken a photo while the grab waited for a frame: that one stands.
    if (this.view !== 'capture') return frame?.close();
    if (frame) return this.captureFrame(frame);
    // A camera that closed meanwhile has its own screen; a live one that gave no frame is said here,
    // so the press is never silently lost.
    if (this.cameraController.status !== 'live') return;
    this.notice = this.text.shutterFailed;
    this.dispatchEvent(new BerbixErrorEvent('capture_failed', 'the camera gave no frame for the photo', true));
  }

  private async captureFrame(frame: ImageBitmap | null): Promise<void> {
    if (!frame || this.capturing || !this.step) return frame?.close();
    this.capturing = true;
    const subject = SUBJECT_FOR_STEP[this.step] as DocumentSubject;
    this.loop.stop();
    this.sharpest.clear();
    this.cameraController.stop();
    this.view = 'preparing';
    try {
      const jpeg = await frameToJpeg(frame);
      await this.prepare(jpeg, subject, this.barcode, null);
    } catch (error) {
      this.prepareFailed(error, 'camera');
    } finally {
      frame.close();
      this.capturing = false;
    }
  }

  /** The upload path: a chosen or dropped file goes through the same checks as a camera frame. */
  private async useFile(file: File | undefined): Promise<void> {
    if (!file || !this.step || this.capturing) return;
    const subject = SUBJECT_FOR_STEP[this.step];
    if (!subject) return;
    this.capturing = true;
    this.loop.stop();
    this.cameraController.stop();
    this.view = 'preparing';
    try {
      const image = await compressImage(file, clampUploadMb(this.maxUploadMb));
      const { warning, barcode } = await this.checkStill(image.blob, this.step);
      await this.prepare(image, subject, barcode, warning);
    } catch (error) {
      this.prepareFailed(error);
    } finally {
      this.capturing = false;
    }
  }

  /** Runs this step's analysers once over a whole still photo. */
  private async checkStill(blob: Blob, step: Step): Promise<{ warning: GuidanceKey | null; barcode: string | null }> {
    let warning: GuidanceKey | null = null;
    let barcode: string | null = null;
    const active = this.usableAnalysers.filter((a) => a.steps.includes(step));
    for (const analyser of active) {
      try {
        await analyser.prepare?.();
        const bitmap = await createImageBitmap(blob);
        const context: FrameContext = {
          step,
          guide: { x: 0, y: 0, width: bitmap.width, height: bitmap.height },
          frameWidth: bitmap.width,
          frameHeight: bitmap.height,
          timestamp: performance.now(),
        };
        (analyser as Partial<QualityAnalyser>).reset?.();
        const result = await analyser.analyse(bitmap, context);
        if (isQualityResult(result) && result.verdict !== 'good' && result.verdict !== 'moving') {
          warning ??= result.verdict;
        }
        if (isPdf417Result(result) && result.barcode) {
          if (step === 'upload_document_front') warning = 'wrong-side';
          else if (result.barcode.aamvaValid) barcode = toBase64(result.barcode.bytes);
        }
      } catch {
        // An analyser that cannot judge a photo does not block sending it.
      }
    }
    return { warning, barcode };
  }

  private async prepare(
    source: Blob | CompressedImage,
    subject: DocumentSubject,
    barcode: string | null,
    warning: GuidanceKey | null,
  ): Promise<void> {
    const image = source instanceof Blob ? await compressImage(source, clampUploadMb(this.maxUploadMb)) : source;
    this.discardCaptured();
    this.captured = { image, url: URL.createObjectURL(image.blob), subject, barcode, warning };
    this.dispatchEvent(new BerbixCaptureEvent(subject, image.width, image.height, image.blob.size));
    this.view = 'review';
  }

  private prepareFailed(error: unknown, source: 'camera' | 'file' = 'file'): void {
    const reason = error instanceof CompressError ? error.reason : 'failed';
    // "Not a photo we can read" would blame the person for a camera frame the browser could not encode.
    this.notice =
      reason === 'too-large-input'
        ? this.text.fileTooLarge
        : source === 'camera'
          ? this.text.shutterFailed
          : this.text.fileNotImage;
    this.dispatchEvent(
      new BerbixErrorEvent(`image_${reason.replaceAll('-', '_')}`, 'the image could not be prepared', true),
    );
    this.view = 'capture';
    if (!this.noCamera && this.step) void this.cameraController.start(this.camera || 'environment');
  }

  private discardCaptured(): void {
    if (this.captured) URL.revokeObjectURL(this.captured.url);
    this.captured = null;
  }

  private retake(): void {
    if (!this.step) return;
    this.notice = null;
    this.enterStep(this.step, this.attempt);
  }

  // ---- upload and the step loop ----

  private async send(): Promise<void> {
    const captured = this.captured;
    const step = this.step;
    if (!captured || !step) return;
    const before = new BerbixBeforeUploadEvent(captured.subject, captured.image.blob.size);
    if (!this.dispatchEvent(before)) return;
    this.view = 'uploading';
    this.notice = null;
    let answer: UploadResponse;
    try {
      answer = await this.upload.send({
        subject: captured.subject,
        image: captured.image.blob,
        ...(captured.barcode && { barcode: captured.barcode }),
      });
    } catch (error) {
      if ((error as DOMException)?.name === 'AbortError') return;
      return this.uploadFailed(error);
    }
    this.afterUpload(step, answer);
  }

  private afterUpload(step: Step, answer: UploadResponse): void {
    if (answer.issues.length > 0) {
      this.dispatchEvent(new BerbixIssuesEvent(answer.issues, answer.issueDetails, answer.nextStep));
      this.issues = describeIssues(answer.issues, answer.issueDetails, this.text);
      // Berbix may still move on (for example past a barcode it could not read); follow it.
      this.enterStep(answer.nextStep, answer.nextStep === step ? this.attempt + 1 : 1);
      return;
    }
    this.issues = [];
    this.enterStep(answer.nextStep, answer.nextStep === step ? this.attempt + 1 : 1);
  }

  private uploadFailed(error: unknown): void {
    const failure =
      error instanceof SessionApiError ? error : new SessionApiError(0, 'upload_failed', 'the upload failed');
    if (failure.code === ERROR_CODES.handedOff) {
      // Another device drives the session now: say so, never retry.
      this.resetStepState();
      this.dispatchEvent(new BerbixErrorEvent(failure.code, 'the session continues on another device', false));
      return void this.followOrLeave(this.startRun);
    }
    if (failure.status === 409) {
      // The session moved on elsewhere (another tab, a retry that did land): follow the server.
      if (failure.step) {
        this.enterStep(failure.step, 1);
        return;
      }
      return void this.start();
    }
    if (failure.status === 410 || failure.status === 401) {
      this.notice = this.text.sessionRestarted;
      this.dispatchEvent(new BerbixErrorEvent(failure.code, 'the session ended; starting again', true));
      this.resetStepState();
      this.issues = [];
      return void this.start();
    }
    if ([413, 415, 422].includes(failure.status)) {
      // The adapter refused these bytes: a new photo is the way forward.
      this.issues = describeIssues(['bad_upload'], {}, this.text);
      this.dispatchEvent(new BerbixErrorEvent(failure.code, failure.message, true));
      this.retake();
      return;
    }
    this.view = 'upload-failed';
    this.dispatchEvent(
      new BerbixErrorEvent(failure.code || ERROR_CODES.upstreamUnavailable, failure.message, failure.status !== 400),
    );
  }

  // ---- rendering ----

  private get text(): CaptureStrings {
    return stringsFor(
      pickLanguage([this.lang, document.documentElement.lang, ...(navigator.languages ?? [])]),
      this.strings,
    );
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // A page that takes over the analysers frees the default ones (and the decoder's worker).
    if (changed.has('analysers' as keyof BerbixCaptureElement) && this.analysers !== undefined) {
      this.defaults.quality.dispose();
      this.defaults.pdf417?.dispose?.();
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    // An endpoint that arrives late (set after the element was connected) gets its session now.
    if (changed.has('endpoint' as keyof BerbixCaptureElement) && this.missingEndpoint && this.endpoint) {
      void this.start();
    }
    const video = this.renderRoot.querySelector('video');
    if (video && video.srcObject !== this.cameraController.stream) video.srcObject = this.cameraController.stream;
    if (video && this.cameraController.status === 'live' && this.view === 'capture') {
      if (!this.watchedVideos.has(video)) {
        // The guide and the loop need the frame size: render again when the first frame is in and
        // whenever it changes (a camera switch, a phone turned).
        this.watchedVideos.add(video);
        video.addEventListener('loadeddata', () => this.requestUpdate());
        video.addEventListener('resize', () => this.requestUpdate());
      }
      if (video.videoWidth > 0) this.loop.start(video);
    }
    // Move focus to a new screen's heading so keyboard and screen-reader users land on it.
    if (changed.has('view' as keyof BerbixCaptureElement) && changed.get('view' as keyof BerbixCaptureElement)) {
      (this.renderRoot.querySelector('h2') as HTMLElement | null)?.focus();
    }
  }

  override render() {
    const t = this.text;
    return html`
      <div part="base" data-view=${this.view}>
        ${
          this.handoffs.role === 'phone' && PHONE_BANNER_VIEWS.has(this.view)
            ? handoffView.renderBanner(t, () => void this.handoffs.cancel())
            : nothing
        }
        ${this.renderView(t)}
      </div>
      <p class="visually-hidden" role="status" aria-live="polite" aria-atomic="true">${this.announcement(t)}</p>
    `;
  }

  /** What the live region says: guidance (held at least a second), issues, upload state. */
  private announcement(t: CaptureStrings): string {
    switch (this.view) {
      case 'capture':
        // A notice (a photo that could not be taken or read) first: it answers what the person just
        // did. Then issues from the last upload, then live guidance, else what to do on this step.
        if (this.notice) return this.notice;
        // Said once: the text stays while the guidance goes on changing on screen.
        if (this.barcodeAdvice) return t.barcodeUnreadable;
        if (this.issues.length > 0 && !this.guidance)
          return this.issues.map((i) => `${i.message} ${i.advice}`).join(' ');
        if (this.guidance) return t[captureView.GUIDANCE_TEXT[this.guidance]];
        return this.cameraController.status === 'live' || this.noCamera
          ? captureView.instruction(t, this.step, this.sessionIdType)
          : '';
      case 'uploading':
        return this.upload.status === 'reconnecting'
          ? t.reconnecting
          : this.upload.status === 'offline'
            ? t.offline
            : '';
      case 'preparing':
        return t.preparing;
      case 'review': {
        const warning = this.captured?.warning;
        const key = warning ? captureView.REVIEW_TEXT[warning] : undefined;
        return key ? t[key] : '';
      }
      default:
        return '';
    }
  }

  private captureScreen(): captureView.CaptureScreen {
    return {
      step: this.step,
      idType: this.sessionIdType,
      notice: this.notice,
      issues: this.issues,
      camera: this.cameraController,
      noCamera: this.noCamera,
      phoneOffered: this.offerable,
      guidance: this.guidance,
      card: this.card,
      barcodeAdvice: this.barcodeAdvice,
      aspect: this.aspect,
      video: this.renderRoot.querySelector('video'),
      dragging: this.dragging,
    };
  }

  private readonly captureActions: captureView.CaptureScreenActions = {
    shutter: () => void this.shutter(),
    useFile: (file) => this.useFile(file),
    setDragging: (over) => {
      this.dragging = over;
    },
    retryCamera: () => void this.cameraController.start(this.camera || 'environment'),
    offerToPhone: () => void this.offerToPhone(),
  };

  private renderView(t: CaptureStrings) {
    switch (this.view) {
      case 'starting':
        return html`<p part="message">${t.starting}</p>`;
      case 'choose-type':
        return captureView.renderChooseType(t, (type) => void this.chooseType(type));
      case 'capture':
        return captureView.renderCapture(t, this.captureScreen(), this.captureActions);
      case 'preparing':
        return captureView.renderPreparing(t, captureView.stepTitle(t, this.step, this.sessionIdType));
      case 'review':
        return captureView.renderReview(t, this.captured, {
          send: () => void this.send(),
          retake: () => this.retake(),
        });
      case 'uploading':
        return captureView.renderUploading(
          t,
          captureView.stepTitle(t, this.step, this.sessionIdType),
          this.captured,
          this.upload,
        );
      case 'upload-failed':
        return panel(t.uploadFailedTitle, t.uploadFailedAdvice, [
          { label: t.tryAgain, action: () => void this.send(), name: 'retry-upload' },
          { label: t.retake, action: () => this.retake(), name: 'retake', secondary: true },
        ]);
      case 'finished':
        return panel(t.finishedTitle, t.finishedAdvice, []);
      case 'unsupported-step':
        return panel(t.unsupportedStepTitle, t.unsupportedStepAdvice, []);
      case 'handoff-choice':
        return handoffView.renderChoice(
          t,
          () => void this.offerToPhone(),
          () => this.step && this.enterStep(this.step, this.attempt),
        );
      case 'handoff-offer':
        return handoffView.renderOffer(
          t,
          this.handoffs,
          this.sessionIdType,
          this.lang || document.documentElement.lang,
          {
            copy: (link) => void this.handoffs.copy(link),
            cancel: () => void this.handoffs.cancel(),
            retry: () => void this.offerToPhone(),
            computer: () => void this.useThisDevice(),
          },
        );
      case 'handoff-watching':
        return handoffView.renderWatching(t, this.handoffs, this.sessionIdType, () => void this.handoffs.cancel());
      case 'handoff-expired':
        return handoffView.renderExpired(
          t,
          () => void this.offerToPhone(),
          () => void this.useThisDevice(),
        );
      case 'handoff-elsewhere':
        return handoffView.renderElsewhere(t, this.handoffReason === 'cancelled' ? 'cancelled' : 'taken-back');
      case 'handoff-claim-failed':
        return handoffView.renderClaimFailed(
          t,
          this.handoffReason as handoffView.ClaimFailure,
          () => void this.start(),
        );
      default:
        return panel(t.sessionErrorTitle, t.sessionErrorAdvice, [
          { label: t.tryAgain, action: () => void this.start(), name: 'try-again' },
        ]);
    }
  }
}
