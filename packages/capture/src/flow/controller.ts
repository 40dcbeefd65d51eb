import type {
  CreateSessionRequest,
  CreateSessionResponse,
  HandoffStatus,
  IdType,
  SessionStatusResponse,
  Step,
  UploadResponse,
} from '@berbix-capture/protocol';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { CompressError, type CompressFailure } from '../compress.js';
import type { ExposureDirection } from '../controllers/exposure.js';
import type { ImageUpload } from '../session-api.js';
import { SessionApiError } from '../session-api.js';
import { backoffDelay } from './connection.js';
import type { Effect } from './effects.js';
import type { FlowEvent, Frame, Signal } from './events.js';
import { type JudgedFrame, StepFraming } from './framing.js';
import { type FlowState, initialState, type Photo } from './state.js';
import { transition } from './transition.js';

/** What the flow reads from the element's properties when it needs them. */
export interface FlowSettings {
  endpoint: string;
  /** The `id-type` attribute, when it names a type. */
  idType: IdType | null;
  /** The `id-country` attribute, when it names a country. */
  country: string | null;
  noCamera: boolean;
  camera: string;
  autoCapture: boolean;
  /** Whether this device should offer a phone (the `handoff` attribute and the device's looks). */
  offersPhone: () => Promise<boolean>;
  /** The back of a document of this type shows a PDF417 and a reader runs on it. */
  barcodeDecides: (idType: IdType | null) => boolean;
}

/** The outside world the flow acts on; the element wires the real ones, tests wire fakes. */
export interface FlowPorts {
  settings(): FlowSettings;
  session: {
    get(): Promise<SessionStatusResponse>;
    create(request: CreateSessionRequest): Promise<CreateSessionResponse>;
    end(): Promise<void>;
  };
  handoff: {
    phase: string;
    error: string | null;
    claim(code: string): Promise<SessionStatusResponse>;
    start(): Promise<void>;
    read(): Promise<HandoffStatus | null>;
    watch(status: HandoffStatus): void;
    stop(): void;
    reset(): void;
  };
  camera: {
    status: string;
    start(preference: string): Promise<void>;
    stop(): void;
    restoreExposure(): Promise<void>;
    adjustExposure(direction: ExposureDirection, now: number): boolean;
  };
  loop: { stop(): void; prepareForStep(): Promise<void> };
  /** One attempt per `send`; the flow decides about retries. */
  upload: { send(upload: ImageUpload): Promise<UploadResponse>; cancel(): void };
  photos: {
    fromFrame(frame: Frame, subject: Photo['subject'], barcode: string | null): Promise<Photo>;
    fromFile(file: Blob, step: Step, subject: Photo['subject']): Promise<Photo>;
    /** A fresh frame from the preview; null when there is no preview to grab from. */
    grab(): Promise<Frame | null> | null;
    revoke(url: string): void;
  };
  /** The analysers forget the previous step (the quality analyser's motion history). */
  resetAnalysers(): void;
  /** The hand-off code in the address bar, taken out of it. */
  takeLinkCode(): string | null;
  /** Dispatches a public event; false when a listener cancelled it. */
  emit(signal: Signal | { name: 'before-upload'; subject: Photo['subject']; bytes: number }): boolean;
  now(): number;
  /**
   * The browser says it has no network (`navigator.onLine === false`), asked as an upload starts in
   * case no `offline` event reached the flow; its `online` event still ends the wait.
   */
  offline?: () => boolean;
  /** How long to wait before retry n (0-based); `backoffDelay` unless a test shortens it. */
  retryDelay?: (attempt: number) => number;
}

/**
 * Runs the capture flow for the element: keeps its state, feeds events through `transition`,
 * performs the effects, and turns their answers into events again. One `AbortController` per run:
 * a new run (start, a chosen type, taking the session back, leaving the page) aborts the previous
 * one, and whatever it was waiting for is dropped when it answers.
 */
export class CaptureFlowController implements ReactiveController {
  state: FlowState = initialState;
  readonly framing = new StepFraming();
  private run = new AbortController();
  /** The wait before the next upload attempt; aborted by a new attempt, a cancel or a stop. */
  private retryWait = new AbortController();

  constructor(
    private readonly host: ReactiveControllerHost & { readonly isConnected: boolean },
    private readonly ports: FlowPorts,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    // Start after the first update, not at once: frameworks (React through @lit/react, for one) set
    // properties such as `endpoint` just after the element is connected.
    const { signal } = this.run;
    void this.host.updateComplete.then(() => {
      if (this.host.isConnected && !signal.aborted) void this.start();
    });
  }

  hostDisconnected(): void {
    void this.dispatch({ type: 'disconnected' });
  }

  /** Starts (or resumes) the session. Settles when the flow waits for the person again. */
  start(): Promise<void> {
    const { endpoint } = this.ports.settings();
    const linkCode = endpoint && this.state.pendingCode === null ? this.ports.takeLinkCode() : null;
    return this.dispatch({ type: 'start', endpoint: Boolean(endpoint), linkCode });
  }

