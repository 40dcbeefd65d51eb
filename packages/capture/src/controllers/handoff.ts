import type {
  HandoffEventState,
  HandoffOffer,
  HandoffStatus,
  SessionStatusResponse,
  Step,
} from '@berbix-capture/protocol';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import {
  cancelHandoff,
  claimHandoff,
  getHandoffStatus,
  handoffEventsUrl,
  offerHandoff,
  parseHandoffStatus,
} from '../handoff-api.js';
import { SessionApiError } from '../session-api.js';

/**
 * Where this device stands in a hand-off:
 * - `idle`: none running here;
 * - `offering`: asking the adapter for a link;
 * - `offered`: the QR code is up, waiting for a phone;
 * - `claimed`: a phone drives the session; this device follows its status;
 * - `expired`: the code ran out unclaimed;
 * - `done`: the phone finished the session;
 * - `failed`: the offer was refused or the status could not be read (`error` says why).
 */
export type HandoffPhase = 'idle' | 'offering' | 'offered' | 'claimed' | 'expired' | 'done' | 'failed';

/** How the status reaches this device: Server-Sent Events, or polling when they fail. */
export type HandoffTransport = 'events' | 'polling' | null;

export const HANDOFF_POLL_MS = 2000;
/** The adapter sends a status at once; an event stream silent this long is buffered somewhere. */
const FIRST_EVENT_TIMEOUT_MS = 5000;

export interface HandoffControllerOptions {
  endpoint: () => string;
  /** The page's custom transport, if any: then status is polled through it (EventSource cannot use it). */
  customFetch: () => typeof fetch | undefined;
  /** The step this device knows, so progress is reported only for real changes. */
  step: () => Step | null;
  onEvent: (state: HandoffEventState, step?: Step) => void;
  /** Test seam: the polling interval. */
  pollMs?: number;
}

/**
 * The hand-off's state and IO on either device. On the desktop: offer a link, follow the status
 * (SSE, else polling every ~2 s), report claimed / progress / done / cancelled / expired, cancel.
 * On the phone: claim a code, cancel. The host renders from `phase`, `offer` and `status`; which
 * device this is (the role) belongs to the capture flow. Every follow runs under its own
 * `AbortController`: stopping aborts it, and its timers, stream and late answers go with it.
 */
export class HandoffController implements ReactiveController {
  phase: HandoffPhase = 'idle';
  offer: HandoffOffer | null = null;
  /** The offered link's QR modules (true = dark), quiet zone included. */
  qr: boolean[][] | null = null;
  status: HandoffStatus | null = null;
  transport: HandoffTransport = null;
  /** The adapter's error code when `phase` is `failed`. */
  error: string | null = null;
  /** What the Copy button did: put the link on the clipboard, or (refused) selected it for the person. */
  copied: 'copied' | 'selected' | null = null;

