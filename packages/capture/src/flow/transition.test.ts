import { sessionStatus as status } from '@berbix-capture/testing/session-status';
import { describe, expect, it } from 'vitest';
import { photo, run, types } from '../testing/flow.js';
import type { FlowEvent, Frame } from './events.js';
import { type FlowState, initialState } from './state.js';

const capturing: FlowState = { ...initialState, view: 'capture', step: 'upload_document_front', idType: 'DL' };

const frame = (): Frame => ({ close: () => undefined });

describe('starting', () => {
  it('without an endpoint: a session error that cannot be recovered', () => {
    const { state, effects } = run(initialState, { type: 'start', endpoint: false, linkCode: null });
    expect(state).toMatchObject({ view: 'session-error', missingEndpoint: true });
    expect(types(effects)).toEqual(['new-run', 'stop-all', 'emit:error']);
    expect(effects.at(-1)).toMatchObject({ signal: { code: 'missing_endpoint', recoverable: false } });
  });

  it('looks for a session; none and an id-type creates one, none and no id-type lets the person choose', () => {
    const started = run(initialState, { type: 'start', endpoint: true, linkCode: null });
    expect(started.state.view).toBe('starting');
    expect(types(started.effects)).toEqual(['new-run', 'load-session']);
    const created = run(started.state, { type: 'session-found', status: null, idType: 'DL' });
    expect(created.effects).toEqual([{ type: 'create-session', idType: 'DL' }]);
    const choose = run(started.state, { type: 'session-found', status: null, idType: null });
    expect(choose.state.view).toBe('choose-type');
    expect(choose.effects).toEqual([]);
    const chosen = run(choose.state, { type: 'choose-type', idType: 'P' });
    expect(chosen.state.view).toBe('starting');
    expect(chosen.effects).toEqual([{ type: 'new-run' }, { type: 'create-session', idType: 'P' }]);
  });

  it('a created session: ready, then the offer choice, then the first step', () => {
    const session = { step: 'upload_document_front', idType: null, expiresAt: '', handoffAvailable: true } as const;
    const created = run(initialState, { type: 'session-created', idType: 'ID', session: { ...session } });
    expect(created.state).toMatchObject({ idType: 'ID', handoffAvailable: true });
    expect(created.effects).toEqual([
      { type: 'emit', signal: { name: 'ready' } },
      { type: 'decide-offer', possible: true },
    ]);
    const entered = run(created.state, { type: 'offer-decided', offerable: false });
    expect(entered.state).toMatchObject({ view: 'capture', step: 'upload_document_front', attempt: 1, pending: null });
    expect(entered.effects).toEqual([
      { type: 'reset-step' },
      { type: 'emit', signal: { name: 'step', step: 'upload_document_front', attempt: 1 } },
      { type: 'begin-step', step: 'upload_document_front' },
      { type: 'open-camera' },
    ]);
    const offered = run(created.state, { type: 'offer-decided', offerable: true });
    expect(offered.state).toMatchObject({ view: 'handoff-choice', offerable: true, step: 'upload_document_front' });
    const here = run(offered.state, { type: 'continue-here' });
    expect(here.state.view).toBe('capture');
  });

  it('a failed call is a recoverable session error', () => {
    const { state, effects } = run(initialState, {
      type: 'session-failed',
      code: 'upstream_unavailable',
      message: 'no',
    });
    expect(state.view).toBe('session-error');
    expect(effects.at(-1)).toEqual({
      type: 'emit',
      signal: { name: 'error', code: 'upstream_unavailable', message: 'no', recoverable: true },
    });
  });

  it('resumes: a finished session finishes, a watched one follows the phone, the attempt counts on', () => {
    const done = run(initialState, { type: 'session-found', status: status({ done: true }), idType: null });
    expect(done.state).toMatchObject({ view: 'finished', step: 'done' });
    expect(types(done.effects)).toEqual(['emit:ready', 'stop-all', 'emit:complete']);
    const watched = run(initialState, { type: 'session-found', status: status({ watching: true }), idType: null });
    expect(types(watched.effects)).toEqual(['emit:ready', 'stop-all', 'read-handoff']);
    const back = run(
      initialState,
      { type: 'session-found', status: status({ step: 'upload_document_back', attempts: 2 }), idType: null },
      { type: 'offer-decided', offerable: false },
    );
    expect(back.state).toMatchObject({ step: 'upload_document_back', attempt: 3, view: 'capture' });
  });

  it('without hand-off on offer, asks whether this device is the phone that claimed the session', () => {
    const asked = run(initialState, {
      type: 'session-found',
      status: status({ handoffAvailable: false }),
      idType: null,
    });
    expect(types(asked.effects)).toEqual(['emit:ready', 'check-phone']);
    const phone = run(asked.state, { type: 'phone-checked', claimed: true });
    expect(phone.state.role).toBe('phone');
    expect(phone.effects).toEqual([{ type: 'decide-offer', possible: false }]);
    const notPhone = run(asked.state, { type: 'phone-checked', claimed: false });
    expect(notPhone.state.role).toBe('none');
  });

  it('taken back from a phone: straight to the step, no ready and no offer', () => {
    const { state, effects } = run(
      { ...initialState, role: 'desktop', view: 'handoff-watching' },
      { type: 'use-this-device' },
      { type: 'taken-back', status: status({ step: 'upload_document_back', attempts: 1 }) },
    );
    expect(types(effects)).toEqual(['new-run', 'take-back', 'reset-step', 'emit:step', 'begin-step', 'open-camera']);
    expect(state).toMatchObject({ view: 'capture', step: 'upload_document_back', attempt: 2 });
  });

  it('a step this element does not serve ends on its own screen, and done finishes', () => {
    const selfie = run(initialState, { type: 'taken-back', status: status({ step: 'upload_selfie_basic' }) });
    expect(selfie.state.view).toBe('unsupported-step');
    expect(selfie.effects.at(-1)).toMatchObject({ signal: { code: 'unsupported_step', recoverable: false } });
    const done = run(initialState, { type: 'taken-back', status: status({ step: 'done' }) });
    expect(done.state.view).toBe('finished');
  });

  it('restart ends the session and forgets the last one; disconnecting ends the run and frees the photo', () => {
    const busy = {
      ...capturing,
      photo: photo(),
      issues: { codes: ['bad_upload'], details: {} },
      notice: 'fileNotImage',
      role: 'phone',
    } as FlowState;
    const restarted = run(busy, { type: 'restart' });
    expect(restarted.state).toMatchObject({ issues: null, notice: null, role: 'none', photo: null });
    expect(types(restarted.effects)).toEqual(['stop-all', 'reset-step', 'revoke', 'reset-handoff', 'end-session']);
    const left = run(busy, { type: 'disconnected' });
    expect(left.effects).toEqual([{ type: 'new-run' }, { type: 'clear-frames' }, { type: 'revoke', url: 'blob:one' }]);
    expect(run(busy, { type: 'stop' }).effects).toEqual([{ type: 'stop-all' }]);
  });
});

