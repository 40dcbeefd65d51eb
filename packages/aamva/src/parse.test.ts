import { readFileSync } from 'node:fs';
import { TEST_LICENCE_HOLDER } from '@berbix-capture/testing/licence';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeAamva } from './encode.js';
import { MAX_PAYLOAD_LENGTH, parseAamva } from './parse.js';
import type { AamvaFields } from './types.js';

const SPECIMEN = readFileSync(
  new URL('../../../../shared/pdf417/dl-specimen/reverse_side_sample.txt', import.meta.url),
);

const codes = (result: ReturnType<typeof parseAamva>, severity: 'error' | 'warning') =>
  result.problems.filter((p) => p.severity === severity).map((p) => `${p.code}${p.element ? `:${p.element}` : ''}`);

describe('parseAamva on the California specimen (version 4)', () => {
  const result = parseAamva(new Uint8Array(SPECIMEN));

  it('reads the header and both subfiles', () => {
    expect(result).toMatchObject({
      valid: true,
      version: 4,
      iin: '636014',
      jurisdictionVersion: 0,
      documentType: 'DL',
    });
    expect(result.subfiles.map((s) => s.type)).toEqual(['DL', 'ZC']);
    expect(result.subfiles[1]?.elements).toMatchObject({ ZCA: 'Y', ZCB: 'CORR LENS', ZCC: 'BRN' });
    expect(Object.keys(result.elements)).toHaveLength(29);
  });

  it('maps the typed fields with US date order', () => {
    expect(result.fields).toMatchObject({
      familyName: 'LASTNAMEXYXYXYXYXYXYXYXYXXYXYXYXYXYXYXYX',
      givenName: 'FIRSTXYXYXYXYXYXYXYXYXXYXYXYXYXYXYXYXXYX',
      nameSuffix: 'SUFIX',
      dateOfBirth: '1977-10-31',
      expiryDate: '2014-10-31',
      issueDate: '2009-10-31',
      sex: 'M',
      documentNumber: 'D1234562 XYXYXYXYXYXYXYXYX',
      issuer: 'CA',
      addressSubdivision: 'CA',
      addressPostalCode: '00000',
      addressCountry: 'USA',
      height: '68 in',
      eyeColor: 'BRO',
      familyNameTruncated: 'U',
      givenNameTruncated: 'U',
      middleNameTruncated: 'U',
    });
  });

  it('reports what is off without failing: the placeholder DDB date and the ZC offset', () => {
    expect(codes(result, 'error')).toEqual([]);
    expect(codes(result, 'warning')).toEqual(expect.arrayContaining(['invalid_date:DDB', 'bad_subfile_offset']));
  });

  it('reads the same from a string as from bytes', () => {
    expect(parseAamva(SPECIMEN.toString('latin1'))).toEqual(result);
  });
});

/** The workspace's test licence holder with every optional field this parser reads. */
const PERSON: AamvaFields = {
  ...TEST_LICENCE_HOLDER,
  middleName: 'JORDAN',
  nameSuffix: 'JR',
  addressStreet2: 'APT 4',
  height: '66 in',
  eyeColor: 'GRN',
  documentDiscriminator: 'DD12345',
};

const JURISDICTIONS = [
  { issuer: 'CA', country: 'USA', postal: '95814-1234' },
  { issuer: 'TX', country: 'USA', postal: '73301' },
  { issuer: 'NY', country: 'USA', postal: '12207' },
  { issuer: 'ON', country: 'CAN', postal: 'M5V 2T6' },
  { issuer: 'BC', country: 'CAN', postal: 'V8W 9E2' },
  { issuer: 'QC', country: 'CAN', postal: 'G1R 4S9' },
];

