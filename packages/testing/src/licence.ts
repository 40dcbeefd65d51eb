import { encodeAamva } from '@berbix-capture/aamva';

/** The AAMVA text of the licence the element's tests show and send: one holder, valid dates. */
export const TEST_LICENCE_PAYLOAD = encodeAamva(
  {
    familyName: 'MORGAN',
    givenName: 'ALEX',
    dateOfBirth: '1988-02-29',
    issueDate: '2021-06-15',
    expiryDate: '2029-02-28',
    sex: 'F',
    documentNumber: 'A1234567',
    addressStreet: '1 MAIN ST',
    addressCity: 'SPRINGFIELD',
    issuer: 'CA',
  },
  { version: 8 },
);
