import type { AamvaProblem } from './types.js';

/** The parts of the AAMVA header (the "file header" plus the subfile directory). */
export interface AamvaHeader {
  dataSeparator: string;
  segmentTerminator: string;
  iin: string;
  version: number;
  jurisdictionVersion: number | null;
  directory: Array<{ type: string; offset: number; length: number }>;
  /** Index of the compliance indicator: directory offsets count from here. */
  base: number;
  /** Index just after the directory: subfiles start at or after it. */
  end: number;
}

const FILE_TYPES = ['ANSI ', 'AAMVA'];
const DEFAULT_DATA_SEPARATOR = '\n';
const DEFAULT_SEGMENT_TERMINATOR = '\r';
/** AAMVA 2020 is version 10; anything newer is read with version 10's rules and a warning. */
export const LATEST_VERSION = 10;

/**
 * Reads the header and subfile directory. Returns null (with an error in `problems`) when there is
 * no header at all; tolerates what real scanners do to the first bytes (a dropped record
 * separator, CR/LF swapped) with warnings, because the element only needs the payload to be usable.
 */
export function parseHeader(text: string, problems: AamvaProblem[]): AamvaHeader | null {
  let markerAt = -1;
  for (const fileType of FILE_TYPES) {
    const at = text.indexOf(fileType);
    if (at >= 0 && at <= 16 && (markerAt < 0 || at < markerAt)) markerAt = at;
  }
  if (markerAt < 0) {
    problems.push({ severity: 'error', code: 'bad_header', message: 'No AAMVA file type marker ("ANSI ") found.' });
    return null;
  }
  let dataSeparator = DEFAULT_DATA_SEPARATOR;
  let segmentTerminator = DEFAULT_SEGMENT_TERMINATOR;
  // Some readers add whitespace before the compliance indicator; offsets count from the '@'.
  const base =
    markerAt >= 4 && text[markerAt - 4] === '@' && text.slice(0, markerAt - 4).trim() === '' ? markerAt - 4 : 0;
  if (text[base] === '@' && markerAt === base + 4) {
    dataSeparator = text[base + 1] ?? DEFAULT_DATA_SEPARATOR;
    segmentTerminator = text[base + 3] ?? DEFAULT_SEGMENT_TERMINATOR;
    if (/[A-Za-z0-9]/.test(dataSeparator + segmentTerminator)) {
      problems.push({
        severity: 'warning',
        code: 'nonstandard_header',
        message: 'Separators are alphanumeric; using LF and CR.',
      });
      dataSeparator = DEFAULT_DATA_SEPARATOR;
      segmentTerminator = DEFAULT_SEGMENT_TERMINATOR;
    }
  } else {
    problems.push({
      severity: 'warning',
      code: 'nonstandard_header',
      message: 'The compliance indicator and separators are not the standard "@ LF RS CR"; using LF and CR.',
    });
  }

  let at = markerAt + 5;
  const digits = (count: number): number | null => {
    const chunk = text.slice(at, at + count);
    if (chunk.length !== count || !/^\d+$/.test(chunk)) return null;
    at += count;
    return Number(chunk);
  };
  const iinStart = at;
  if (digits(6) === null) {
    problems.push({
      severity: 'error',
      code: 'bad_header',
      message: 'The issuer identification number is not 6 digits.',
    });
    return null;
  }
  const iin = text.slice(iinStart, iinStart + 6);
  let version = digits(2);
  if (version === null) {
    problems.push({ severity: 'error', code: 'bad_header', message: 'The AAMVA version number is not 2 digits.' });
    return null;
  }
  if (version === 0) {
    problems.push({ severity: 'warning', code: 'unknown_version', message: 'Version 0 (pre-2000) read as version 1.' });
    version = 1;
  } else if (version > LATEST_VERSION) {
    problems.push({
      severity: 'warning',
      code: 'unknown_version',
      message: `Version ${version} is newer than ${LATEST_VERSION}; read with version ${LATEST_VERSION} rules.`,
    });
  }
  let jurisdictionVersion: number | null = null;
  if (version >= 2) {
    jurisdictionVersion = digits(2);
    if (jurisdictionVersion === null) {
      problems.push({
        severity: 'error',
        code: 'bad_header',
        message: 'The jurisdiction version number is not 2 digits.',
      });
      return null;
    }
  }
  const entries = digits(2);
  if (entries === null) {
    problems.push({ severity: 'error', code: 'bad_header', message: 'The number of entries is not 2 digits.' });
    return null;
  }
  const directory: AamvaHeader['directory'] = [];
  for (let i = 0; i < entries; i++) {
    const type = text.slice(at, at + 2);
    const entry = /^[A-Z]{2}(\d{4})(\d{4})$/.exec(text.slice(at, at + 10));
    if (!entry) {
      problems.push({
        severity: 'warning',
        code: 'bad_directory',
        message: `Subfile directory entry ${i + 1} of ${entries} is malformed; subfiles are located by searching.`,
      });
      break;
    }
    directory.push({ type, offset: Number(entry[1]), length: Number(entry[2]) });
    at += 10;
  }
  return { dataSeparator, segmentTerminator, iin, version, jurisdictionVersion, directory, base, end: at };
}
