import { ID_TYPES, type IdType, type Step } from '@berbix-capture/protocol';
import { html, nothing } from 'lit';
import type { FoundCard } from './back-step.js';
import { renderCameraScreen } from './camera-screen.js';
import type { CompressedImage } from './compress.js';
import type { CameraController } from './controllers/camera.js';
import { renderCameraProblem } from './failure-views.js';
import type { GuidanceKey } from './guidance.js';
import type { PreviewBox } from './guide.js';
import { type CaptureStrings, fill } from './i18n.js';
import type { IssueMessage } from './issues-text.js';
import { renderStage } from './preview-stage.js';
import { fileInput } from './view-parts.js';

/**
 * The capture screens: choose a document type, the live camera with its file path, preparing,
 * review and sending. Pure rendering, like `handoff-view.ts`: the element owns the state and passes
 * it in; every press goes back through a callback, except the camera's own switch and torch buttons,
 * which call the `CameraController` they belong to.
 */

/** The photo on the review screen, kept until the server has answered. */
export interface CapturedPhoto {
  image: CompressedImage;
  url: string;
  barcode: string | null;
  /** A quality problem seen in a chosen file, shown as advice on the review screen. */
  warning: GuidanceKey | null;
}

export const GUIDANCE_TEXT: Record<GuidanceKey, keyof CaptureStrings> = {
  'no-document': 'guideNoDocument',
  'too-far': 'guideTooFar',
  'too-dark': 'guideTooDark',
  'too-bright': 'guideTooBright',
  glare: 'guideGlare',
  blurry: 'guideBlurry',
  moving: 'guideMoving',
  good: 'guideGood',
  'wrong-side': 'guideWrongSide',
  'show-barcode': 'guideShowBarcode',
  'reading-barcode': 'guideReadingBarcode',
  looking: 'guideLooking',
};

/** What a quality problem in a still photo is called on the review screen ("moving" cannot happen there). */
export const REVIEW_TEXT: Partial<Record<GuidanceKey, keyof CaptureStrings>> = {
  'no-document': 'reviewNoDocument',
  'too-far': 'reviewNoDocument',
  'too-dark': 'reviewTooDark',
  'too-bright': 'reviewTooBright',
  glare: 'reviewGlare',
  blurry: 'reviewBlurry',
  'wrong-side': 'reviewWrongSide',
};

const ID_TYPE_TEXT: Record<IdType, keyof CaptureStrings> = {
  DL: 'idTypeDL',
  ID: 'idTypeID',
  PRC: 'idTypePRC',
  PC: 'idTypePC',
  P: 'idTypeP',
};

export function stepTitle(t: CaptureStrings, step: Step | null, idType: IdType | null): string {
  if (step === 'upload_document_back') return t.backTitle;
  return idType === 'P' ? t.passportTitle : t.frontTitle;
}

/** How many photos this document takes: a passport its photo page, any other ID its front and back. */
export function stepCount(idType: IdType | null): number {
  return idType === 'P' ? 1 : 2;
}

/**
 * The heading of a step's screens (the camera, preparing, sending, a lost connection): "Step 1 of 2 ·
 * Front of your ID", so the person always sees where they are. A one-step document (a passport) is
 * just named: "Step 1 of 1" would say nothing.
 */
export function stepHeading(t: CaptureStrings, step: Step | null, idType: IdType | null): string {
  const total = stepCount(idType);
  const name = stepTitle(t, step, idType);
  if (total === 1) return name;
  const current = step === 'upload_document_back' ? 2 : 1;
  return `${fill(t.stepCount, { current, total }, t.locale)} · ${name}`;
}

/** The review screen's heading names the side: "Check the front of your ID". */
export function reviewTitle(t: CaptureStrings, step: Step | null, idType: IdType | null): string {
  if (step === 'upload_document_back') return t.reviewBackTitle;
  if (step === 'upload_document_front') return idType === 'P' ? t.reviewPassportTitle : t.reviewFrontTitle;
  return t.reviewTitle;
}

export function instruction(t: CaptureStrings, step: Step | null, idType: IdType | null): string {
  if (step === 'upload_document_back') return t.backInstruction;
  return idType === 'P' ? t.passportInstruction : t.frontInstruction;
}

