import type {
  CreateSessionRequest,
  CreateSessionResponse,
  HandoffStatus,
  SessionStatusResponse,
} from '@berbix-capture/protocol';
import type { ReactiveController } from 'lit';
import { describe, expect, it } from 'vitest';
import { SessionApiError } from '../session-api.js';
import { CaptureFlowController, type FlowPorts, type FlowSettings } from './controller.js';
import type { Frame } from './events.js';
import type { Photo } from './state.js';

/** A promise the test settles by hand. */
function later<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const status = (overrides: Partial<SessionStatusResponse> = {}): SessionStatusResponse => ({
  step: 'upload_document_front',
  attempts: 0,
  done: false,
  idType: 'DL',
  handoffAvailable: false,
  watching: false,
  ...overrides,
});

const frame = (): Frame & { closed: boolean } => {
  const f = {
    closed: false,
    close() {
      f.closed = true;
    },
  };
  return f;
};

/** The flow with fakes at every edge; `log` records what it did to them, `signals` what it told the page. */
function harness(settings: Partial<FlowSettings> = {}) {
  const log: string[] = [];
  const signals: string[] = [];
  const controllers: ReactiveController[] = [];
  const host = {
    isConnected: true,
    updates: 0,
    updateComplete: Promise.resolve(true),
    addController: (c: ReactiveController) => void controllers.push(c),
    removeController: () => undefined,
    requestUpdate() {
      host.updates++;
    },
  };
  const ports = {
    settings: () => ({
      endpoint: '/berbix',
      idType: 'DL',
      country: null,
      noCamera: false,
      camera: 'environment',
      autoCapture: true,
      offersPhone: async () => false,
      barcodeDecides: () => false,
      ...settings,
    }),
    session: {
      get: async (): Promise<SessionStatusResponse> => {
        log.push('get');
        throw new SessionApiError(401, 'no_session', 'none');
      },
      create: async (request: CreateSessionRequest) => {
        log.push(`create:${request.idType}`);
        const session: CreateSessionResponse = {
          step: 'upload_document_front',
          idType: request.idType ?? null,
          expiresAt: '',
          handoffAvailable: false,
        };
        return session;
      },
      end: async () => void log.push('end'),
    },
    handoff: {
      phase: 'idle',
      error: null as string | null,
      claim: async (_code: string): Promise<SessionStatusResponse> => status(),
      start: async () => void log.push('offer'),
      read: async (): Promise<HandoffStatus | null> => null,
      watch: () => void log.push('watch'),
      stop: () => void log.push('handoff-stop'),
      reset: () => void log.push('handoff-reset'),
    },
    camera: {
      status: 'live',
      start: async (preference: string) => void log.push(`camera:${preference}`),
      stop: () => void log.push('camera-stop'),
      restoreExposure: async () => undefined,
      adjustExposure: () => false,
    },
    loop: { stop: () => undefined, prepareForStep: async () => void log.push('prepare') },
    upload: {
      send: async () => ({ nextStep: 'done', issues: [], issueDetails: {} }) as never,
      cancel: () => void log.push('upload-cancel'),
    },
    photos: {
      fromFrame: async (_frame: Frame, subject: Photo['subject']): Promise<Photo> => ({
        image: { blob: new Blob(['jpeg']), width: 1600, height: 1000 },
        url: 'blob:frame',
        subject,
        barcode: null,
        warning: null,
      }),
      fromFile: async (_file: Blob, _step: unknown, subject: Photo['subject']): Promise<Photo> => ({
        image: { blob: new Blob(['jpeg']), width: 1200, height: 800 },
        url: 'blob:file',
        subject,
        barcode: null,
        warning: null,
      }),
      grab: (): Promise<Frame | null> | null => Promise.resolve(null),
      revoke: (url: string) => void log.push(`revoke:${url}`),
    },
    resetAnalysers: () => void log.push('analysers-reset'),
    takeLinkCode: (): string | null => null,
    emit: (signal: Parameters<FlowPorts['emit']>[0]): boolean => {
      signals.push('code' in signal ? `${signal.name}:${signal.code}` : signal.name);
      return true;
    },
    now: () => 0,
  } satisfies FlowPorts;
  const flow = new CaptureFlowController(host, ports);
  return { flow, ports, host, log, signals, controllers };
}

