import { type IdType, isIdType } from '@berbix-capture/protocol';

/**
 * How the element reads the attributes whose values need more than a type: any case and spaces
 * around are accepted, and a value that names nothing counts as unset instead of failing, as an
 * HTML attribute's typo should.
 */

/** `auto-capture` is on unless the attribute says `false` or `off`. */
export const onUnlessFalse = {
  fromAttribute: (value: string | null) => value === null || !/^(false|off|0)$/i.test(value.trim()),
  toAttribute: (value: boolean) => (value ? null : 'false'),
};

/** The `id-type` attribute's document type, when it names one. */
export function idTypeOf(value: string | undefined): IdType | null {
  const type = value?.trim().toUpperCase();
  return type && isIdType(type) ? type : null;
}

/** The `id-country` attribute's country (ISO 3166-1 alpha-2), when it names one. */
export function countryOf(value: string | undefined): string | null {
  const country = value?.trim().toUpperCase();
  return country && /^[A-Z]{2}$/.test(country) ? country : null;
}