  /** Feeds one event through the flow; settles when every effect it led to has settled. */
  async dispatch(event: FlowEvent): Promise<void> {
    const [next, effects] = transition(this.state, event);
    if (next !== this.state) {
      this.state = next;
      this.host.requestUpdate();
    }
    const waiting: Promise<void>[] = [];
    for (const effect of effects) {
      const work = this.perform(effect);
      if (work) waiting.push(work);
    }
    await Promise.all(waiting);
  }

  /** One analysed frame from the loop (the controller owns `frame`). */
  frame(judged: JudgedFrame): void {
    if (this.state.view !== 'capture' || this.state.busy) {
      judged.frame.close();
      return;
    }
    const { framing } = this;
    const before = [framing.guidance, framing.card, framing.barcodeAdvice];
    const settings = this.ports.settings();
    const capture = framing.judge(judged, {
      now: this.ports.now(),
      autoCapture: settings.autoCapture,
      barcodeStep: settings.barcodeDecides(this.state.idType ?? settings.idType),
      adjustExposure: (direction, now) => this.ports.camera.adjustExposure(direction, now),
    });
    if (before.some((value, i) => value !== [framing.guidance, framing.card, framing.barcodeAdvice][i])) {
      this.host.requestUpdate();
    }
    if (capture) void this.dispatch({ type: 'photo-taken', frame: capture });
  }

  /** Performs one effect; returns a promise when it waits for something. */
  private perform(effect: Effect): Promise<void> | undefined {
    const { ports } = this;
    switch (effect.type) {
      case 'new-run':
        this.run.abort();
        this.run = new AbortController();
        return;
      case 'stop-all':
        ports.loop.stop();
        ports.camera.stop();
        this.cancelUpload();
        ports.handoff.stop();
        return;
      case 'cancel-upload':
        this.cancelUpload();
        return;
      case 'reset-step':
        ports.loop.stop();
        this.framing.reset();
        void ports.camera.restoreExposure();
        return;
      case 'begin-step':
        this.framing.begin(ports.now());
        ports.resetAnalysers();
        void ports.loop.prepareForStep();
        return;
      case 'open-camera': {
        const { noCamera, camera } = ports.settings();
        if (!noCamera) void ports.camera.start(camera || 'environment');
        return;
      }
      case 'close-camera':
        ports.camera.stop();
        return;
      case 'stop-loop':
        ports.loop.stop();
        return;
      case 'clear-frames':
        this.framing.clearFrames();
        return;
      case 'close-frame':
        effect.frame.close();
        return;
      case 'revoke':
        ports.photos.revoke(effect.url);
        return;
      case 'emit':
        ports.emit(effect.signal);
        return;
      case 'watch-handoff':
        ports.handoff.watch(effect.status);
        return;
      case 'reset-handoff':
        ports.handoff.reset();
        return;
      default:
        return this.performAsync(effect, this.run.signal);
    }
  }

  /** The effects that wait: each answers with an event, unless its run was aborted meanwhile. */
  private async performAsync(effect: Effect, signal: AbortSignal): Promise<void> {
    const { ports } = this;
    const answer = (event: FlowEvent) => (signal.aborted ? undefined : this.dispatch(event));
    switch (effect.type) {
      case 'start':
        return this.start();
      case 'end-session':
        try {
          await ports.session.end();
        } catch {
          // Nothing to end is fine; a new session replaces it either way.
        }
        return this.start();
      case 'load-session': {
        let status: SessionStatusResponse | null;
        try {
          status = await ports.session.get();
        } catch (error) {
          // No session (401) or a gone one (410) means start afresh; anything else is a real failure.
          if (!(error instanceof SessionApiError && (error.status === 401 || error.status === 410))) {
            return answer(sessionFailed(error, 'the session could not start'));
          }
          status = null;
        }
        return answer({ type: 'session-found', status, idType: ports.settings().idType });
      }
      case 'create-session': {
        const { idType } = effect;
        const { country } = ports.settings();
        try {
          const session = await ports.session.create({ idType, ...(country && { idCountry: country }) });
          return answer({ type: 'session-created', idType, session });
        } catch (error) {
          return answer(sessionFailed(error, 'the session could not start'));
        }
      }
      case 'take-back':
        try {
          return answer({ type: 'taken-back', status: await ports.session.get() });
        } catch (error) {
          const code = error instanceof SessionApiError ? error.code : 'session_failed';
          return answer({ type: 'session-failed', code, message: 'the session could not resume' });
        }
      case 'claim':
        try {
          return answer({ type: 'claimed', status: await ports.handoff.claim(effect.code) });
        } catch (error) {
          return answer({
            type: 'claim-refused',
            code: effect.code,
            error: error instanceof SessionApiError ? error.code : null,
          });
        }
      case 'check-phone': {
        const status = await ports.handoff.read();
        return answer({ type: 'phone-checked', claimed: status?.state === 'claimed' });
      }
      case 'decide-offer': {
        const offerable = effect.possible && (await ports.settings().offersPhone());
        return answer({ type: 'offer-decided', offerable });
      }
      case 'offer-handoff': {
        await ports.handoff.start();
        const refused = ports.handoff.phase === 'failed' ? ports.handoff.error : null;
        return answer({ type: 'offer-settled', refused });
      }
      case 'read-handoff':
        return answer({ type: 'follow-read', status: await ports.handoff.read() });
      case 'shoot':
        return this.shoot(answer, signal);
      case 'encode-frame':
        try {
          return await this.photoReady(
            ports.photos.fromFrame(effect.frame, effect.subject, this.framing.barcode),
            signal,
          );
        } catch (error) {
          return answer({ type: 'photo-failed', reason: failureOf(error), source: 'camera' });
        } finally {
          effect.frame.close();
        }
      case 'read-file':
        try {
          return await this.photoReady(ports.photos.fromFile(effect.file, effect.step, effect.subject), signal);
        } catch (error) {
          return answer({ type: 'photo-failed', reason: failureOf(error), source: 'file' });
        }
      case 'upload':
        return this.upload(effect.photo, answer);
      case 'send-attempt':
        return this.sendAttempt(effect.photo, effect.step, answer);
      case 'wait-retry': {
        this.retryWait.abort();
        const wait = new AbortController();
        this.retryWait = wait;
        if (await sleep(effect.delayMs, wait.signal)) return answer({ type: 'retry-due', tries: effect.tries });
        return;
      }
      default:
        return;
    }
  }

