import type { IdType, ImageSubject, Step } from '@berbix-capture/protocol';

/**
 * The API-only step machine, as Berbix runs it: front, then back (skipped for passports), then
 * done. Selfie steps exist in the vocabulary but no sandbox template asks for them (the API-only
 * guide offers no selfie matching), so selfie uploads are always out of order.
 */

/** The subjects an image upload may carry at each step. */
export const SUBJECTS_FOR_STEP: Record<Step, readonly ImageSubject[]> = {
  upload_document_front: ['document_front'],
  upload_document_back: ['document_back', 'document_barcode'],
  upload_selfie_basic: ['selfie_front'],
  upload_selfie_liveness: ['selfie_front', 'selfie_left', 'selfie_right'],
  done: [],
};

/** The first step of every transaction. */
export const FIRST_STEP: Step = 'upload_document_front';

/** The step after an accepted upload at `step`. */
export function stepAfter(step: Step, idType: IdType | undefined): Step {
  switch (step) {
    case 'upload_document_front':
      // Passports have no back; an unknown type may be a card, so the back is asked for.
      return idType === 'P' ? 'done' : 'upload_document_back';
    default:
      return 'done';
  }
}

/** Whether an id scan (barcode scanner hardware) may be uploaded now: any time before `done`. */
export function acceptsIdScan(step: Step): boolean {
  return step === 'upload_document_front' || step === 'upload_document_back';
}
