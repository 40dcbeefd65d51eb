import type { UploadResponse } from '@berbix-capture/protocol';
import type { ReactiveController } from 'lit';
import { describe, expect, it } from 'vitest';
import { SessionApiError } from '../session-api.js';
import { photo as aPhoto, run, types } from '../testing/flow.js';
import { backoffDelay, MAX_UPLOAD_TRIES } from './connection.js';
import { CaptureFlowController, type FlowPorts } from './controller.js';
import type { Effect } from './effects.js';
import type { FlowEvent } from './events.js';
import { type FlowState, initialState } from './state.js';

const photo = aPhoto();
const reviewing: FlowState = {
  ...initialState,
  view: 'review',
  step: 'upload_document_front',
  idType: 'DL',
  photo,
};
const lost = (now = 1000, delayMs = 2000): FlowEvent => ({
  type: 'upload-interrupted',
  status: 0,
  code: 'network_error',
  message: 'the network failed',
  step: null,
  now,
  delayMs,
});
const send: Effect = { type: 'send-attempt', photo, step: 'upload_document_front' };

describe('an upload through a bad connection (the flow alone)', () => {
  it('starts with one attempt; offline already, it says so and waits for the network instead', () => {
    const started = run(reviewing, { type: 'upload-started' });
    expect(started.state).toMatchObject({ view: 'uploading', connection: { status: 'sending', tries: 0 } });
    expect(started.effects).toEqual([send]);
    const offline = run({ ...reviewing, offline: true }, { type: 'upload-started' });
    expect(offline.state.connection).toEqual({ status: 'offline', tries: 0, nextTryAt: null });
    expect(offline.effects).toEqual([]);
    expect(run(offline.state, { type: 'online' }).effects).toEqual([send]);
  });

  it('a lost connection keeps the photo and waits the proposed time; the due wait sends again', () => {
    const { state, effects } = run(reviewing, { type: 'upload-started' }, lost(1000, 2000));
    expect(state.connection).toEqual({ status: 'reconnecting', tries: 1, nextTryAt: 3000 });
    expect(state.photo).toBe(photo);
    expect(effects.at(-1)).toEqual({ type: 'wait-retry', delayMs: 2000, tries: 1 });
    const due = run(state, { type: 'retry-due', tries: 1 });
    expect(due.state.connection).toEqual({ status: 'sending', tries: 1, nextTryAt: null });
    expect(due.effects).toEqual([send]);
  });

  it('"Try now" sends at once; the wait it overtook is ignored when it ends', () => {
    const waiting = run(reviewing, { type: 'upload-started' }, lost()).state;
    const now = run(waiting, { type: 'try-now' });
    expect(now.state.connection).toMatchObject({ status: 'sending', tries: 1 });
    expect(now.effects).toEqual([send]);
    // A second press while that attempt is out, and the old timer, do nothing.
    expect(run(now.state, { type: 'try-now' }).effects).toEqual([]);
    expect(run(now.state, { type: 'retry-due', tries: 1 }).effects).toEqual([]);
    // The attempt fails again: a new, longer wait of its own; the first wait's end stays stale.
    const again = run(now.state, lost(5000, 4000));
    expect(again.state.connection).toEqual({ status: 'reconnecting', tries: 2, nextTryAt: 9000 });
    expect(run(again.state, { type: 'retry-due', tries: 1 }).effects).toEqual([]);
    expect(run(again.state, { type: 'retry-due', tries: 2 }).effects).toEqual([send]);
  });

  it('offline: says so at once, drops the attempt or the wait, and online sends at once', () => {
    const sending = run(reviewing, { type: 'upload-started' }).state;
    const offline = run(sending, { type: 'offline' });
    expect(offline.state).toMatchObject({ offline: true, connection: { status: 'offline', nextTryAt: null } });
    expect(offline.effects).toEqual([{ type: 'cancel-upload' }]);
    // A failure reported by the dropped attempt, or a wait that ends, starts nothing while offline.
    expect(run(offline.state, lost()).state.connection).toMatchObject({ status: 'offline' });
    expect(run(offline.state, lost()).effects).toEqual([]);
    const waiting = run(sending, lost()).state;
    const offlineWhileWaiting = run(waiting, { type: 'offline' });
    expect(offlineWhileWaiting.effects).toEqual([{ type: 'cancel-upload' }]);
    expect(run(offlineWhileWaiting.state, { type: 'retry-due', tries: 1 }).effects).toEqual([]);
    const online = run(offlineWhileWaiting.state, { type: 'online' });
    expect(online.state).toMatchObject({ offline: false, connection: { status: 'sending', tries: 1 } });
    expect(online.effects).toEqual([send]);
    // "Try now" works offline too (the browser may be wrong about the network).
    expect(run(offlineWhileWaiting.state, { type: 'try-now' }).effects).toEqual([send]);
  });

  it('offline and online away from an upload only note the network', () => {
    const capturing = { ...reviewing, view: 'capture' as const, photo: null };
    const offline = run(capturing, { type: 'offline' });
    expect(offline.state).toEqual({ ...capturing, offline: true });
    expect(offline.effects).toEqual([]);
    expect(run(offline.state, { type: 'online' })).toEqual({ state: capturing, effects: [] });
  });

  it('retake while waiting: the wait and the attempt are cancelled, the photo is let go, the camera opens', () => {
    const waiting = run(reviewing, { type: 'upload-started' }, lost()).state;
    const { state, effects } = run(waiting, { type: 'retake' });
    expect(state).toMatchObject({ view: 'capture', photo: null, connection: null });
    expect(types(effects)).toEqual(['cancel-upload', 'reset-step', 'revoke', 'emit:step', 'begin-step', 'open-camera']);
    expect(run(state, { type: 'retry-due', tries: 1 }).effects).toEqual([]);
    expect(run({ ...state, offline: true }, { type: 'online' }).effects).toEqual([]);
  });

  it(`gives up after ${MAX_UPLOAD_TRIES} tries: the upload-failed screen, photo kept for Try again`, () => {
    let state = run(reviewing, { type: 'upload-started' }).state;
    for (let tries = 1; tries < MAX_UPLOAD_TRIES; tries++) {
      state = run(state, lost(), { type: 'retry-due', tries }).state;
    }
    const { state: failed, effects } = run(state, lost());
    expect(failed).toMatchObject({ view: 'upload-failed', connection: null, photo });
    expect(effects).toEqual([
      {
        type: 'emit',
        signal: { name: 'error', code: 'network_error', message: 'the network failed', recoverable: true },
      },
    ]);
  });

  it('stop: nothing may start the upload again', () => {
    const waiting = run(reviewing, { type: 'upload-started' }, lost()).state;
    const stopped = run(waiting, { type: 'stop' }, { type: 'retry-due', tries: 1 }, { type: 'try-now' });
    expect(stopped.effects).toEqual([{ type: 'stop-all' }]);
  });

  it('backoff: 1, 2, 4, 8, 15, 15 s, each within ±20%', () => {
    expect([0, 1, 2, 3, 4, 5].map((n) => backoffDelay(n, () => 0.5))).toEqual([1000, 2000, 4000, 8000, 15000, 15000]);
    expect(backoffDelay(0, () => 0)).toBe(800);
    expect(backoffDelay(0, () => 1)).toBe(1200);
  });
});