  private run = new AbortController();
  private source: EventSource | null = null;
  private timers = new Set<ReturnType<typeof setTimeout>>();
  private lastStep: Step | null = null;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly options: HandoffControllerOptions,
  ) {
    host.addController(this);
  }

  hostDisconnected(): void {
    this.stop();
  }

  private get fetchImpl(): typeof fetch {
    return this.options.customFetch() ?? globalThis.fetch.bind(globalThis);
  }

  /** Desktop: asks for a fresh link (any earlier one stops working) and follows its status. */
  async start(): Promise<void> {
    const run = this.restart();
    this.offer = null;
    this.qr = null;
    this.copied = null;
    this.set('offering');
    try {
      // The QR encoder loads with the first offer, in parallel with it: nothing else needs it.
      const [offer, { qrModules }] = await Promise.all([
        offerHandoff(this.options.endpoint(), this.fetchImpl),
        import('../qr-modules.js'),
      ]);
      if (run.aborted) return;
      this.offer = offer;
      this.qr = qrModules(offer.url);
      this.status = {
        state: 'offered',
        step: this.options.step() ?? 'upload_document_front',
        done: false,
        expiresAt: offer.expiresAt,
      };
      this.set('offered');
      this.options.onEvent('offered');
      this.follow(run);
    } catch (error) {
      if (run.aborted) return;
      this.fail(error);
    }
  }

  /** Desktop after a reload while a phone holds the session: follow it again. */
  watch(status: HandoffStatus): void {
    const run = this.restart();
    this.phase = 'claimed';
    this.status = status;
    this.host.requestUpdate();
    this.follow(run);
  }

  /** The status as the adapter has it now, or null when it cannot say (no session, no network). */
  read(): Promise<HandoffStatus | null> {
    return getHandoffStatus(this.options.endpoint(), this.fetchImpl).catch(() => null);
  }

  /** Either side: cancel on the server. The desktop then drives again; the phone is done here. */
  async cancel(): Promise<void> {
    this.restart();
    this.set('idle');
    try {
      await cancelHandoff(this.options.endpoint(), this.fetchImpl);
    } catch (error) {
      // Already ended (404/409/410) is what cancelling wanted; anything else still leaves this side.
      if (!(error instanceof SessionApiError)) throw error;
    }
    this.options.onEvent('cancelled');
  }

  /**
   * Phone: claims the code from the link. Throws the adapter's error (used, expired, invalid, rate
   * limited). The flow reports `claimed` itself, once it knows it is the phone.
   */
  async claim(code: string): Promise<SessionStatusResponse> {
    this.restart();
    return claimHandoff(this.options.endpoint(), code, this.fetchImpl);
  }

  /** Copies the link; where the clipboard is refused, selects the shown link so the person can copy it. */
  async copy(link: HTMLElement | null): Promise<void> {
    const url = this.offer?.url;
    if (!url) return;
    try {
      await navigator.clipboard.writeText(url);
      this.copied = 'copied';
    } catch {
      if (link) window.getSelection()?.selectAllChildren(link);
      this.copied = 'selected';
    }
    this.host.requestUpdate();
  }

  /** Stops following (no network call); the phase stays for the host to read. */
  stop(): void {
    this.run.abort();
    this.run = new AbortController();
    this.source?.close();
    this.source = null;
    this.transport = null;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  /** Forgets everything: a new session begins. */
  reset(): void {
    this.stop();
    this.offer = null;
    this.qr = null;
    this.status = null;
    this.error = null;
    this.set('idle');
  }

  /** Stops whatever ran and returns the signal of the new run. */
  private restart(): AbortSignal {
    this.stop();
    this.error = null;
    this.lastStep = this.options.step();
    return this.run.signal;
  }

  private follow(run: AbortSignal): void {
    if (this.options.customFetch() || typeof EventSource !== 'function') {
      this.poll(run);
      return;
    }
    const source = new EventSource(handoffEventsUrl(this.options.endpoint()), { withCredentials: true });
    this.source = source;
    this.transport = 'events';
    let heard = false;
    const fallBack = () => {
      if (run.aborted || this.source !== source) return;
      source.close();
      this.source = null;
      this.poll(run);
    };
    source.addEventListener('status', (event) => {
      heard = true;
      const status = parseHandoffStatus(safeJson((event as MessageEvent<string>).data));
      if (status && !run.aborted) this.apply(status, run);
    });
    // Any failure (an error status, a dropped stream, a proxy that buffers) falls back to polling,
    // which works everywhere; the browser's own reconnect loop would hide a stream that never flows.
    source.addEventListener('error', fallBack);
    this.later(run, FIRST_EVENT_TIMEOUT_MS, () => {
      if (!heard) fallBack();
    });
    this.watchExpiry(run);
  }

  private poll(run: AbortSignal): void {
    this.transport = 'polling';
    this.host.requestUpdate();
    const tick = async () => {
      if (run.aborted) return;
      try {
        const status = await getHandoffStatus(this.options.endpoint(), this.fetchImpl);
        if (run.aborted) return;
        this.apply(status, run);
      } catch (error) {
        if (run.aborted) return;
        // The session is gone (401/410): following is over. A network blip: try again next tick.
        if (error instanceof SessionApiError && (error.status === 401 || error.status === 410)) return this.fail(error);
      }
      if (!run.aborted) this.later(run, this.options.pollMs ?? HANDOFF_POLL_MS, tick);
    };
    void tick();
    this.watchExpiry(run);
  }

  /** A backstop for an unclaimed code: look once just after it should have expired. */
  private watchExpiry(run: AbortSignal): void {
    const expiresAt = Date.parse(this.offer?.expiresAt ?? '');
    if (!Number.isFinite(expiresAt) || this.phase !== 'offered') return;
    this.later(run, Math.max(0, expiresAt - Date.now()) + 1000, async () => {
      if (this.phase !== 'offered') return;
      const status = await getHandoffStatus(this.options.endpoint(), this.fetchImpl).catch(() => null);
      if (status && !run.aborted) this.apply(status, run);
    });
  }

  /** Turns a status into phase changes and events, each reported once. */
  private apply(status: HandoffStatus, run: AbortSignal): void {
    this.status = status;
    if (status.state === 'claimed' && this.phase !== 'claimed' && !(status.done && this.phase === 'done')) {
      this.phase = 'claimed';
      this.options.onEvent('claimed');
    }
    if (run.aborted) return;
    if (status.done) {
      this.stop();
      this.set('done');
      this.options.onEvent('done');
      return;
    }
    if (this.phase === 'claimed' && status.step !== this.lastStep) {
      this.lastStep = status.step;
      this.options.onEvent('progress', status.step);
      if (run.aborted) return;
    }
    if (status.state === 'expired') {
      this.stop();
      this.set('expired');
      this.options.onEvent('expired');
    } else if (status.state === 'cancelled' || (status.state === 'none' && this.phase !== 'offering')) {
      // The other side cancelled (or the session was taken back): this device drives again.
      this.stop();
      this.set('idle');
      this.options.onEvent('cancelled');
    } else {
      this.host.requestUpdate();
    }
  }

  private fail(error: unknown): void {
    this.stop();
    this.error = error instanceof SessionApiError ? error.code : 'handoff_failed';
    this.set('failed');
  }

  private later(run: AbortSignal, ms: number, fn: () => void | Promise<void>): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (!run.aborted) void fn();
    }, ms);
    this.timers.add(timer);
  }

  private set(phase: HandoffPhase): void {
    this.phase = phase;
    this.host.requestUpdate();
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
