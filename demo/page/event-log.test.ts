import { describe, expect, it } from 'vitest';
import { summarise } from './event-log.js';

/** The demo's event log: a sentence per event, read from the fields the element's events carry. */
describe('event log summaries', () => {
  it('names the step and the side in words, and counts attempts after the first', () => {
    expect(summarise('berbix-step', { step: 'upload_document_front', attempt: 1 })).toBe('Step: front of the document');
    expect(summarise('berbix-step', { step: 'upload_document_back', attempt: 2 })).toBe(
      'Step: back of the document, attempt 2',
    );
    expect(summarise('berbix-step', { step: 'upload_selfie_basic', attempt: 1 })).toBe('Step: selfie basic');
    expect(summarise('berbix-step', { step: 'done', attempt: 1 })).toBe('Every step is done');
  });

  it('says what the camera did, and what a photo and an upload weigh', () => {
    expect(summarise('berbix-camera', { state: 'live' })).toBe('The camera is live');
    expect(summarise('berbix-camera', { state: 'denied' })).toBe('Camera access was refused');
    expect(summarise('berbix-camera', { state: 'something-new' })).toBe('Camera: something-new');
    expect(summarise('berbix-capture', { subject: 'document_front', width: 1280, height: 720, bytes: 84_000 })).toBe(
      'Photo of the front ready: 1280×720, 82 kB',
    );
    expect(summarise('berbix-before-upload', { subject: 'document_back', bytes: 2048 })).toBe(
      'Uploading the back (2 kB)',
    );
    expect(summarise('berbix-upload-progress', { loaded: 512, total: 2048 })).toBe('Uploaded 25% of 2 kB');
    expect(summarise('berbix-upload-progress', { loaded: 0, total: 0 })).toBe('Uploaded 0% of 0 kB');
  });

  it('lists the issues Berbix found, errors with their message, and the hand-off state', () => {
    expect(
      summarise('berbix-issues', {
        issues: ['text_unreadable', 'glare'],
        issueDetails: {},
        step: 'upload_document_front',
      }),
    ).toBe('Berbix asks for the front again: text unreadable, glare');
    expect(summarise('berbix-error', { code: 'network', message: 'The network failed', recoverable: true })).toBe(
      'Error (the person can carry on): The network failed',
    );
    expect(summarise('berbix-error', { code: 'session_failed', recoverable: false })).toBe('Error: session_failed');
    expect(summarise('berbix-handoff', { state: 'progress', step: 'upload_document_back' })).toBe(
      'Hand-off to a phone: progress (at the back)',
    );
    expect(summarise('berbix-ready', {})).toBe('The session started');
    expect(summarise('berbix-complete', {})).toBe('Finished: the result is on your server');
    expect(summarise('not-ours', {})).toBe('');
  });
});
