import type { SessionStatusResponse } from '@berbix-capture/protocol';

/**
 * What `GET /session` answers at the first step of a driving licence (hand-off on, no phone
 * watching), with `overrides` for any other moment: the adapter's answer in its tests, the
 * element's input in its flow tests.
 */
export function sessionStatus(overrides: Partial<SessionStatusResponse> = {}): SessionStatusResponse {
  return {
    step: 'upload_document_front',
    attempts: 0,
    done: false,
    idType: 'DL',
    handoffAvailable: true,
    watching: false,
    ...overrides,
  };
}
