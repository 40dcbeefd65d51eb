import type { AamvaFields } from '@berbix-capture/aamva';
import type { FieldName } from '@berbix-capture/protocol/berbix';

/**
 * The Berbix field each AAMVA field of a barcode is reported under (address fields come from the
 * barcode only). Its own module and export so tests can check a transaction against the holder
 * they encoded without loading the sandbox's server.
 */
export const BARCODE_FIELDS: ReadonlyArray<readonly [keyof AamvaFields, FieldName]> = [
  ['givenName', 'given_name'],
  ['middleName', 'middle_name'],
  ['familyName', 'family_name'],
  ['dateOfBirth', 'date_of_birth'],
  ['sex', 'sex'],
  ['expiryDate', 'id_expiry_date'],
  ['issueDate', 'id_issue_date'],
  ['documentNumber', 'id_number'],
  ['issuer', 'id_issuer'],
  ['addressStreet', 'address_street'],
  ['addressStreet2', 'address_unit'],
  ['addressCity', 'address_city'],
  ['addressSubdivision', 'address_subdivision'],
  ['addressPostalCode', 'address_postal_code'],
  ['addressCountry', 'address_country'],
];