  private async photoReady(making: Promise<Photo>, signal: AbortSignal): Promise<void> {
    const photo = await making;
    // A photo made for a run that ended is nobody's: free its preview.
    if (signal.aborted) return this.ports.photos.revoke(photo.url);
    return this.dispatch({ type: 'photo-ready', photo });
  }

  /** The shutter: the sharpest frame of the last second, or the current frame when none was analysed. */
  private async shoot(answer: (event: FlowEvent) => Promise<void> | undefined, signal: AbortSignal): Promise<void> {
    const best = this.framing.takeSharpest(this.ports.now());
    if (best) return answer({ type: 'photo-taken', frame: best });
    const grabbing = this.ports.photos.grab();
    if (!grabbing) return;
    await answer({ type: 'grab-started' });
    const frame = await grabbing;
    if (signal.aborted) return frame?.close();
    return this.dispatch({ type: 'grabbed', frame, cameraLive: this.ports.camera.status === 'live' });
  }

  private cancelUpload(): void {
    this.retryWait.abort();
    this.ports.upload.cancel();
  }

  /** The page may still cancel (`berbix-before-upload`); then the flow sends, retries and waits. */
  private async upload(photo: Photo, answer: (event: FlowEvent) => Promise<void> | undefined): Promise<void> {
    if (!this.ports.emit({ name: 'before-upload', subject: photo.subject, bytes: photo.image.blob.size })) return;
    if (this.ports.offline?.() && !this.state.offline) await answer({ type: 'offline' });
    await answer({ type: 'upload-started' });
  }

  /** One attempt; a failure worth retrying comes back with the wait the backoff proposes. */
  private async sendAttempt(
    photo: Photo,
    step: Step,
    answer: (event: FlowEvent) => Promise<void> | undefined,
  ): Promise<void> {
    this.retryWait.abort();
    let response: UploadResponse;
    try {
      response = await this.ports.upload.send({
        subject: photo.subject,
        image: photo.image.blob,
        ...(photo.barcode && { barcode: photo.barcode }),
      });
    } catch (error) {
      // Cancelled: by a retake, a stop, or the browser going offline (which already said so).
      if ((error as DOMException)?.name === 'AbortError') return;
      const failure =
        error instanceof SessionApiError ? error : new SessionApiError(0, 'upload_failed', 'the upload failed');
      const { status, code, message, step: at } = failure;
      // Only the adapter's own "no answer / later" is retried; anything unknown is a plain failure.
      if (error instanceof SessionApiError && error.retryable) {
        const tries = this.state.connection?.tries ?? 0;
        const delayMs = (this.ports.retryDelay ?? backoffDelay)(tries);
        return answer({ type: 'upload-interrupted', status, code, message, step: at, now: this.ports.now(), delayMs });
      }
      return answer({ type: 'upload-failed', status, code, message, step: at });
    }
    const { issues, issueDetails, nextStep } = response;
    return answer({ type: 'uploaded', step, issues, issueDetails, nextStep });
  }
}

/** Resolves true after `ms`, or false as soon as `signal` aborts. */
function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve(false);
    const timer = setTimeout(() => resolve(true), ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve(false);
      },
      { once: true },
    );
  });
}

function sessionFailed(error: unknown, fallback: string): FlowEvent {
  return error instanceof SessionApiError
    ? { type: 'session-failed', code: error.code, message: error.message }
    : { type: 'session-failed', code: 'session_failed', message: fallback };
}

function failureOf(error: unknown): CompressFailure {
  return error instanceof CompressError ? error.reason : 'failed';
}
