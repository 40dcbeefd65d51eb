import { mapFields } from './fields.js';
import { parseHeader } from './header.js';
import { readSubfiles } from './subfiles.js';
import type { AamvaProblem, AamvaResult } from './types.js';
import { validateDocument } from './validate.js';

/**
 * Largest payload accepted. A PDF417 symbol holds at most about 1.8 kB of text, and real AAMVA
 * payloads are under 3 kB even with jurisdiction subfiles; anything far bigger is not a licence.
 */
export const MAX_PAYLOAD_LENGTH = 16_384;

/**
 * Parses an AAMVA DL/ID card payload (versions 1 to 10) as read from the PDF417 symbol. Never
 * throws: whatever is wrong is listed in `problems`, and `valid` is false when any problem is an
 * error. Bytes are read as ISO-8859-1, which every AAMVA version uses.
 */
export function parseAamva(input: string | Uint8Array): AamvaResult {
  const problems: AamvaProblem[] = [];
  const result: AamvaResult = {
    valid: false,
    version: null,
    iin: null,
    jurisdictionVersion: null,
    documentType: null,
    fields: {},
    elements: {},
    subfiles: [],
    problems,
  };
  try {
    const text = toText(input, problems);
    if (text === null) return result;
    const header = parseHeader(text, problems);
    if (!header) return result;
    result.version = header.version;
    result.iin = header.iin;
    result.jurisdictionVersion = header.jurisdictionVersion;
    result.subfiles = readSubfiles(text, header, problems);
    const document = result.subfiles.find((s) => s.type === 'DL' || s.type === 'ID');
    if (!document) {
      problems.push({ severity: 'error', code: 'missing_subfile', message: 'There is no DL or ID subfile.' });
      return finish(result);
    }
    result.documentType = document.type as 'DL' | 'ID';
    result.elements = document.elements;
    const version = Math.min(header.version, 10);
    result.fields = mapFields(document.elements, { version, iin: header.iin }, problems);
    validateDocument(document.elements, result.fields, version, result.documentType, problems, todayIso());
    return finish(result);
  } catch {
    // Defensive: a bug here must not take the element's frame loop down with it.
    problems.push({ severity: 'error', code: 'internal_error', message: 'The payload could not be parsed.' });
    return finish(result);
  }
}

function toText(input: string | Uint8Array, problems: AamvaProblem[]): string | null {
  const isBytes = input instanceof Uint8Array;
  if (!isBytes && typeof input !== 'string') {
    problems.push({ severity: 'error', code: 'invalid_input', message: 'Input must be a string or a Uint8Array.' });
    return null;
  }
  if (input.length === 0) {
    problems.push({ severity: 'error', code: 'empty', message: 'The payload is empty.' });
    return null;
  }
  if (input.length > MAX_PAYLOAD_LENGTH) {
    problems.push({
      severity: 'error',
      code: 'too_large',
      message: `The payload is longer than ${MAX_PAYLOAD_LENGTH} characters.`,
    });
    return null;
  }
  return isBytes ? latin1(input) : input;
}

function latin1(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i += 4096) text += String.fromCharCode(...bytes.subarray(i, i + 4096));
  return text;
}

function finish(result: AamvaResult): AamvaResult {
  result.valid = !result.problems.some((p) => p.severity === 'error');
  return result;
}

function todayIso(): string {
  return new Date().toISOString().slice(0, 10);
}