describe('encodeAamva -> parseAamva round trip', () => {
  for (let version = 1; version <= 10; version++) {
    for (const j of JURISDICTIONS) {
      for (const documentType of ['DL', 'ID'] as const) {
        it(`version ${version}, ${j.issuer}, ${documentType}`, () => {
          const doc: AamvaFields = {
            ...PERSON,
            issuer: j.issuer,
            addressSubdivision: j.issuer,
            addressPostalCode: j.postal,
            addressCountry: j.country,
            ...(version >= 4 ? { familyNameTruncated: 'N', givenNameTruncated: 'N', middleNameTruncated: 'T' } : {}),
          };
          const payload = encodeAamva(doc, {
            version,
            documentType,
            jurisdictionVersion: 3,
            jurisdictionSubfile: { [`Z${j.issuer[0]}A`]: 'EXTRA', [`Z${j.issuer[0]}B`]: '42' },
          });
          const result = parseAamva(payload);
          expect(codes(result, 'error')).toEqual([]);
          expect(codes(result, 'warning')).toEqual([]);
          expect(result).toMatchObject({
            valid: true,
            version,
            documentType,
            jurisdictionVersion: version >= 2 ? 3 : null,
          });
          const expected = { ...doc };
          if (version < 2) {
            // Version 1 has no country (DCG) or discriminator (DCF) elements.
            delete expected.addressCountry;
            delete expected.documentDiscriminator;
          }
          expect(result.fields).toEqual(expected);
          expect(result.subfiles[1]).toEqual({
            type: `Z${j.issuer[0]}`,
            elements: { [`Z${j.issuer[0]}A`]: 'EXTRA', [`Z${j.issuer[0]}B`]: '42' },
          });
        });
      }
    }
  }

  it('writes US dates MMDDCCYY, Canadian and version-1 dates CCYYMMDD', () => {
    expect(parseAamva(encodeAamva({ ...PERSON, issuer: 'TX' }, { version: 8 })).elements.DBB).toBe('02291988');
    expect(parseAamva(encodeAamva({ ...PERSON, issuer: 'ON' }, { version: 8 })).elements.DBB).toBe('19880229');
    expect(parseAamva(encodeAamva({ ...PERSON, issuer: 'TX' }, { version: 1 })).elements.DBB).toBe('19880229');
  });

  it('uses the version-1 names (DAA, DAB, DAE) and the version-2 given names (DCT)', () => {
    const v1 = parseAamva(encodeAamva(PERSON, { version: 1 }));
    expect(v1.elements).toMatchObject({ DAA: 'MORGAN,ALEX,JORDAN', DAB: 'MORGAN', DAE: 'JR', DBC: 'F', DAU: '506' });
    const v2 = parseAamva(encodeAamva(PERSON, { version: 2 }));
    expect(v2.elements).toMatchObject({ DCS: 'MORGAN', DCT: 'ALEX,JORDAN', DCU: 'JR', DBC: '2' });
  });

  it('keeps fields for arbitrary printable values', () => {
    const text = fc.stringMatching(/^[A-Z][A-Z0-9 '-]{0,30}[A-Z0-9]$/);
    const date = fc
      .date({ min: new Date('1900-01-01'), max: new Date('2020-12-31'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(text, text, text, date, fc.integer({ min: 1, max: 10 }), (family, given, number, dob, version) => {
        const doc: AamvaFields = {
          familyName: family,
          givenName: given,
          documentNumber: number,
          dateOfBirth: dob,
          expiryDate: '2031-01-01',
        };
        const result = parseAamva(encodeAamva(doc, { version }));
        expect(result.valid).toBe(true);
        expect(result.fields).toMatchObject(doc);
      }),
      { numRuns: 200 },
    );
  });

  it('refuses values it cannot encode', () => {
    expect(() => encodeAamva({ ...PERSON, familyName: 'A\nDAQX' })).toThrow(RangeError);
    expect(() => encodeAamva({ ...PERSON, dateOfBirth: '1990-02-30' })).toThrow(RangeError);
    expect(() => encodeAamva(PERSON, { version: 11 })).toThrow(RangeError);
    expect(() => encodeAamva(PERSON, { iin: '63601' })).toThrow(RangeError);
    expect(() => encodeAamva(PERSON, { jurisdictionSubfile: { ZCA: 'x', ZDB: 'y' } })).toThrow(RangeError);
    expect(() => encodeAamva({ ...PERSON, height: 'tall' })).toThrow(RangeError);
  });
});

describe('parseAamva on real-world header variations', () => {
  const good = encodeAamva(
    { ...PERSON, addressStreet: '9 ELM', addressCity: 'X', addressSubdivision: 'CA', addressPostalCode: '90001' },
    { version: 9 },
  );

  it('tolerates lost separators before "ANSI" and CR LF line ends', () => {
    const mangled = parseAamva(good.replace('@\n\x1e\r', '@\n\r').replace(/(?<=DL.*?)\n/gs, '\r\n'));
    expect(mangled.valid).toBe(true);
    expect(mangled.fields.familyName).toBe('MORGAN');
    expect(codes(mangled, 'warning')).toContain('nonstandard_header');
  });

  it('finds a subfile whose directory offset is wrong', () => {
    const shifted = good.replace(
      /DL(\d{4})/,
      (_, offset: string) => `DL${String(Number(offset) + 3).padStart(4, '0')}`,
    );
    const result = parseAamva(shifted);
    expect(result.valid).toBe(true);
    expect(codes(result, 'warning')).toContain('bad_subfile_offset');
  });

  it('reads a version 0 ("AAMVA") header as version 1 with a warning', () => {
    const v1 = encodeAamva(PERSON, { version: 1 }).replace('ANSI 63601401', 'AAMVA63601400');
    const result = parseAamva(v1);
    expect(result).toMatchObject({ valid: true, version: 1 });
    expect(codes(result, 'warning')).toContain('unknown_version');
  });

  it('accepts dates in the other order with a warning', () => {
    const result = parseAamva(good.replace(/DBB\d{8}/, 'DBB19880229'));
    expect(result.fields.dateOfBirth).toBe('1988-02-29');
    expect(codes(result, 'warning')).toContain('date_order:DBB');
  });
});

describe('parseAamva on malformed and hostile input', () => {
  const good = encodeAamva(PERSON, { version: 10 });

  it.each([
    ['empty', '', 'empty'],
    ['oversized', `@\n\x1e\rANSI ${'9'.repeat(MAX_PAYLOAD_LENGTH)}`, 'too_large'],
    ['no header', 'hello world', 'bad_header'],
    ['a URL in a QR-like payload', 'https://example.com/ANSI', 'bad_header'],
    ['IIN not digits', good.replace('636014', '63A014'), 'bad_header'],
    ['version not digits', good.replace('ANSI 63601410', 'ANSI 636014XX'), 'bad_header'],
    ['header cut short', good.slice(0, 14), 'bad_header'],
    ['no DL or ID subfile', good.replace(/DL(?=\d{8})/, 'ZZ').replace(/DL(?=DCA)/, 'ZZ'), 'missing_subfile'],
  ])('%s -> %s', (_name, input, code) => {
    const result = parseAamva(input);
    expect(result.valid).toBe(false);
    expect(codes(result, 'error')).toContain(code);
  });

  it('rejects impossible and contradicting dates', () => {
    expect(codes(parseAamva(good.replace(/DBB\d{8}/, 'DBB02301988')), 'error')).toContain('invalid_date:DBB');
    expect(codes(parseAamva(good.replace(/DBB\d{8}/, 'DBB01012150')), 'error')).toContain('impossible_date:DBB');
    expect(codes(parseAamva(good.replace(/DBA\d{8}/, 'DBA01012000')), 'error')).toContain('impossible_date:DBA');
    expect(codes(parseAamva(good.replace(/DBD\d{8}/, 'DBD01011970')), 'error')).toContain('impossible_date:DBD');
  });

  it('names a missing mandatory element', () => {
    const result = parseAamva(good.replace(/DAQ[^\n\r]*\n/, ''));
    expect(result.valid).toBe(false);
    expect(codes(result, 'error')).toEqual(['missing_element:DAQ']);
  });

  it('warns on unknown codes and junk lines but keeps the document', () => {
    const result = parseAamva(good.replace(/DBC\d/, 'DBC7').replace('\nDAY', '\n??junk\nDAY'));
    expect(result.valid).toBe(true);
    expect(result.fields.sex).toBeUndefined();
    expect(codes(result, 'warning')).toEqual(expect.arrayContaining(['invalid_value:DBC', 'malformed_element']));
  });

  it('never throws and never echoes payload values in messages, for any truncation or garbage', () => {
    for (let cut = 0; cut < good.length; cut++) parseAamva(good.slice(0, cut));
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.uint8Array({ maxLength: 600 }),
          fc.constant(good).chain((g) => fc.nat(g.length).map((n) => g.slice(n))),
        ),
        (input) => {
          const result = parseAamva(input);
          for (const problem of result.problems) expect(problem.message).not.toContain('MORGAN');
        },
      ),
      { numRuns: 300 },
    );
    expect(parseAamva(42 as unknown as string).problems[0]?.code).toBe('invalid_input');
  });
});
