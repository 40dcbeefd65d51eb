import { formatAamvaDate } from './dates.js';
import { dateOrderFor } from './fields.js';
import { LATEST_VERSION } from './header.js';
import { iinForJurisdiction, jurisdictionForIin } from './jurisdictions.js';
import type { AamvaFields, EncodeAamvaOptions } from './types.js';

const COMPLIANCE_HEADER = '@\n\x1e\r';
const DATA_SEPARATOR = '\n';
const SEGMENT_TERMINATOR = '\r';
const DEFAULT_IIN = '636014';

/**
 * Builds an AAMVA payload for the given fields in the layout of the chosen version (1..10): header,
 * subfile directory with correct offsets, a DL or ID subfile, and optionally a jurisdiction (Z*)
 * subfile. For tests, sandbox scenarios and card generation. Throws `RangeError`/`TypeError` on
 * options or values that cannot be encoded (a separator inside a value, a non-ISO date).
 */
export function encodeAamva(doc: AamvaFields, options: EncodeAamvaOptions = {}): string {
  const version = options.version ?? LATEST_VERSION;
  if (!Number.isInteger(version) || version < 1 || version > LATEST_VERSION) {
    throw new RangeError(`version must be an integer 1..${LATEST_VERSION}`);
  }
  const iin = options.iin ?? (doc.issuer ? iinForJurisdiction(doc.issuer) : null) ?? DEFAULT_IIN;
  if (!/^\d{6}$/.test(iin)) throw new RangeError('iin must be 6 digits');
  const jurisdictionVersion = options.jurisdictionVersion ?? 0;
  if (!Number.isInteger(jurisdictionVersion) || jurisdictionVersion < 0 || jurisdictionVersion > 99) {
    throw new RangeError('jurisdictionVersion must be an integer 0..99');
  }
  const documentType = options.documentType ?? 'DL';
  if (documentType !== 'DL' && documentType !== 'ID') throw new RangeError("documentType must be 'DL' or 'ID'");

  const subfiles: Array<[type: string, elements: Array<[string, string]>]> = [
    [documentType, documentElements(doc, version, iin, documentType)],
  ];
  if (options.jurisdictionSubfile && Object.keys(options.jurisdictionSubfile).length > 0) {
    subfiles.push(jurisdictionElements(options.jurisdictionSubfile));
  }

  const bodies = subfiles.map(([type, elements]) => {
    for (const [id, value] of elements) {
      // biome-ignore lint/suspicious/noControlCharactersInRegex: AAMVA's separators are control characters.
      if (/[\r\n\x1e]/.test(value)) throw new RangeError(`the value of ${id} contains a separator character`);
    }
    return type + elements.map(([id, value]) => id + value).join(DATA_SEPARATOR) + SEGMENT_TERMINATOR;
  });
  const header =
    COMPLIANCE_HEADER +
    'ANSI ' +
    iin +
    pad(version, 2) +
    (version >= 2 ? pad(jurisdictionVersion, 2) : '') +
    pad(subfiles.length, 2);
  let offset = header.length + 10 * subfiles.length;
  let directory = '';
  bodies.forEach((body, i) => {
    directory += (subfiles[i]?.[0] ?? '') + pad(offset, 4) + pad(body.length, 4);
    offset += body.length;
  });
  return header + directory + bodies.join('');
}

function documentElements(
  doc: AamvaFields,
  version: number,
  iin: string,
  documentType: 'DL' | 'ID',
): Array<[string, string]> {
  const country = doc.addressCountry ?? (jurisdictionForIin(iin)?.country === 'CAN' ? 'CAN' : 'USA');
  const order = dateOrderFor(version, iin, country);
  const date = (iso: string | undefined) => (iso === undefined ? undefined : formatAamvaDate(iso, order));
  const out: Array<[string, string | undefined]> = [];

  if (documentType === 'DL' && version >= 2) out.push(['DCA', 'C'], ['DCB', 'NONE'], ['DCD', 'NONE']);
  out.push(['DBA', date(doc.expiryDate)]);
  if (version === 1) {
    const full = [doc.familyName, doc.givenName, doc.middleName].filter(Boolean).join(',');
    out.push(['DAA', full || undefined], ['DAB', doc.familyName], ['DAC', doc.givenName], ['DAD', doc.middleName]);
    out.push(['DAE', doc.nameSuffix]);
  } else if (version < 4) {
    out.push(['DCS', doc.familyName]);
    out.push(['DCT', [doc.givenName, doc.middleName].filter(Boolean).join(',') || undefined]);
  } else {
    out.push(['DCS', doc.familyName], ['DAC', doc.givenName], ['DAD', doc.middleName ?? 'NONE']);
  }
  out.push(['DBD', date(doc.issueDate)], ['DBB', date(doc.dateOfBirth)], ['DBC', encodeSex(doc.sex, version)]);
  out.push(['DAY', doc.eyeColor]);
  out.push(...encodeHeight(doc.height, version));
  out.push(['DAG', doc.addressStreet], ['DAH', doc.addressStreet2], ['DAI', doc.addressCity]);
  out.push(
    ['DAJ', doc.addressSubdivision],
    ['DAK', encodePostalCode(doc.addressPostalCode)],
    ['DAQ', doc.documentNumber],
  );
  if (version >= 2) {
    out.push(['DCF', doc.documentDiscriminator], ['DCG', country]);
    if (version >= 4) {
      out.push(['DDE', doc.familyNameTruncated], ['DDF', doc.givenNameTruncated], ['DDG', doc.middleNameTruncated]);
    }
    out.push(['DCU', doc.nameSuffix]);
  }
  return out.filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== '');
}

function jurisdictionElements(elements: Record<string, string>): [string, Array<[string, string]>] {
  const ids = Object.keys(elements);
  const type = ids[0]?.slice(0, 2) ?? '';
  for (const id of ids) {
    if (!/^Z[A-Z0-9]{2}$/.test(id) || id.slice(0, 2) !== type) {
      throw new RangeError('jurisdictionSubfile ids must be 3 characters starting with the same Z? subfile type');
    }
  }
  return [type, ids.map((id) => [id, String(elements[id])])];
}

function encodeSex(sex: AamvaFields['sex'], version: number): string | undefined {
  if (sex === undefined) return undefined;
  if (version === 1 && sex !== 'X') return sex;
  return { M: '1', F: '2', X: '9' }[sex];
}

function encodeHeight(height: string | undefined, version: number): Array<[string, string]> {
  if (height === undefined) return [];
  const match = /^(\d{1,3}) (in|cm)$/.exec(height);
  if (!match) throw new RangeError("height must look like '68 in' or '173 cm'");
  const value = Number(match[1]);
  if (version === 1) {
    return match[2] === 'in' ? [['DAU', `${Math.floor(value / 12)}${pad(value % 12, 2)}`]] : [['DAV', pad(value, 3)]];
  }
  return [['DAU', `${pad(value, 3)} ${match[2]?.toUpperCase()}`]];
}

function encodePostalCode(code: string | undefined): string | undefined {
  if (code === undefined) return undefined;
  const zip = /^(\d{5})(?:-(\d{4}))?$/.exec(code);
  return zip ? `${zip[1]}${zip[2] ?? '0000'}  ` : code;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}