describe('the hand-off', () => {
  const code = 'c'.repeat(48);

  it('a link code is claimed; a retried claim uses the code kept in memory, a malformed one is refused at once', () => {
    expect(run(initialState, { type: 'start', endpoint: true, linkCode: code }).effects).toEqual([
      { type: 'new-run' },
      { type: 'claim', code },
    ]);
    const kept = run({ ...initialState, pendingCode: code }, { type: 'start', endpoint: true, linkCode: null });
    expect(kept.effects.at(-1)).toEqual({ type: 'claim', code });
    expect(kept.state.pendingCode).toBeNull();
    const malformed = run(initialState, { type: 'start', endpoint: true, linkCode: 'not-a-code' });
    expect(malformed.state).toMatchObject({
      view: 'handoff-claim-failed',
      handoffReason: 'invalid',
      pendingCode: null,
    });
    expect(malformed.effects).toEqual([{ type: 'new-run' }]);
  });

  it.each([
    ['handoff_used', 'used', null],
    ['handoff_expired', 'expired', null],
    ['handoff_invalid', 'invalid', null],
    ['invalid_request', 'invalid', null],
    ['rate_limited', 'rate-limited', null],
    ['http_error', 'unreachable', code],
    [null, 'unreachable', code],
  ] as const)('a claim refused with %s reads as %s', (error, reason, kept) => {
    const { state } = run(initialState, { type: 'claim-refused', code, error });
    expect(state).toMatchObject({ view: 'handoff-claim-failed', handoffReason: reason, pendingCode: kept });
  });

  it('a claimed session: this device is the phone, says claimed, then resumes like a reload', () => {
    const { state, effects } = run(initialState, { type: 'claimed', status: status({ handoffAvailable: false }) });
    expect(state.role).toBe('phone');
    expect(types(effects)).toEqual(['emit:handoff', 'emit:ready', 'decide-offer']);
    expect(effects[0]).toEqual({ type: 'emit', signal: { name: 'handoff', state: 'claimed' } });
    expect(effects[2]).toEqual({ type: 'decide-offer', possible: false });
  });

  it('offering stops the step; a refusal because a phone holds it follows the phone, a wrong step starts again', () => {
    const offered = run({ ...capturing, photo: photo() }, { type: 'offer-to-phone' });
    expect(offered.state).toMatchObject({ view: 'handoff-offer', role: 'desktop', photo: null });
    expect(types(offered.effects)).toEqual(['stop-all', 'reset-step', 'revoke', 'offer-handoff']);
    expect(types(run(offered.state, { type: 'offer-settled', refused: 'handed_off' }).effects)).toEqual([
      'stop-all',
      'read-handoff',
    ]);
    expect(run(offered.state, { type: 'offer-settled', refused: 'wrong_step' }).effects).toEqual([{ type: 'start' }]);
    expect(run(offered.state, { type: 'offer-settled', refused: null }).effects).toEqual([]);
  });

  it('following: a phone that holds the session is watched, else the session went elsewhere', () => {
    const claimed = { state: 'claimed', step: 'upload_document_front', done: false, expiresAt: '' } as const;
    const watch = run(initialState, { type: 'follow-read', status: claimed });
    expect(watch.state).toMatchObject({ view: 'handoff-watching', role: 'desktop' });
    expect(watch.effects).toEqual([{ type: 'watch-handoff', status: claimed }]);
    const gone = run(initialState, { type: 'follow-read', status: null });
    expect(gone.state).toMatchObject({ view: 'handoff-elsewhere', handoffReason: 'taken-back' });
    const phone = run({ ...initialState, role: 'phone' }, { type: 'follow-read', status: claimed });
    expect(phone.state.view).toBe('handoff-elsewhere');
  });

  it('the desktop follows the phone: claimed, progress, expired, done, cancelled', () => {
    const desktop: FlowState = {
      ...initialState,
      role: 'desktop',
      view: 'handoff-offer',
      step: 'upload_document_front',
    };
    expect(run(desktop, { type: 'handoff', state: 'claimed' }).state.view).toBe('handoff-watching');
    const progress = run(desktop, { type: 'handoff', state: 'progress', step: 'upload_document_back' });
    expect(progress.state.step).toBe('upload_document_back');
    expect(progress.effects).toEqual([
      { type: 'emit', signal: { name: 'handoff', state: 'progress', step: 'upload_document_back' } },
    ]);
    expect(run(desktop, { type: 'handoff', state: 'expired' }).state.view).toBe('handoff-expired');
    const done = run(desktop, { type: 'handoff', state: 'done' });
    expect(done.state.view).toBe('finished');
    expect(types(done.effects)).toEqual(['emit:handoff', 'stop-all', 'emit:complete']);
    const cancelled = run(desktop, { type: 'handoff', state: 'cancelled' });
    expect(cancelled.state.view).toBe('starting');
    expect(types(cancelled.effects)).toEqual(['emit:handoff', 'new-run', 'take-back']);
  });

  it('the phone only reports what it hears, until the session is cancelled: then it stops here', () => {
    const phone: FlowState = { ...capturing, role: 'phone', photo: photo() };
    const claimed = run(phone, { type: 'handoff', state: 'claimed' });
    expect(claimed.state).toBe(phone);
    const cancelled = run(phone, { type: 'handoff', state: 'cancelled' });
    expect(cancelled.state).toMatchObject({ view: 'handoff-elsewhere', handoffReason: 'cancelled', photo: null });
    expect(types(cancelled.effects)).toEqual(['emit:handoff', 'stop-all', 'reset-step', 'revoke']);
  });
});

