import { describe, expect, it } from 'vitest';
import { isCountryCode, isDocumentSubject, isIdType, isStep, STEP_FOR_SUBJECT } from './steps.js';

describe('protocol guards', () => {
  it('accepts the contract vocabulary and nothing else', () => {
    expect(isStep('upload_document_front')).toBe(true);
    expect(isStep('done')).toBe(true);
    expect(isStep('upload_document_side')).toBe(false);
    expect(isStep(undefined)).toBe(false);
    expect(isIdType('DL')).toBe(true);
    expect(isIdType('dl')).toBe(false);
    expect(isDocumentSubject('document_back')).toBe(true);
    expect(isDocumentSubject('selfie_front')).toBe(false);
    expect(isCountryCode('US')).toBe(true);
    expect(isCountryCode('USA')).toBe(false);
    expect(isCountryCode('us')).toBe(false);
  });

  it('maps each document subject to the step that expects it', () => {
    expect(STEP_FOR_SUBJECT.document_front).toBe('upload_document_front');
    expect(STEP_FOR_SUBJECT.document_back).toBe('upload_document_back');
  });
});