export function renderChooseType(t: CaptureStrings, choose: (type: IdType) => void) {
  return html`
    <h2 tabindex="-1" id="choose-title">${t.chooseTypeTitle}</h2>
    <div class="types" role="group" aria-labelledby="choose-title">
      ${ID_TYPES.map(
        (type) =>
          html`<button type="button" class="secondary" data-id-type=${type} @click=${() => choose(type)}>
            ${t[ID_TYPE_TEXT[type]]}
          </button>`,
      )}
    </div>
  `;
}

export function renderPreparing(t: CaptureStrings, title: string) {
  return html`<h2 tabindex="-1">${title}</h2><p part="message">${t.preparing}</p>`;
}

/** The card found in a frame, with the size of that frame (its corners are in its pixels). */
export interface CardOutline {
  corners: FoundCard['corners'];
  frameWidth: number;
  frameHeight: number;
}

/** What the capture screen shows: the step, the camera, and what the person was last told. */
export interface CaptureScreen {
  step: Step | null;
  idType: IdType | null;
  notice: string | null;
  issues: IssueMessage[];
  camera: CameraController;
  noCamera: boolean;
  /** A phone can take over where this camera cannot be used. */
  phoneOffered: boolean;
  guidance: GuidanceKey | null;
  /** The card found in the latest frame, outlined over the preview. */
  card: CardOutline | null;
  /** The barcode wait ended without a read: say so beside the shutter. */
  barcodeAdvice: boolean;
  /** The document's width / height, for the guide. */
  aspect: number;
  /** The preview as last rendered: its frame size shapes the stage and the guide. */
  video: HTMLVideoElement | null;
  /** A file is being dragged over the drop zone. */
  dragging: boolean;
  /** The camera-first layout: the preview fills the element's box, the text and buttons over it. */
  cameraFirst: boolean;
  /** A touch device: no drop zone, no "drag" wording. */
  touch: boolean;
  /** The cover-fitted preview's box and guide area, as last measured (camera-first only). */
  previewBox: PreviewBox | null;
}

export interface CaptureScreenActions {
  shutter: () => void;
  useFile: (file: File | undefined) => Promise<void>;
  setDragging: (over: boolean) => void;
  retryCamera: () => void;
  offerToPhone: () => void;
}

export function renderCapture(t: CaptureStrings, screen: CaptureScreen, on: CaptureScreenActions) {
  const header = html`
    <h2 tabindex="-1">${stepHeading(t, screen.step, screen.idType)}</h2>
    ${screen.notice ? html`<p class="muted" data-notice>${screen.notice}</p>` : nothing}
    ${screen.issues.length > 0 ? html`<p><strong>${t.issuesTitle}</strong></p>` : nothing} ${renderIssues(screen.issues)}
  `;
  const upload = (title: string, advice: string, compact = false, retryCamera = false) =>
    renderUpload(t, screen.dragging, on, { title, advice, compact, retryCamera, touch: screen.touch });
  if (screen.noCamera) return html`${header}${upload(t.uploadTitle, t.uploadAdvice)}`;
  switch (screen.camera.status) {
    case 'live':
      if (screen.cameraFirst) return renderCameraScreen(t, screen, on, header);
      return html`${header}<p>${instruction(t, screen.step, screen.idType)}</p>${renderLive(t, screen, on)}${upload('', '', true)}`;
    case 'denied':
      return html`${header}${renderCameraProblem(t, 'denied', on)}
      ${renderPhoneOption(t, screen.phoneOffered, on.offerToPhone)}`;
    case 'unavailable':
      return html`${header}${renderCameraProblem(t, 'unavailable', on)}
      ${renderPhoneOption(t, screen.phoneOffered, on.offerToPhone)}`;
    case 'ended':
      return html`${header}${upload(t.cameraEndedTitle, t.uploadAdvice, false, true)}`;
    default:
      // While the camera is being asked for (a permission prompt may be open), the file path is already there.
      if (screen.cameraFirst) return renderCameraScreen(t, screen, on, header);
      return html`${header}<p part="message">${t.starting}</p>${upload('', '', true)}`;
  }
}