describe('taking the photo', () => {
  it('the shutter shoots unless a photo is on its way', () => {
    expect(run(capturing, { type: 'shutter' }).effects).toEqual([{ type: 'shoot' }]);
    expect(run({ ...capturing, busy: true }, { type: 'shutter' }).effects).toEqual([]);
  });

  it('a frame taken stops the camera and is encoded; a second one meanwhile is closed', () => {
    const shot = frame();
    const taken = run(capturing, { type: 'photo-taken', frame: shot });
    expect(taken.state).toMatchObject({ view: 'preparing', busy: true });
    expect(taken.effects).toEqual([
      { type: 'stop-loop' },
      { type: 'clear-frames' },
      { type: 'close-camera' },
      { type: 'encode-frame', frame: shot, subject: 'document_front' },
    ]);
    const late = frame();
    expect(run(taken.state, { type: 'photo-taken', frame: late }).effects).toEqual([
      { type: 'close-frame', frame: late },
    ]);
  });

  it('a grab that comes back after the view moved on is closed; no frame from a live camera is said', () => {
    const late = frame();
    expect(run({ ...capturing, view: 'review' }, { type: 'grabbed', frame: late, cameraLive: true }).effects).toEqual([
      { type: 'close-frame', frame: late },
    ]);
    expect(run(capturing, { type: 'grabbed', frame: null, cameraLive: false }).effects).toEqual([]);
    const failed = run(
      { ...capturing, notice: 'fileNotImage' },
      { type: 'grab-started' },
      { type: 'grabbed', frame: null, cameraLive: true },
    );
    expect(failed.state.notice).toBe('shutterFailed');
    expect(failed.effects).toEqual([
      {
        type: 'emit',
        signal: {
          name: 'error',
          code: 'capture_failed',
          message: 'the camera gave no frame for the photo',
          recoverable: true,
        },
      },
    ]);
  });

  it('a chosen file is read for this step; nothing happens without a file or while busy', () => {
    const file = new Blob(['x']);
    const chosen = run(capturing, { type: 'file-chosen', file });
    expect(chosen.state).toMatchObject({ view: 'preparing', busy: true });
    expect(chosen.effects).toEqual([
      { type: 'stop-loop' },
      { type: 'close-camera' },
      { type: 'read-file', file, step: 'upload_document_front', subject: 'document_front' },
    ]);
    expect(run(capturing, { type: 'file-chosen', file: undefined }).effects).toEqual([]);
    expect(run({ ...capturing, busy: true }, { type: 'file-chosen', file }).effects).toEqual([]);
    expect(run({ ...capturing, step: 'upload_selfie_basic' }, { type: 'file-chosen', file }).effects).toEqual([]);
  });

  it('a prepared photo goes to review (the previous preview is freed) and is announced with its size', () => {
    const ready = run(
      { ...capturing, view: 'preparing', busy: true, photo: photo('blob:old') },
      { type: 'photo-ready', photo: photo('blob:new') },
    );
    expect(ready.state).toMatchObject({ view: 'review', busy: false, photo: { url: 'blob:new' } });
    expect(ready.effects).toEqual([
      { type: 'revoke', url: 'blob:old' },
      { type: 'emit', signal: { name: 'capture', subject: 'document_front', width: 1600, height: 1000, bytes: 1 } },
    ]);
  });

  it.each([
    ['too-large-input', 'file', 'fileTooLarge', 'image_too_large_input'],
    ['not-an-image', 'file', 'fileNotImage', 'image_not_an_image'],
    ['failed', 'camera', 'shutterFailed', 'image_failed'],
  ] as const)('a photo that fails (%s from the %s) says %s and reports %s', (reason, source, notice, code) => {
    const { state, effects } = run(
      { ...capturing, view: 'preparing', busy: true },
      { type: 'photo-failed', reason, source },
    );
    expect(state).toMatchObject({ view: 'capture', busy: false, notice });
    expect(effects).toEqual([
      { type: 'emit', signal: { name: 'error', code, message: 'the image could not be prepared', recoverable: true } },
      { type: 'open-camera' },
    ]);
  });

  it('an encoder that never started is its own error and notice, never "not a photo we can read"', () => {
    const { state, effects } = run(
      { ...capturing, view: 'preparing', busy: true },
      { type: 'photo-failed', reason: 'worker-unavailable', source: 'file' },
    );
    expect(state).toMatchObject({ view: 'capture', notice: 'workerUnavailable' });
    expect(effects[0]).toEqual({
      type: 'emit',
      signal: {
        name: 'error',
        code: 'worker_unavailable',
        message: 'the compression worker could not start',
        recoverable: true,
      },
    });
    const analyser = run(capturing, { type: 'worker-unavailable', worker: 'PDF417' });
    expect(analyser.state).toBe(capturing);
    expect(analyser.effects).toEqual([
      {
        type: 'emit',
        signal: {
          name: 'error',
          code: 'worker_unavailable',
          message: 'the PDF417 worker could not start',
          recoverable: true,
        },
      },
    ]);
  });

  it('retake begins the same step again with the same attempt and no notice', () => {
    const { state, effects } = run(
      { ...capturing, view: 'review', attempt: 2, notice: 'shutterFailed', photo: photo() },
      { type: 'retake' },
    );
    expect(state).toMatchObject({ view: 'capture', attempt: 2, notice: null, photo: null });
    expect(types(effects)).toEqual(['reset-step', 'revoke', 'emit:step', 'begin-step', 'open-camera']);
  });
});

