import { type AamvaFields, encodeAamva } from '@berbix-capture/aamva';

/** A fictional licence holder, born `age` years before `now` (default: an adult of 34). */
export function licenceFields(overrides: Partial<AamvaFields> = {}): AamvaFields {
  return {
    familyName: 'SAMPLE',
    givenName: 'ALEX',
    middleName: 'JORDAN',
    dateOfBirth: '1990-01-31',
    expiryDate: '2099-01-31',
    issueDate: '2022-01-31',
    sex: 'F',
    documentNumber: 'D1234567',
    addressStreet: '123 MAIN ST',
    addressCity: 'SACRAMENTO',
    addressSubdivision: 'CA',
    addressPostalCode: '95814',
    addressCountry: 'USA',
    ...overrides,
  };
}

export function licencePayload(overrides: Partial<AamvaFields> = {}, documentType: 'DL' | 'ID' = 'DL'): string {
  return encodeAamva(licenceFields(overrides), { documentType });
}

/** An ISO date `years` years before today (UTC), shifted by `days`. */
export function yearsAgo(years: number, days = 0): string {
  const now = new Date();
  const date = new Date(Date.UTC(now.getUTCFullYear() - years, now.getUTCMonth(), now.getUTCDate() + days));
  return date.toISOString().slice(0, 10);
}

/**
 * A well-formed AAMVA file whose only subfile is a jurisdiction one (`ZV`): no DL or ID subfile,
 * i.e. a document the flow does not support.
 */
export function jurisdictionOnlyPayload(): string {
  const body = 'ZVZVA1234\r';
  const header = '@\n\x1e\rANSI 636014' + '10' + '00' + '01';
  const offset = header.length + 10;
  return `${header}ZV${String(offset).padStart(4, '0')}${String(body.length).padStart(4, '0')}${body}`;
}