/** The controller with fakes for the upload's edges: `sends` scripts each attempt's outcome. */
function harness(
  outcomes: Array<'lost' | 'ok' | 'hang'>,
  retryDelay: (attempt: number) => number = (attempt) => (attempt === 0 ? 20 : 60_000),
  offline: () => boolean = () => false,
) {
  const log: string[] = [];
  const controllers: ReactiveController[] = [];
  const host = {
    isConnected: true,
    updateComplete: Promise.resolve(true),
    addController: (c: ReactiveController) => void controllers.push(c),
    removeController: () => undefined,
    requestUpdate: () => undefined,
  };
  let abortAttempt: (() => void) | null = null;
  const answer: UploadResponse = { nextStep: 'upload_document_back', issues: [], issueDetails: {} } as never;
  const ports = {
    settings: () => ({
      endpoint: '/berbix',
      idType: 'DL' as const,
      country: null,
      noCamera: true,
      camera: 'environment',
      autoCapture: true,
      offersPhone: async () => false,
      barcodeDecides: () => false,
    }),
    session: {
      get: async () => {
        throw new SessionApiError(401, 'no_session', 'none');
      },
      create: async () => ({
        step: 'upload_document_front' as const,
        idType: 'DL' as const,
        expiresAt: '',
        handoffAvailable: false,
      }),
      end: async () => undefined,
    },
    handoff: {
      phase: 'idle',
      error: null,
      claim: async () => {
        throw new Error('unused');
      },
      start: async () => undefined,
      read: async () => null,
      watch: () => undefined,
      stop: () => undefined,
      reset: () => undefined,
    },
    camera: {
      status: 'idle',
      start: async () => undefined,
      stop: () => undefined,
      restoreExposure: async () => {},
      adjustExposure: () => false,
    },
    loop: { stop: () => undefined, prepareForStep: async () => undefined },
    upload: {
      send: (upload: { image: Blob }): Promise<UploadResponse> => {
        const outcome = outcomes.shift() ?? 'ok';
        log.push(`send:${outcome}:${upload.image.size}`);
        if (outcome === 'ok') return Promise.resolve(answer);
        if (outcome === 'lost') return Promise.reject(new SessionApiError(0, 'network_error', 'no answer'));
        return new Promise((_resolve, reject) => {
          abortAttempt = () => reject(new DOMException('upload aborted', 'AbortError'));
        });
      },
      cancel: () => {
        log.push('cancel');
        abortAttempt?.();
        abortAttempt = null;
      },
    },
    photos: {
      fromFrame: async () => photo,
      fromFile: async () => photo,
      grab: () => null,
      revoke: (url: string) => void log.push(`revoke:${url}`),
    },
    resetAnalysers: () => undefined,
    takeLinkCode: () => null,
    emit: (signal: Parameters<FlowPorts['emit']>[0]) => {
      log.push(`emit:${signal.name}`);
      return true;
    },
    now: () => 100,
    retryDelay,
    offline,
  } satisfies FlowPorts;
  const flow = new CaptureFlowController(host, ports);
  return { flow, log };
}

