import { type AamvaFields, encodeAamva, iinForJurisdiction } from '@berbix-capture/aamva';
import { between, pick } from './random.js';

const FAMILY = [
  'GARCIA',
  'NGUYEN',
  "O'BRIEN",
  'TREMBLAY',
  'SMITH-JONES',
  'KOWALSKI',
  'WASHINGTON',
  'MACDONALD',
  'LI',
  'ABERNATHY',
];
const GIVEN = ['MARIA', 'JAMES', 'LINH', 'JEAN-PIERRE', 'AISHA', 'ROBERT', 'SOPHIE', 'DMITRI', 'GRACE', 'MOHAMMED'];
const STREETS = ['MAIN ST', 'OAK AVE', 'RUE SAINTE-CATHERINE', 'ELM DR', 'BROADWAY', 'MAPLE CRES', 'HIGHWAY 7'];
const CITIES = ['SPRINGFIELD', 'AUSTIN', 'TORONTO', 'SACRAMENTO', 'ALBANY', 'VANCOUVER', 'MONTREAL', 'TALLAHASSEE'];
const ISSUERS: ReadonlyArray<{ code: string; country: 'USA' | 'CAN'; postal: () => string }> = [
  { code: 'CA', country: 'USA', postal: () => '95814' },
  { code: 'TX', country: 'USA', postal: () => '73301-0001' },
  { code: 'NY', country: 'USA', postal: () => '12207' },
  { code: 'FL', country: 'USA', postal: () => '32301' },
  { code: 'ON', country: 'CAN', postal: () => 'M5V 2T6' },
  { code: 'BC', country: 'CAN', postal: () => 'V8W 9E2' },
  { code: 'QC', country: 'CAN', postal: () => 'G1R 4S9' },
];

function isoDate(random: () => number, fromYear: number, toYear: number): string {
  const year = Math.floor(between(random, fromYear, toYear + 1));
  const month = 1 + Math.floor(random() * 12);
  const day = 1 + Math.floor(random() * 28);
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * A plausible licence payload: random holder, one of several US and Canadian issuers, AAMVA
 * version 3..10 (mostly recent, as on cards in circulation), with a jurisdiction subfile. About
 * 300-450 bytes, like real cards.
 */
export function randomLicencePayload(random: () => number): { payload: string; fields: AamvaFields; version: number } {
  const issuer = pick(random, ISSUERS);
  const version = pick(random, [3, 5, 6, 8, 8, 9, 9, 10, 10, 10]);
  const number = String(Math.floor(between(random, 10_000_000, 99_999_999)));
  const fields: AamvaFields = {
    familyName: pick(random, FAMILY),
    givenName: pick(random, GIVEN),
    middleName: pick(random, GIVEN),
    dateOfBirth: isoDate(random, 1950, 2005),
    issueDate: isoDate(random, 2019, 2024),
    expiryDate: isoDate(random, 2027, 2032),
    sex: pick(random, ['M', 'F', 'X'] as const),
    documentNumber: `${issuer.code[0]}${number}`,
    issuer: issuer.code,
    addressStreet: `${Math.floor(between(random, 1, 9999))} ${pick(random, STREETS)}`,
    addressCity: pick(random, CITIES),
    addressSubdivision: issuer.code,
    addressPostalCode: issuer.postal(),
    addressCountry: issuer.country,
    height: `${Math.floor(between(random, 58, 76))} in`,
    eyeColor: pick(random, ['BRO', 'BLU', 'GRN', 'HAZ', 'GRY']),
    documentDiscriminator: `${number}${Math.floor(between(random, 1000, 9999))}/${issuer.code}/${Math.floor(between(random, 10, 99))}`,
    familyNameTruncated: 'N',
    givenNameTruncated: 'N',
    middleNameTruncated: 'N',
  };
  const z = `Z${issuer.code[0]}`;
  const payload = encodeAamva(fields, {
    version,
    iin: iinForJurisdiction(issuer.code) ?? '636014',
    jurisdictionVersion: Math.floor(between(random, 0, 10)),
    jurisdictionSubfile: {
      [`${z}A`]: pick(random, ['Y', 'N']),
      [`${z}B`]: 'CORR LENS',
      [`${z}C`]: `${number.slice(0, 6)}XYZ`,
    },
  });
  return { payload, fields, version };
}