describe('CaptureFlowController', () => {
  it('registers with its host and starts after the first update: no session, so one is created', async () => {
    const { flow, controllers, log, signals } = harness();
    expect(controllers).toEqual([flow]);
    flow.hostConnected();
    await expect.poll(() => flow.state.view).toBe('capture');
    expect(log).toEqual(['get', 'create:DL', 'analysers-reset', 'prepare', 'camera:environment']);
    expect(signals).toEqual(['ready', 'step']);
  });

  it('start() settles once the flow waits for the person', async () => {
    const { flow, signals } = harness({ noCamera: true, idType: null });
    await flow.start();
    expect(flow.state.view).toBe('choose-type');
    await flow.dispatch({ type: 'choose-type', idType: 'P' });
    expect(flow.state).toMatchObject({ view: 'capture', idType: 'P', step: 'upload_document_front' });
    expect(signals).toEqual(['ready', 'step']);
  });

  it('no-camera never opens the camera', async () => {
    const { flow, log } = harness({ noCamera: true });
    await flow.start();
    expect(log.some((entry) => entry.startsWith('camera:'))).toBe(false);
  });

  it('a new run drops the answers of the one before: a slow first start never lands', async () => {
    const { flow, ports, signals } = harness();
    const slow = later<SessionStatusResponse>();
    let calls = 0;
    ports.session.get = () => (++calls === 1 ? slow.promise : Promise.resolve(status({ attempts: 1 })));
    const first = flow.start();
    await flow.start();
    expect(flow.state).toMatchObject({ view: 'capture', attempt: 2 });
    slow.resolve(status({ step: 'upload_document_back' }));
    await first;
    expect(flow.state).toMatchObject({ view: 'capture', step: 'upload_document_front', attempt: 2 });
    expect(signals).toEqual(['ready', 'step']);
  });

  it('leaving the page ends the run: a photo prepared afterwards is freed, never shown', async () => {
    const { flow, ports, log } = harness();
    await flow.start();
    const making = later<Photo>();
    ports.photos.fromFrame = () => making.promise;
    const shot = frame();
    const taking = flow.dispatch({ type: 'photo-taken', frame: shot });
    flow.hostDisconnected();
    making.resolve({
      image: { blob: new Blob(['j']), width: 1, height: 1 },
      url: 'blob:late',
      subject: 'document_front',
      barcode: null,
      warning: null,
    });
    await taking;
    expect(flow.state.view).toBe('preparing');
    expect(flow.state.photo).toBeNull();
    expect(log).toContain('revoke:blob:late');
    expect(shot.closed).toBe(true);
  });

  it('session failures: a gone session starts afresh, anything else is a session error with its code', async () => {
    const { flow, ports, signals } = harness();
    ports.session.get = async () => {
      throw new SessionApiError(503, 'upstream_unavailable', 'later');
    };
    await flow.start();
    expect(flow.state.view).toBe('session-error');
    expect(signals).toEqual(['error:upstream_unavailable']);
    ports.session.get = async () => {
      throw new TypeError('boom');
    };
    await flow.start();
    expect(signals.at(-1)).toBe('error:session_failed');
  });

  it('a claim that fails for want of a network keeps the code for Try again, without reading the address again', async () => {
    const code = 'k'.repeat(48);
    const { flow, ports, signals } = harness();
    let taken = 0;
    ports.takeLinkCode = () => (++taken === 1 ? code : null);
    ports.handoff.claim = async () => {
      throw new SessionApiError(0, 'network_error', 'offline');
    };
    await flow.start();
    expect(flow.state).toMatchObject({ view: 'handoff-claim-failed', handoffReason: 'unreachable' });
    const claimed: string[] = [];
    ports.handoff.claim = async (again: string) => {
      claimed.push(again);
      return status({ handoffAvailable: false });
    };
    ports.handoff.read = async () => ({ state: 'claimed', step: 'upload_document_front', done: false, expiresAt: '' });
    await flow.start();
    expect(taken).toBe(1);
    expect(claimed).toEqual([code]);
    expect(flow.state).toMatchObject({ view: 'capture', role: 'phone' });
    expect(signals).toEqual(['handoff', 'ready', 'step']);
  });

  it('the shutter takes the sharpest kept frame, else grabs one; a live camera that gives none is said', async () => {
    const { flow, signals } = harness();
    await flow.start();
    await flow.dispatch({ type: 'shutter' });
    expect(flow.state.notice).toBe('shutterFailed');
    expect(signals.at(-1)).toBe('error:capture_failed');
  });

  it('a grab that lands after the run ended is closed', async () => {
    const { flow, ports } = harness();
    await flow.start();
    const grab = later<Frame | null>();
    ports.photos.grab = () => grab.promise;
    const pressing = flow.dispatch({ type: 'shutter' });
    flow.hostDisconnected();
    const late = frame();
    grab.resolve(late);
    await pressing;
    expect(late.closed).toBe(true);
  });

  it('a page that cancels before-upload keeps the photo on review; an upload that fails without an answer is "upload_failed"', async () => {
    const { flow, ports, signals } = harness();
    await flow.start();
    await flow.dispatch({ type: 'file-chosen', file: new Blob(['x']) });
    expect(flow.state.view).toBe('review');
    ports.emit = (signal) => {
      signals.push(signal.name);
      return signal.name !== 'before-upload';
    };
    await flow.dispatch({ type: 'send' });
    expect(flow.state.view).toBe('review');
    ports.emit = (signal) => {
      signals.push('code' in signal ? `${signal.name}:${signal.code}` : signal.name);
      return true;
    };
    ports.upload.send = async () => {
      throw new Error('socket');
    };
    await flow.dispatch({ type: 'send' });
    expect(flow.state.view).toBe('upload-failed');
    expect(signals.slice(-2)).toEqual(['before-upload', 'error:upload_failed']);
  });

  it('an aborted upload (stop) is not a failure', async () => {
    const { flow, ports } = harness();
    await flow.start();
    await flow.dispatch({ type: 'file-chosen', file: new Blob(['x']) });
    ports.upload.send = async () => {
      throw new DOMException('upload aborted', 'AbortError');
    };
    await flow.dispatch({ type: 'send' });
    expect(flow.state.view).toBe('uploading');
  });

  it('restart ends the session on the server, then starts afresh', async () => {
    const { flow, log, signals } = harness();
    await flow.start();
    log.length = 0;
    await flow.dispatch({ type: 'restart' });
    expect(log.slice(0, 4)).toEqual(['camera-stop', 'upload-cancel', 'handoff-stop', 'handoff-reset']);
    expect(log).toContain('end');
    expect(log).toContain('create:DL');
    expect(signals.filter((s) => s === 'ready')).toHaveLength(2);
  });

  it('offering a phone: a refusal because a phone already holds the session follows that phone', async () => {
    const { flow, ports, log } = harness();
    await flow.start();
    ports.handoff.start = async () => {
      ports.handoff.phase = 'failed';
      ports.handoff.error = 'handed_off';
    };
    ports.handoff.read = async () => ({ state: 'claimed', step: 'upload_document_back', done: false, expiresAt: '' });
    await flow.dispatch({ type: 'offer-to-phone' });
    expect(flow.state).toMatchObject({ view: 'handoff-watching', role: 'desktop' });
    expect(log.at(-1)).toBe('watch');
  });
});
