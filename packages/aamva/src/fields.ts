import { type DateOrder, parseAamvaDate } from './dates.js';
import { jurisdictionForIin } from './jurisdictions.js';
import type { AamvaFields, AamvaProblem } from './types.js';

/** Values issuers write where there is nothing (e.g. no middle name). */
const NO_VALUE = /^(NONE|UNAVL|UNAVAIL|UNAVAILABLE|N\/A)$/i;

/** Date elements: the three the typed result carries are errors when impossible, the rest warnings. */
const DATE_ELEMENTS: Record<string, keyof AamvaFields | null> = {
  DBB: 'dateOfBirth',
  DBA: 'expiryDate',
  DBD: 'issueDate',
  DDB: null, // card revision date
  DDC: null, // HAZMAT endorsement expiry
  DDH: null, // under 18 until
  DDI: null, // under 19 until
  DDJ: null, // under 21 until
  DBL: null, // alias date of birth (v1)
};

export interface FieldContext {
  version: number;
  iin: string;
}

/** The date order a payload uses: version 1 and Canadian issuers CCYYMMDD, others MMDDCCYY. */
export function dateOrderFor(version: number, iin: string, country: string | undefined): DateOrder {
  if (version === 1) return 'YMD';
  const resolved = country === 'USA' || country === 'CAN' ? country : jurisdictionForIin(iin)?.country;
  return resolved === 'CAN' ? 'YMD' : 'MDY';
}

/** Maps raw DL/ID elements of any version to typed fields, noting what cannot be read. */
export function mapFields(
  elements: Record<string, string>,
  context: FieldContext,
  problems: AamvaProblem[],
): AamvaFields {
  const value = (id: string): string | undefined => {
    const raw = elements[id]?.trim();
    return raw ? raw : undefined;
  };
  const present = (raw: string | undefined): string | undefined => (raw && !NO_VALUE.test(raw) ? raw : undefined);
  const fields: AamvaFields = {};

  // Names: DCS/DAC/DAD (v4+), DCS + DCT "given,middle" (v2-3), DAB/DAC/DAD or DAA "last,first,middle" (v1).
  const full = value('DAA')
    ?.split(/[,$]/)
    .map((part) => part.trim());
  // DCT holds "given,middle"; without a comma it is all given name (e.g. "MARY ANN"): spaces are ambiguous.
  const givenNames = value('DCT')
    ?.split(/[,$]/)
    .map((part) => part.trim())
    .filter(Boolean);
  fields.familyName = value('DCS') ?? value('DAB') ?? full?.[0];
  fields.givenName = value('DAC') ?? givenNames?.[0] ?? full?.[1];
  fields.middleName = present(
    value('DAD') ?? (givenNames && givenNames.length > 1 ? givenNames.slice(1).join(' ') : full?.[2]),
  );
  fields.nameSuffix = present(value('DCU') ?? value('DAE'));

  const country = value('DCG')?.toUpperCase();
  const order = dateOrderFor(context.version, context.iin, country);
  for (const [id, field] of Object.entries(DATE_ELEMENTS)) {
    const raw = value(id);
    if (raw === undefined) continue;
    let iso = parseAamvaDate(raw, order);
    if (iso === null) {
      iso = parseAamvaDate(raw, order === 'YMD' ? 'MDY' : 'YMD');
      if (iso !== null) {
        problems.push({
          severity: 'warning',
          code: 'date_order',
          message: `Element ${id} is in the other date order.`,
          element: id,
        });
      }
    }
    if (iso === null) {
      problems.push({
        severity: field ? 'error' : 'warning',
        code: 'invalid_date',
        message: `Element ${id} is not a real calendar date.`,
        element: id,
      });
    } else if (field) {
      (fields as Record<string, string>)[field] = iso;
    }
  }

  const sex = value('DBC')?.toUpperCase();
  if (sex !== undefined) {
    const mapped = ({ '1': 'M', M: 'M', '2': 'F', F: 'F', '9': 'X', X: 'X' } as const)[sex as '1'];
    if (mapped) fields.sex = mapped;
    else
      problems.push({
        severity: 'warning',
        code: 'invalid_value',
        message: 'Element DBC is not a known sex code.',
        element: 'DBC',
      });
  }

  fields.documentNumber = value('DAQ');
  fields.issuer = jurisdictionForIin(context.iin)?.code ?? value('DAJ')?.toUpperCase();
  fields.addressStreet = value('DAG');
  fields.addressStreet2 = present(value('DAH'));
  fields.addressCity = value('DAI');
  fields.addressSubdivision = value('DAJ')?.toUpperCase();
  fields.addressPostalCode = normalisePostalCode(value('DAK'));
  fields.addressCountry = country;
  fields.height = normaliseHeight(value('DAU'), value('DAV'), context.version);
  fields.eyeColor = value('DAY')?.toUpperCase();
  fields.documentDiscriminator = value('DCF');

  for (const [id, field] of [
    ['DDE', 'familyNameTruncated'],
    ['DDF', 'givenNameTruncated'],
    ['DDG', 'middleNameTruncated'],
  ] as const) {
    const flag = value(id)?.toUpperCase();
    if (flag === undefined) continue;
    if (flag === 'T' || flag === 'N' || flag === 'U') fields[field] = flag;
    else
      problems.push({
        severity: 'warning',
        code: 'invalid_value',
        message: `Element ${id} is not T, N or U.`,
        element: id,
      });
  }

  for (const key of Object.keys(fields) as Array<keyof AamvaFields>) if (fields[key] === undefined) delete fields[key];
  return fields;
}

/** US ZIP+4 written as 9 digits becomes `12345-6789` (`12345` when the +4 is zeros); others are trimmed. */
function normalisePostalCode(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const compact = raw.replace(/\s+$/, '');
  const zip = /^(\d{5})-?(\d{4})?$/.exec(compact);
  if (zip) return zip[2] && zip[2] !== '0000' ? `${zip[1]}-${zip[2]}` : zip[1];
  return compact.toUpperCase();
}

/** `068 IN` / `175 CM` (v2+), `508` feet+inches (v1), or DAV centimetres, as `68 in` / `175 cm`. */
function normaliseHeight(dau: string | undefined, dav: string | undefined, version: number): string | undefined {
  if (dau !== undefined) {
    const unit = /^(\d{1,3})\s*(IN|CM)$/i.exec(dau);
    if (unit) return `${Number(unit[1])} ${unit[2]?.toLowerCase()}`;
    const feet = version === 1 ? /^(\d)-?(\d{2})$/.exec(dau) : null;
    if (feet) return `${Number(feet[1]) * 12 + Number(feet[2])} in`;
  }
  if (dav !== undefined && /^\d{2,3}$/.test(dav)) return `${Number(dav)} cm`;
  return undefined;
}
