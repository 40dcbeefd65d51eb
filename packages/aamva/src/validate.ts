import type { AamvaFields, AamvaProblem } from './types.js';

/** A list of element ids written as one space-separated line, so the versions read side by side. */
const ids = (list: string): string[] => list.split(' ');

/**
 * Elements the standard makes mandatory, by version. Their absence is a warning, because issuers
 * routinely omit some (eye colour, discriminator); the identity-critical ones in CRITICAL are errors.
 */
const MANDATORY_V1 = ids('DAQ DAG DAI DAJ DAK DBA DBB DBC DBD');
const MANDATORY_V2 = ids('DCA DCB DCD DBA DCS DCT DBD DBB DBC DAY DAU DAG DAI DAJ DAK DAQ DCF DCG');
const MANDATORY_V4 = ids('DCA DCB DCD DBA DCS DAC DAD DBD DBB DBC DAY DAU DAG DAI DAJ DAK DAQ DCF DCG DDE DDF DDG');
/** Licence-only elements (class, restrictions, endorsements) that an ID card does not carry. */
const LICENCE_ONLY = new Set(['DCA', 'DCB', 'DCD']);

/** Typed fields without which a document cannot identify its holder: missing means invalid. */
const CRITICAL: Array<[keyof AamvaFields, string]> = [
  ['documentNumber', 'DAQ'],
  ['familyName', 'DCS'],
  ['givenName', 'DAC'],
  ['dateOfBirth', 'DBB'],
  ['expiryDate', 'DBA'],
];

export function mandatoryElements(version: number, documentType: 'DL' | 'ID'): string[] {
  const list = version === 1 ? MANDATORY_V1 : version < 4 ? MANDATORY_V2 : MANDATORY_V4;
  return documentType === 'ID' ? list.filter((id) => !LICENCE_ONLY.has(id)) : list;
}

/** Adds problems for missing elements and for dates that contradict each other. */
export function validateDocument(
  elements: Record<string, string>,
  fields: AamvaFields,
  version: number,
  documentType: 'DL' | 'ID',
  problems: AamvaProblem[],
  today: string,
): void {
  const invalidDates = new Set(problems.filter((p) => p.code === 'invalid_date').map((p) => p.element));
  for (const [field, element] of CRITICAL) {
    if (fields[field] === undefined && !invalidDates.has(element)) {
      problems.push({
        severity: 'error',
        code: 'missing_element',
        message: `Mandatory ${String(field)} (${element}) is missing.`,
        element,
      });
    }
  }
  const critical = new Set(CRITICAL.map(([, element]) => element));
  const names = version === 1 ? new Set(['DAA', 'DAB', 'DAC']) : new Set<string>();
  for (const id of mandatoryElements(version, documentType)) {
    if (critical.has(id) || names.has(id) || elements[id]?.trim()) continue;
    if ((id === 'DCS' && elements.DAB) || (id === 'DAC' && elements.DCT)) continue;
    problems.push({
      severity: 'warning',
      code: 'missing_element',
      message: `Mandatory element ${id} is missing.`,
      element: id,
    });
  }

  const { dateOfBirth, issueDate, expiryDate } = fields;
  if (dateOfBirth && dateOfBirth > today) {
    problems.push({
      severity: 'error',
      code: 'impossible_date',
      message: 'The date of birth is in the future.',
      element: 'DBB',
    });
  }
  if (dateOfBirth && issueDate && issueDate < dateOfBirth) {
    problems.push({
      severity: 'error',
      code: 'impossible_date',
      message: 'The issue date is before the date of birth.',
      element: 'DBD',
    });
  }
  if (issueDate && expiryDate && expiryDate < issueDate) {
    problems.push({
      severity: 'error',
      code: 'impossible_date',
      message: 'The expiry date is before the issue date.',
      element: 'DBA',
    });
  }
}