function renderIssues(issues: IssueMessage[]) {
  if (issues.length === 0) return nothing;
  return html`<ul class="issues" data-issues>
    ${issues.map((issue) => html`<li data-code=${issue.code}><strong>${issue.message}</strong>${issue.advice}</li>`)}
  </ul>`;
}

/** Where the camera cannot be used here, a phone's can. */
function renderPhoneOption(t: CaptureStrings, offered: boolean, offerToPhone: () => void) {
  if (!offered) return nothing;
  return html`<div class="actions">
    <button type="button" class="secondary" data-action="handoff-offer" @click=${offerToPhone}>
      ${t.handoffContinueOnPhone}
    </button>
  </div>`;
}

function renderLive(t: CaptureStrings, screen: CaptureScreen, on: CaptureScreenActions) {
  return html`
    ${renderStage(t, screen, 'contain')}
    <p part="message" aria-hidden="true" data-guidance=${screen.guidance ?? ''}>${screen.guidance ? t[GUIDANCE_TEXT[screen.guidance]] : ''}</p>
    ${screen.barcodeAdvice ? html`<p class="advice" data-barcode-advice>${t.barcodeUnreadable}</p>` : nothing}
    <div class="actions">
      <button type="button" part="shutter" data-action="shutter" @click=${on.shutter}>${t.shutter}</button>
    </div>
  `;
}

interface UploadLayout {
  title: string;
  advice: string;
  /** Only the chooser, under the live preview. */
  compact: boolean;
  /** Offer to ask for the camera again. */
  retryCamera: boolean;
  /** A touch device: the chooser alone, no drop zone and no "drag" wording. */
  touch: boolean;
}

/** The file path: a chooser (camera app on phones) and, on desktops, a drop zone. */
function renderUpload(t: CaptureStrings, dragging: boolean, on: CaptureScreenActions, layout: UploadLayout) {
  const { title, advice, compact, retryCamera, touch } = layout;
  const inner = html`
    ${title && !compact ? html`<h3 data-title>${title}</h3>` : nothing}
    ${advice && !compact ? html`<p>${advice}</p>` : nothing}
    <div class="actions">
      ${fileInput(on.useFile, { id: 'file', capture: 'environment' })}
      <label class="file-label" for="file">${touch && compact ? t.uploadInstead : t.chooseFile}</label>
      ${
        retryCamera
          ? html`<button type="button" data-action="retry-camera" @click=${on.retryCamera}>${t.tryAgain}</button>`
          : nothing
      }
    </div>
  `;
  // Nothing is dragged on a touch device: the chooser alone, which opens the camera app or the photos.
  if (touch) return html`<div class="upload">${inner}</div>`;
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    on.setDragging(false);
    void on.useFile(event.dataTransfer?.files[0]);
  };
  return html`
    <div
      class="dropzone ${dragging ? 'over' : ''}"
      data-dropzone
      @dragover=${(event: DragEvent) => {
        event.preventDefault();
        on.setDragging(true);
      }}
      @dragleave=${() => on.setDragging(false)}
      @drop=${onDrop}
    >
      ${inner}
      <p class="muted">${t.dropHint}</p>
    </div>
  `;
}

export function renderReview(
  t: CaptureStrings,
  title: string,
  captured: CapturedPhoto | null,
  on: { send: () => void; retake: () => void },
) {
  if (!captured) return nothing;
  return html`
    <h2 tabindex="-1">${title}</h2>
    <div class="review"><img src=${captured.url} alt=${t.reviewImageAlt} /></div>
    ${
      captured.warning
        ? html`<p part="message" data-warning=${captured.warning}>
            ${t[REVIEW_TEXT[captured.warning] ?? 'reviewAdvice']} ${t.reviewAdvice}
          </p>`
        : html`<p class="muted">${t.reviewAdvice}</p>`
    }
    <div class="actions">
      <button type="button" data-action="use" @click=${on.send}>${t.usePhoto}</button>
      <button type="button" class="secondary" data-action="retake" @click=${on.retake}>${t.retake}</button>
    </div>
  `;
}
