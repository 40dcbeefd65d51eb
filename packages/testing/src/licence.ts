import { type AamvaFields, encodeAamva } from '@berbix-capture/aamva';

/**
 * The fictional holder of the element's test licence (born on a leap day, valid dates), without an
 * issuer so tests can issue it anywhere; the AAMVA parser's round trips add every optional field.
 */
export const TEST_LICENCE_HOLDER: AamvaFields = {
  familyName: 'MORGAN',
  givenName: 'ALEX',
  dateOfBirth: '1988-02-29',
  issueDate: '2021-06-15',
  expiryDate: '2029-02-28',
  sex: 'F',
  documentNumber: 'A1234567',
  addressStreet: '1 MAIN ST',
  addressCity: 'SPRINGFIELD',
};

/** The AAMVA text of the licence the element's tests show and send: that holder, from California. */
export const TEST_LICENCE_PAYLOAD = encodeAamva({ ...TEST_LICENCE_HOLDER, issuer: 'CA' }, { version: 8 });
