/**
 * Every text the element shows, plus `locale`. Each language is one file in this folder (en.ts, ar.ts,
 * …) holding every key but `locale` (the type `Translation`); a page can add or override a language
 * with `registerTranslation` and override texts per element with its `strings` property.
 *
 * Adding a key: add it here AND to every language file, truly translated (the i18n tests refuse a
 * missing key, a non-English text equal to the English one, and placeholders that differ from English).
 *
 * Placeholders: `{name}` is a value (numbers are written the language's way). A text with a count
 * chooses its words with a plural branch, e.g.
 *   `'{seconds, plural, one {Next try in # second} other {Next try in # seconds}}'`
 * and is filled with `fill(t.key, { seconds }, t.locale)` (i18n-format.ts). Each language writes the
 * branches its grammar needs: `one`/`other` in English, `one`/`few`/`many`/`other` in Polish, all six
 * (`zero`/`one`/`two`/`few`/`many`/`other`) in Arabic, only `other` in Japanese and Chinese; `=0`
 * matches exactly. A percent is a plain number: each language places the sign (`{percent} %` in French,
 * `{percent}٪` in Arabic).
 */
export interface CaptureStrings {
  /**
   * Not shown: the BCP 47 tag the texts are written in (set from the language's code), for plural
   * rules, numbers and times. Overrides of it are ignored.
   */
  locale: string;
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
  /** Where this step is in the document's steps: `{current}` and `{total}` are numbers. */
  stepCount: string;
  frontInstruction: string;
  backInstruction: string;
  passportInstruction: string;
  cameraLabel: string;
  shutter: string;
  switchCamera: string;
  torchOn: string;
  torchOff: string;
  guideNoDocument: string;
  guideTooFar: string;
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
  /** The photo path beside a live camera (a secondary action on phones). */
  uploadInstead: string;
  dropHint: string;
  reviewTitle: string;
  reviewFrontTitle: string;
  reviewBackTitle: string;
  reviewPassportTitle: string;
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
  /** `{percent}`: the upload's progress, 0 to 100. */
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
  /** Shown over the live preview from its first frame until the first frame is judged. */
  guideLooking: string;
  /** The upload bar's name, and the text before the first progress event. */
  sendingPhoto: string;
  /** The countdown to the next upload attempt while the connection is lost (`{seconds}`, plural branches). */
  nextTry: string;
  tryingAgain: string;
  tryNow: string;
  /** The main action when the camera is blocked or missing: the file chooser (the camera app on phones). */
  takePhoto: string;
  /** Before the steps that allow the camera again in this browser (camera-blocked-steps.ts). */
  allowCameraTitle: string;
  cameraStepIosSafari1: string;
  cameraStepIosSafari2: string;
  cameraStepAndroidChrome1: string;
  cameraStepAndroidChrome2: string;
  cameraStepChrome1: string;
  cameraStepChrome2: string;
  cameraStepFirefox1: string;
  cameraStepFirefox2: string;
  cameraStepSafari1: string;
  cameraStepSafari2: string;
  cameraStepOther1: string;
  cameraStepOther2: string;
  /** The last step: come back and press Try again (name that button as `tryAgain` does). */
  cameraStepThenRetry: string;
  // Continuing on a phone (the hand-off). `{time}` in `handoffExpires` is the code's expiry as a local time.
  handoffChoiceTitle: string;
  handoffChoiceAdvice: string;
  handoffContinueOnPhone: string;
  handoffUseThisCamera: string;
  handoffOfferTitle: string;
  handoffOfferAdvice: string;
  handoffQrLabel: string;
  handoffLinkLabel: string;
  handoffCopy: string;
  handoffCopied: string;
  handoffCopySelected: string;
  handoffExpires: string;
  handoffWaiting: string;
  handoffPhoneConnected: string;
  handoffFrontDone: string;
  handoffBackDone: string;
  handoffPassportDone: string;
  handoffUseComputerInstead: string;
  handoffWatchingTitle: string;
  handoffWatchingAdvice: string;
  handoffExpiredTitle: string;
  handoffExpiredAdvice: string;
  handoffNewCode: string;
  handoffOfferFailed: string;
  handoffOfferRateLimited: string;
  handoffBanner: string;
  handoffCancel: string;
  handoffCancelledTitle: string;
  handoffCancelledAdvice: string;
  handoffTakenBackTitle: string;
  handoffTakenBackAdvice: string;
  handoffUsedTitle: string;
  handoffUsedAdvice: string;
  handoffLinkExpiredTitle: string;
  handoffLinkExpiredAdvice: string;
  handoffInvalidTitle: string;
  handoffInvalidAdvice: string;
  handoffRateLimitedTitle: string;
  handoffRateLimitedAdvice: string;
  handoffUnreachableTitle: string;
  handoffUnreachableAdvice: string;
}

/** One language's texts: every key of `CaptureStrings` but `locale` (set from the language's code). */
export type Translation = Omit<CaptureStrings, 'locale'>;
