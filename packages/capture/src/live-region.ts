import { GUIDANCE_TEXT, instruction, REVIEW_TEXT, reviewTitle, stepHeading } from './capture-view.js';
import type { StepFraming } from './flow/framing.js';
import type { FlowState } from './flow/state.js';
import type { CaptureStrings } from './i18n.js';
import { describeIssues, type IssueMessage } from './issues-text.js';

/**
 * What the element's polite live region says, from the flow's state alone: a screen reader hears
 * what a sighted person reads at a glance (the step, the guidance, the upload's trouble), and each
 * thing once, not at every frame or every second of a countdown.
 */

/** The last upload's reasons for a retake, in the person's words (none when Berbix gave none). */
export function issueMessages(t: CaptureStrings, issues: FlowState['issues']): IssueMessage[] {
  return issues ? describeIssues(issues.codes, issues.details, t) : [];
}

/**
 * What the live region says: guidance (held at least a second), issues, upload state.
 * `instructed`: the camera is live or not wanted (upload only), so the step's instruction applies;
 * while the camera is still being asked for or is refused, the screen says why instead.
 */
export function announcement(
  t: CaptureStrings,
  state: FlowState,
  framing: Pick<StepFraming, 'guidance' | 'barcodeAdvice'>,
  instructed: boolean,
): string {
  const { view, notice, photo, step, idType } = state;
  const { guidance, barcodeAdvice } = framing;
  switch (view) {
    case 'capture': {
      // A notice (a photo that could not be taken or read) first: it answers what the person just
      // did. Then issues from the last upload, then live guidance, else what to do on this step.
      if (notice) return t[notice];
      // Said once: the text stays while the guidance goes on changing on screen.
      if (barcodeAdvice) return t.barcodeUnreadable;
      const issues = issueMessages(t, state.issues);
      if (issues.length > 0 && !guidance) return issues.map((i) => `${i.message} ${i.advice}`).join(' ');
      if (guidance && guidance !== 'looking') return t[GUIDANCE_TEXT[guidance]];
      // Where this step is and what it shows, then what to do ("Step 1 of 2 · Front of your ID. Place...").
      return instructed ? `${stepHeading(t, step, idType)}. ${instruction(t, step, idType)}` : '';
    }
    case 'uploading': {
      // Said once when the connection is lost (not again at each retry), and once when offline.
      const { connection } = state;
      if (connection?.status === 'offline') return t.offline;
      return connection && (connection.status === 'reconnecting' || connection.tries > 0) ? t.reconnecting : '';
    }
    case 'preparing':
      return t.preparing;
    case 'review': {
      // Which side this photo is, then what looks wrong with it, if anything.
      const key = photo?.warning ? REVIEW_TEXT[photo.warning] : undefined;
      const title = reviewTitle(t, step, idType);
      return key ? `${title}. ${t[key]}` : title;
    }
    default:
      return '';
  }
}
