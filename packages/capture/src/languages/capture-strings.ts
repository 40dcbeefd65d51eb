import type { HandoffStrings } from '../i18n-handoff.js';

/**
 * Every text the element shows (the hand-off texts are listed in `HandoffStrings`). A language must
 * define every key (the type checks it); a page can override any of them through the element's
 * `strings` property. `{percent}` in `sending` is replaced by the upload progress.
 */
export interface CaptureStrings extends HandoffStrings {
  starting: string;
  chooseTypeTitle: string;
  idTypeDL: string;
  idTypeID: string;
  idTypePRC: string;
  idTypePC: string;
  idTypeP: string;
  frontTitle: string;
  backTitle: string;
  passportTitle: string;
  frontInstruction: string;
  backInstruction: string;
  passportInstruction: string;
  cameraLabel: string;
  shutter: string;
  switchCamera: string;
  torchOn: string;
  torchOff: string;
  guideNoDocument: string;
  guideTooDark: string;
  guideTooBright: string;
  guideGlare: string;
  guideBlurry: string;
  guideMoving: string;
  guideGood: string;
  guideWrongSide: string;
  guideShowBarcode: string;
  guideReadingBarcode: string;
  barcodeUnreadable: string;
  cameraDeniedTitle: string;
  cameraDeniedAdvice: string;
  cameraUnavailableTitle: string;
  cameraUnavailableAdvice: string;
  cameraEndedTitle: string;
  tryAgain: string;
  uploadTitle: string;
  uploadAdvice: string;
  chooseFile: string;
  dropHint: string;
  reviewTitle: string;
  reviewAdvice: string;
  reviewImageAlt: string;
  reviewBlurry: string;
  reviewTooDark: string;
  reviewTooBright: string;
  reviewGlare: string;
  reviewNoDocument: string;
  reviewWrongSide: string;
  usePhoto: string;
  retake: string;
  preparing: string;
  sending: string;
  reconnecting: string;
  offline: string;
  uploadFailedTitle: string;
  uploadFailedAdvice: string;
  fileNotImage: string;
  fileTooLarge: string;
  shutterFailed: string;
  /** A worker the element needs (the photo encoder) could not start: nothing the person chose is at fault. */
  workerUnavailable: string;
  issuesTitle: string;
  issueTextUnreadable: string;
  issueTextUnreadableAdvice: string;
  issueNoFace: string;
  issueNoFaceAdvice: string;
  issueIncompleteBarcode: string;
  issueIncompleteBarcodeAdvice: string;
  issueUnsupportedIdType: string;
  issueUnsupportedIdTypeAdvice: string;
  issueVisaPage: string;
  issueVisaPageAdvice: string;
  issueBadUpload: string;
  issueBadUploadAdvice: string;
  issueUnknown: string;
  issueUnknownAdvice: string;
  finishedTitle: string;
  finishedAdvice: string;
  sessionErrorTitle: string;
  sessionErrorAdvice: string;
  sessionRestarted: string;
  unsupportedStepTitle: string;
  unsupportedStepAdvice: string;
}
