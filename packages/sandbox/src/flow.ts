import { randomUUID } from 'node:crypto';
import type { IssueCode, IssueDetails, Step } from '@berbix-capture/protocol';
import type { UploadAnswerSchema } from '@berbix-capture/protocol/berbix';
import type * as v from 'valibot';
import type { SandboxServices } from './context.js';
import { computeResult, documentKey } from './results.js';
import { type ScenarioTarget, scenarioIssue } from './scenarios.js';
import type { TransactionRecord } from './state.js';
import { stepAfter } from './steps.js';

/** The 200 answer of an image or id-scan upload, as the contract's schema reads it. */
export type UploadAnswer = v.InferOutput<typeof UploadAnswerSchema>;

export interface AttemptOutcome {
  issues: IssueCode[];
  issueDetails: IssueDetails;
  /** The AAMVA payload this upload delivered, if any. */
  barcode?: Uint8Array;
  /** SHA-256 of an accepted front image. */
  frontDigest?: string;
}

/**
 * The issue a scenario forces on this attempt, if any. Counted against the attempts already made
 * at the step, so `*2` forces the first two uploads there and lets the third be inspected.
 */
export function forcedOutcome(
  tx: TransactionRecord,
  target: ScenarioTarget,
  attemptsSoFar: number,
): AttemptOutcome | undefined {
  const scenario = tx.scenario;
  if (!scenario || scenario.target !== target || attemptsSoFar >= scenario.times) return undefined;
  const { issue, details } = scenarioIssue(scenario.name);
  return { issues: [issue], issueDetails: details };
}

/**
 * Applies one upload's outcome to the step machine. An attempt with issues keeps the step unless
 * the step has already been retried `maxRetries` times: then, as Berbix does, the flow moves on
 * with `issues: []`. With the default of 2, the first three uploads of a step can be refused and
 * the fourth always moves on.
 */
export function settleAttempt(tx: TransactionRecord, outcome: AttemptOutcome, sandbox: SandboxServices): UploadAnswer {
  const retriesSoFar = tx.attempts;
  tx.attempts += 1;
  if (outcome.issues.length > 0 && retriesSoFar <= sandbox.maxRetries) {
    return { issues: outcome.issues, issue_details: outcome.issueDetails, next_step: tx.step };
  }
  if (outcome.barcode) tx.barcode = Buffer.from(outcome.barcode);
  if (outcome.frontDigest) tx.frontDigest = outcome.frontDigest;
  moveTo(tx, stepAfter(tx.step, tx.idType), sandbox);
  return { issues: [], issue_details: {}, next_step: tx.step };
}

/** An id scan that parsed: it carries everything the photos would, so the flow is done. */
export function acceptIdScan(tx: TransactionRecord, barcode: Uint8Array, sandbox: SandboxServices): UploadAnswer {
  tx.barcode = Buffer.from(barcode);
  moveTo(tx, 'done', sandbox);
  return { issues: [], issue_details: {}, next_step: 'done' };
}

function moveTo(tx: TransactionRecord, step: Step, sandbox: SandboxServices): void {
  tx.step = step;
  tx.attempts = 0;
  if (step === 'done') complete(tx, sandbox);
}

/** Computes the result, stamps `completed_at` and sends the webhook. */
function complete(tx: TransactionRecord, sandbox: SandboxServices): void {
  const now = new Date(sandbox.state.now());
  tx.completedAt = now;
  const preliminary = computeResult({ ...resultInput(tx), duplicate: false, now });
  const key = documentKey(preliminary);
  const duplicate =
    key !== undefined &&
    [...sandbox.state.transactions.values()].some(
      (other) =>
        other !== tx && !other.deleted && other.customerUid !== tx.customerUid && documentKey(other.result) === key,
    );
  tx.result = duplicate ? computeResult({ ...resultInput(tx), duplicate, now }) : preliminary;
  sandbox.webhooks?.send({
    transaction_id: tx.id,
    customer_uid: tx.customerUid,
    action: tx.result.action,
    dashboard_link: dashboardUrl(sandbox, tx),
    id: `evt_${randomUUID().replaceAll('-', '')}`,
    type: 'verification_finished',
  });
}

function resultInput(tx: TransactionRecord) {
  return {
    ...(tx.barcode && { barcode: tx.barcode }),
    ...(tx.idType && { idType: tx.idType }),
    ...(tx.email && { email: tx.email }),
    ...(tx.phone && { phone: tx.phone }),
  };
}

export function dashboardUrl(sandbox: SandboxServices, tx: TransactionRecord): string {
  return `${sandbox.dashboardBase}/transaction?id=${tx.id}`;
}
