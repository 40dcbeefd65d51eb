import type { IssueCode, IssueDetails } from '@berbix-capture/protocol';

/**
 * Scenarios force an issue without a special image, so demos and tests can show each issue on
 * purpose. A `customer_uid` or `template_key` that starts with
 *
 *     scenario:<name>@<front|back|idscan>[*<times>|*always]
 *
 * (optionally followed by `;` and anything, e.g. `scenario:text_unreadable@front;user-42`) makes the
 * first `<times>` uploads (default 1) at that step answer the named issue instead of being
 * inspected. After that, real inspection applies, so the retake path is walked too. `*always` keeps
 * the issue until the retries run out (then the flow moves on with `issues: []`, as always).
 */
export const SCENARIO_NAMES = [
  'text_unreadable',
  'no_face_on_id_detected',
  'incomplete_barcode_detected',
  'unsupported_id_type',
  'visa_page_of_passport',
  'bad_upload',
] as const;
export type ScenarioName = (typeof SCENARIO_NAMES)[number];
const IDSCAN_SCENARIOS: readonly ScenarioName[] = ['bad_upload', 'incomplete_barcode_detected', 'unsupported_id_type'];
export type ScenarioTarget = 'front' | 'back' | 'idscan';

export interface Scenario {
  name: ScenarioName;
  target: ScenarioTarget;
  /** How many uploads at the target step get the issue; Infinity for `*always`. */
  times: number;
}

const PATTERN = /^scenario:([a-z_]+)@(front|back|idscan)(?:\*(\d{1,3}|always))?(?:;|$)/;

/** The scenario a customer uid or template key names, or undefined (also for unknown names). */
export function parseScenario(value: string): Scenario | undefined {
  const match = PATTERN.exec(value);
  if (!match) return undefined;
  const [, name, target, times] = match;
  if (!(SCENARIO_NAMES as readonly string[]).includes(name ?? '')) return undefined;
  // An id scan has no picture: only barcode issues can happen to it.
  if (target === 'idscan' && !IDSCAN_SCENARIOS.includes(name as ScenarioName)) return undefined;
  return {
    name: name as ScenarioName,
    target: target as ScenarioTarget,
    times: times === undefined ? 1 : times === 'always' ? Number.POSITIVE_INFINITY : Number(times),
  };
}

/** Whether a value looks like a scenario but names none: creation answers 400 rather than ignore a typo. */
export function looksLikeScenario(value: string): boolean {
  return value.startsWith('scenario:');
}

/** The issue (and its details) a scenario forces. */
export function scenarioIssue(name: ScenarioName): { issue: IssueCode; details: IssueDetails } {
  if (name === 'visa_page_of_passport') {
    return { issue: 'unsupported_id_type', details: { unsupported_id_type: { visa_page_of_passport: true } } };
  }
  return { issue: name, details: {} };
}
