import type { AamvaHeader } from './header.js';
import type { AamvaProblem, AamvaSubfile } from './types.js';

const ELEMENT_ID = /^[A-Z][A-Z0-9]{2}$/;

/**
 * Cuts the subfiles out of the payload. The directory's offset is trusted when the subfile type is
 * found there; otherwise the type is searched for after the directory (real cards are often off by
 * a byte or two), with a warning. A subfile runs to its segment terminator.
 */
export function readSubfiles(text: string, header: AamvaHeader, problems: AamvaProblem[]): AamvaSubfile[] {
  const wanted =
    header.directory.length > 0
      ? header.directory
      : // No usable directory: look for the subfiles the element needs.
        [
          { type: 'DL', offset: -1, length: 0 },
          { type: 'ID', offset: -1, length: 0 },
        ];
  const subfiles: AamvaSubfile[] = [];
  for (const entry of wanted) {
    const declared = header.base + entry.offset;
    let start = entry.offset >= 0 && declared >= header.end && text.startsWith(entry.type, declared) ? declared : -1;
    if (start < 0) {
      start = findSubfileStart(text, entry.type, header.end);
      if (start >= 0 && entry.offset >= 0) {
        problems.push({
          severity: 'warning',
          code: 'bad_subfile_offset',
          message: `The directory offset of subfile ${entry.type} is wrong; found it by searching.`,
        });
      }
    }
    if (start < 0) {
      if (entry.offset >= 0) {
        problems.push({
          severity: 'error',
          code: 'missing_subfile',
          message: `Subfile ${entry.type} listed in the directory is missing.`,
        });
      }
      continue;
    }
    const bodyStart = start + 2;
    const terminatorAt = findTerminator(text, bodyStart, header);
    const body = text.slice(bodyStart, terminatorAt < 0 ? text.length : terminatorAt);
    subfiles.push({ type: entry.type, elements: readElements(body, header.dataSeparator, entry.type, problems) });
  }
  return subfiles;
}

/** The segment terminator, skipping a CR that is only the first half of a CR LF line end. */
function findTerminator(text: string, from: number, header: AamvaHeader): number {
  let at = text.indexOf(header.segmentTerminator, from);
  while (at >= 0 && header.segmentTerminator === '\r' && header.dataSeparator === '\n' && text[at + 1] === '\n') {
    at = text.indexOf(header.segmentTerminator, at + 1);
  }
  return at;
}

function findSubfileStart(text: string, type: string, from: number): number {
  // The type followed by an element id, e.g. "DLDAQ" or "ZCZCA", to avoid matching data.
  const pattern = new RegExp(`${type}(?=[A-Z][A-Z0-9]{2})`, 'g');
  pattern.lastIndex = from;
  const match = pattern.exec(text);
  return match ? match.index : -1;
}

function readElements(body: string, separator: string, type: string, problems: AamvaProblem[]): Record<string, string> {
  const elements: Record<string, string> = Object.create(null);
  let malformed = 0;
  for (const piece of body.split(separator)) {
    // Some issuers end lines with CR LF; the CR is not part of the value.
    // biome-ignore lint/suspicious/noControlCharactersInRegex: AAMVA's separators are control characters.
    const line = piece.replace(/[\r\n\x1e]+$/u, '').replace(/^[\r\n\x1e]+/u, '');
    if (line.length === 0) continue;
    const id = line.slice(0, 3);
    if (!ELEMENT_ID.test(id)) {
      malformed++;
      continue;
    }
    if (id in elements) {
      problems.push({
        severity: 'warning',
        code: 'duplicate_element',
        message: `Element ${id} appears more than once; the first is kept.`,
        element: id,
      });
      continue;
    }
    elements[id] = line.slice(3);
  }
  if (malformed > 0) {
    problems.push({
      severity: 'warning',
      code: 'malformed_element',
      message: `${malformed} line(s) in subfile ${type} do not start with an element id and were ignored.`,
    });
  }
  // A plain object from here on: callers compare and serialise it.
  return { ...elements };
}