describe('sending it', () => {
  const reviewing: FlowState = { ...capturing, view: 'review', photo: photo() };

  it('send uploads the photo for this step; nothing to send without one', () => {
    expect(run(reviewing, { type: 'send' }).effects).toEqual([
      { type: 'upload', photo: reviewing.photo, step: 'upload_document_front' },
    ]);
    expect(run(capturing, { type: 'send' }).effects).toEqual([]);
    expect(run({ ...reviewing, notice: 'fileNotImage' }, { type: 'upload-started' }).state).toMatchObject({
      view: 'uploading',
      notice: null,
    });
  });

  it('an answer moves to the next step; issues are reported first and the same step counts an attempt', () => {
    const next = run(reviewing, {
      type: 'uploaded',
      step: 'upload_document_front',
      issues: [],
      issueDetails: {},
      nextStep: 'upload_document_back',
    });
    expect(next.state).toMatchObject({ view: 'capture', step: 'upload_document_back', attempt: 1, issues: null });
    const again = run(
      { ...reviewing, attempt: 1 },
      {
        type: 'uploaded',
        step: 'upload_document_front',
        issues: ['text_unreadable'],
        issueDetails: {},
        nextStep: 'upload_document_front',
      },
    );
    expect(again.state).toMatchObject({ attempt: 2, issues: { codes: ['text_unreadable'], details: {} } });
    expect(types(again.effects)).toEqual([
      'emit:issues',
      'reset-step',
      'revoke',
      'emit:step',
      'begin-step',
      'open-camera',
    ]);
    const done = run(reviewing, {
      type: 'uploaded',
      step: 'upload_document_front',
      issues: [],
      issueDetails: {},
      nextStep: 'done',
    });
    expect(done.state.view).toBe('finished');
  });

  const failure = (status: number, code: string, step: FlowState['step'] = null): FlowEvent => ({
    type: 'upload-failed',
    status,
    code,
    message: 'm',
    step,
  });

  it('handed off: says so once, never retries, and follows the phone', () => {
    const { effects } = run(reviewing, failure(409, 'handed_off'));
    expect(types(effects)).toEqual(['reset-step', 'revoke', 'emit:error', 'stop-all', 'read-handoff']);
    expect(effects[2]).toMatchObject({ signal: { code: 'handed_off', recoverable: false } });
  });

  it('409 follows the server to its step, or starts again when it names none', () => {
    expect(run(reviewing, failure(409, 'wrong_step', 'upload_document_back')).state).toMatchObject({
      view: 'capture',
      step: 'upload_document_back',
      attempt: 1,
    });
    expect(run(reviewing, failure(409, 'wrong_step')).effects).toEqual([{ type: 'start' }]);
  });

  it('a gone session: says it starts again, keeps that notice, and starts', () => {
    const { state, effects } = run(
      { ...reviewing, issues: { codes: ['x'], details: {} } },
      failure(410, 'session_expired'),
    );
    expect(state).toMatchObject({ notice: 'sessionRestarted', issues: null, photo: null });
    expect(types(effects)).toEqual(['emit:error', 'reset-step', 'revoke', 'start']);
  });

  it.each([413, 415, 422])('bytes refused (%i): a bad-upload issue and a new photo', (status) => {
    const { state, effects } = run(reviewing, failure(status, 'image_rejected'));
    expect(state).toMatchObject({ view: 'capture', issues: { codes: ['bad_upload'] } });
    expect(effects[0]).toMatchObject({ signal: { code: 'image_rejected', message: 'm', recoverable: true } });
  });

  it('anything else: the upload-failed screen, recoverable unless the request itself was bad', () => {
    const down = run(reviewing, failure(502, ''));
    expect(down.state.view).toBe('upload-failed');
    expect(down.effects).toEqual([
      { type: 'emit', signal: { name: 'error', code: 'upstream_unavailable', message: 'm', recoverable: true } },
    ]);
    expect(run(reviewing, failure(400, 'invalid_request')).effects[0]).toMatchObject({
      signal: { recoverable: false },
    });
  });
});