async function toReview(flow: CaptureFlowController): Promise<void> {
  await flow.start();
  await flow.dispatch({ type: 'file-chosen', file: new Blob(['photo']) });
  expect(flow.state.view).toBe('review');
}

describe('an upload through a bad connection (the controller performing it)', () => {
  it('a lost attempt waits the backoff, then the same photo goes again and the flow moves on', async () => {
    const { flow, log } = harness(['lost', 'ok']);
    await toReview(flow);
    await flow.dispatch({ type: 'send' });
    expect(log.filter((l) => l.startsWith('send:'))).toEqual(['send:lost:1', 'send:ok:1']);
    expect(flow.state).toMatchObject({ view: 'capture', step: 'upload_document_back', connection: null });
  });

  it('"Try now" during a long wait sends at once; the wait is dropped', async () => {
    const { flow, log } = harness(['lost', 'lost', 'ok']);
    await toReview(flow);
    const sending = flow.dispatch({ type: 'send' });
    await expect.poll(() => flow.state.connection?.tries).toBe(2);
    expect(flow.state.connection).toMatchObject({ status: 'reconnecting', nextTryAt: 60_100 });
    await flow.dispatch({ type: 'try-now' });
    await sending;
    expect(log.filter((l) => l.startsWith('send:'))).toEqual(['send:lost:1', 'send:lost:1', 'send:ok:1']);
    expect(flow.state.view).toBe('capture');
  });

  it('offline aborts the attempt in flight; online sends the kept photo at once', async () => {
    const { flow, log } = harness(['hang', 'ok']);
    await toReview(flow);
    const sending = flow.dispatch({ type: 'send' });
    await expect.poll(() => log.includes('send:hang:1')).toBe(true);
    await flow.dispatch({ type: 'offline' });
    await sending;
    expect(log).toContain('cancel');
    expect(flow.state).toMatchObject({ view: 'uploading', connection: { status: 'offline' }, photo });
    await flow.dispatch({ type: 'online' });
    expect(log.filter((l) => l.startsWith('send:'))).toEqual(['send:hang:1', 'send:ok:1']);
    expect(flow.state.view).toBe('capture');
  });

  it('retake during the wait cancels it: no attempt afterwards, the photo freed', async () => {
    const { flow, log } = harness(['lost', 'ok'], () => 200);
    await toReview(flow);
    const sending = flow.dispatch({ type: 'send' });
    await expect.poll(() => flow.state.connection?.status).toBe('reconnecting');
    // Retake before the 200 ms wait ends, then give the wait time to (not) fire.
    await flow.dispatch({ type: 'retake' });
    await sending;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(log.filter((l) => l.startsWith('send:'))).toEqual(['send:lost:1']);
    expect(log).toContain('revoke:blob:one');
    expect(flow.state).toMatchObject({ view: 'capture', step: 'upload_document_front', photo: null });
  });
});

describe('an upload that starts while the browser says it is offline', () => {
  it('without an offline event: the flow asks, waits offline, and online sends', async () => {
    let offline = false;
    const { flow, log } = harness(['ok'], undefined, () => offline);
    await toReview(flow);
    offline = true;
    await flow.dispatch({ type: 'send' });
    expect(flow.state).toMatchObject({ view: 'uploading', offline: true, connection: { status: 'offline' } });
    expect(log.some((l) => l.startsWith('send:'))).toBe(false);
    offline = false;
    await flow.dispatch({ type: 'online' });
    expect(log.filter((l) => l.startsWith('send:'))).toEqual(['send:ok:1']);
    expect(flow.state.view).toBe('capture');
  });
});
