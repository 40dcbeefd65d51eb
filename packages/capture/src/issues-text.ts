import { ISSUE_CODES, type IssueCode, type IssueDetails } from '@berbix-capture/protocol';
import type { CaptureStrings } from './i18n.js';

/** One issue as the person reads it. */
export interface IssueMessage {
  code: IssueCode;
  message: string;
  advice: string;
}

/** Importance of a code: Berbix's order, unknown codes last (in the order they came). */
function rank(code: IssueCode): number {
  const index = (ISSUE_CODES as readonly string[]).indexOf(code);
  return index === -1 ? ISSUE_CODES.length : index;
}

/**
 * Turns `issues` and `issueDetails` into messages, most important first, one per distinct message
 * (several unknown codes read as one fallback).
 */
export function describeIssues(issues: readonly IssueCode[], details: IssueDetails, t: CaptureStrings): IssueMessage[] {
  const sorted = [...new Set(issues)].sort((a, b) => rank(a) - rank(b));
  const messages: IssueMessage[] = [];
  for (const code of sorted) {
    const text = textFor(code, details, t);
    if (!messages.some((m) => m.message === text.message)) messages.push({ code, ...text });
  }
  return messages;
}

function textFor(code: IssueCode, details: IssueDetails, t: CaptureStrings): { message: string; advice: string } {
  switch (code) {
    case 'text_unreadable':
      return { message: t.issueTextUnreadable, advice: t.issueTextUnreadableAdvice };
    case 'no_face_on_id_detected':
      return { message: t.issueNoFace, advice: t.issueNoFaceAdvice };
    case 'incomplete_barcode_detected':
      return { message: t.issueIncompleteBarcode, advice: t.issueIncompleteBarcodeAdvice };
    case 'unsupported_id_type':
      return details.unsupported_id_type?.visa_page_of_passport === true
        ? { message: t.issueVisaPage, advice: t.issueVisaPageAdvice }
        : { message: t.issueUnsupportedIdType, advice: t.issueUnsupportedIdTypeAdvice };
    case 'bad_upload':
      return { message: t.issueBadUpload, advice: t.issueBadUploadAdvice };
    default:
      return { message: t.issueUnknown, advice: t.issueUnknownAdvice };
  }
}
