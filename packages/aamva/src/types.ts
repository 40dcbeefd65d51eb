/** Typed, normalised fields of an AAMVA DL/ID payload. Every field is optional: absent means not present or not readable. */
export interface AamvaFields {
  familyName?: string;
  givenName?: string;
  middleName?: string;
  nameSuffix?: string;
  /** ISO `YYYY-MM-DD`. */
  dateOfBirth?: string;
  /** ISO `YYYY-MM-DD`. */
  expiryDate?: string;
  /** ISO `YYYY-MM-DD`. */
  issueDate?: string;
  sex?: 'M' | 'F' | 'X';
  documentNumber?: string;
  /** Issuing jurisdiction code, e.g. `CA`: from the IIN when known, else from DAJ. */
  issuer?: string;
  addressStreet?: string;
  addressStreet2?: string;
  addressCity?: string;
  addressSubdivision?: string;
  /** US ZIP as `12345` or `12345-6789`; Canadian postal code as printed, trimmed. */
  addressPostalCode?: string;
  /** `USA` or `CAN` as in DCG. */
  addressCountry?: string;
  /** `68 in` or `173 cm`. */
  height?: string;
  /** ANSI D-20 code, e.g. `BRO`. */
  eyeColor?: string;
  familyNameTruncated?: 'T' | 'N' | 'U';
  givenNameTruncated?: 'T' | 'N' | 'U';
  middleNameTruncated?: 'T' | 'N' | 'U';
  /** DCF, the document discriminator. */
  documentDiscriminator?: string;
}

/** One thing wrong with a payload. `error` makes the result invalid; `warning` does not. */
export interface AamvaProblem {
  severity: 'error' | 'warning';
  /** Stable machine-readable code, e.g. `missing_element`, `invalid_date`, `bad_header`. */
  code: string;
  /** Human-readable explanation. Never contains a field value from the payload. */
  message: string;
  /** The element id concerned, when there is one (e.g. `DBB`). */
  element?: string;
}

export interface AamvaSubfile {
  /** Two-character subfile type: `DL`, `ID`, or a jurisdiction-specific `Z?`. */
  type: string;
  elements: Record<string, string>;
}

export interface AamvaResult {
  /** True when there is no problem of severity `error`. */
  valid: boolean;
  version: number | null;
  iin: string | null;
  jurisdictionVersion: number | null;
  documentType: 'DL' | 'ID' | null;
  fields: AamvaFields;
  /** Raw element id -> value of the DL/ID subfile. */
  elements: Record<string, string>;
  subfiles: AamvaSubfile[];
  problems: AamvaProblem[];
}

export interface EncodeAamvaOptions {
  /** AAMVA version 1..10, default 10. */
  version?: number;
  /** Six-digit issuer identification number, default `636014` (California). */
  iin?: string;
  /** Jurisdiction version 0..99, default 0 (not written for version 1). */
  jurisdictionVersion?: number;
  /** Default `DL`. */
  documentType?: 'DL' | 'ID';
  /** Elements of a jurisdiction subfile, ids like `ZCA`; the subfile type is the first two characters. */
  jurisdictionSubfile?: Record<string, string>;
}
