import { ID_TYPES, type IdType, type Step } from '@berbix-capture/protocol';
import { html, nothing, svg } from 'lit';
import type { FoundCard } from './back-step.js';
import type { CompressedImage } from './compress.js';
import type { CameraController } from './controllers/camera.js';
import type { UploadController } from './controllers/upload.js';
import { cssProps } from './css-props.js';
import type { GuidanceKey } from './guidance.js';
import { guideFractions } from './guide.js';
import { type CaptureStrings, fill } from './i18n.js';
import type { IssueMessage } from './issues-text.js';

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
  'too-far': 'guideNoDocument',
  'too-dark': 'guideTooDark',
  'too-bright': 'guideTooBright',
  glare: 'guideGlare',
  blurry: 'guideBlurry',
  moving: 'guideMoving',
  good: 'guideGood',
  'wrong-side': 'guideWrongSide',
  'show-barcode': 'guideShowBarcode',
  'reading-barcode': 'guideReadingBarcode',
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
    <h2 tabindex="-1">${stepTitle(t, screen.step, screen.idType)}</h2>
    ${screen.notice ? html`<p class="muted" data-notice>${screen.notice}</p>` : nothing}
    ${screen.issues.length > 0 ? html`<p><strong>${t.issuesTitle}</strong></p>` : nothing} ${renderIssues(screen.issues)}
  `;
  const upload = (title: string, advice: string, compact = false, retryCamera = false) =>
    renderUpload(t, screen.dragging, on, { title, advice, compact, retryCamera });
  if (screen.noCamera) return html`${header}${upload(t.uploadTitle, t.uploadAdvice)}`;
  switch (screen.camera.status) {
    case 'live':
      return html`${header}<p>${instruction(t, screen.step, screen.idType)}</p>${renderLive(t, screen, on)}${upload('', '', true)}`;
    case 'denied':
      return html`${header}${upload(t.cameraDeniedTitle, t.cameraDeniedAdvice, false, true)}
      ${renderPhoneOption(t, screen.phoneOffered, on.offerToPhone)}`;
    case 'unavailable':
      return html`${header}${upload(t.cameraUnavailableTitle, t.cameraUnavailableAdvice, false, true)}
      ${renderPhoneOption(t, screen.phoneOffered, on.offerToPhone)}`;
    case 'ended':
      return html`${header}${upload(t.cameraEndedTitle, t.uploadAdvice, false, true)}`;
    default:
      // While the camera is being asked for (a permission prompt may be open), the file path is already there.
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
    <button type="button" data-action="handoff-offer" @click=${offerToPhone}>${t.handoffContinueOnPhone}</button>
  </div>`;
}

function renderLive(t: CaptureStrings, screen: CaptureScreen, on: CaptureScreenActions) {
  const width = screen.video?.videoWidth || 16;
  const height = screen.video?.videoHeight || 9;
  const g = guideFractions(width, height, screen.aspect);
  const pct = (v: number) => `${(v * 100).toFixed(3)}%`;
  const camera = screen.camera;
  const good = screen.guidance === 'good';
  // Custom properties set through the CSSOM, not style attributes: pages with a strict CSP refuse those.
  return html`
    <div class="stage" data-card=${screen.card ? 'found' : 'none'} ${cssProps({ '--_aspect': `${width} / ${height}` })}>
      <video part="video" autoplay muted playsinline aria-label=${t.cameraLabel}></video>
      <div
        part="guide"
        class=${good ? 'good' : screen.card ? 'found' : ''}
        ${cssProps({ '--_guide-x': pct(g.x), '--_guide-y': pct(g.y), '--_guide-w': pct(g.width), '--_guide-h': pct(g.height) })}
        aria-hidden="true"
      ></div>
      ${renderCardOutline(screen.card, good)}
      <div class="stage-controls">
        ${
          camera.canSwitch
            ? html`<button type="button" data-action="switch" @click=${() => void camera.switchCamera()}>
              ${t.switchCamera}
            </button>`
            : nothing
        }
        ${
          camera.torch.available
            ? html`<button
              type="button"
              data-action="torch"
              aria-pressed=${camera.torch.on ? 'true' : 'false'}
              @click=${() => void camera.setTorch(!camera.torch.on)}
            >
              ${camera.torch.on ? t.torchOff : t.torchOn}
            </button>`
            : nothing
        }
      </div>
    </div>
    <p part="message" aria-hidden="true" data-guidance=${screen.guidance ?? ''}>${screen.guidance ? t[GUIDANCE_TEXT[screen.guidance]] : ''}</p>
    ${screen.barcodeAdvice ? html`<p class="advice" data-barcode-advice>${t.barcodeUnreadable}</p>` : nothing}
    <div class="actions">
      <button type="button" part="shutter" data-action="shutter" @click=${on.shutter}>${t.shutter}</button>
    </div>
  `;
}

/**
 * The card as the analyser found it, in the frame's own pixels: the SVG's viewBox is the frame and
 * it scales like the video (`object-fit: contain` = `xMidYMid meet`), so the outline lands on the
 * card in the preview at any size. Decorative: the guidance text says the same in words.
 */
function renderCardOutline(card: CardOutline | null, good: boolean) {
  if (!card) return nothing;
  const points = card.corners.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(' ');
  return html`<svg
    part="card"
    class=${good ? 'card-outline good' : 'card-outline'}
    viewBox="0 0 ${card.frameWidth} ${card.frameHeight}"
    preserveAspectRatio="xMidYMid meet"
    aria-hidden="true"
    focusable="false"
  >
    ${svg`<polygon class="under" points=${points}></polygon><polygon class="over" points=${points}></polygon>`}
  </svg>`;
}

interface UploadLayout {
  title: string;
  advice: string;
  /** Only the chooser, under the live preview. */
  compact: boolean;
  /** Offer to ask for the camera again. */
  retryCamera: boolean;
}

/** The file path: a chooser (camera app on phones) and, on desktops, a drop zone. */
function renderUpload(t: CaptureStrings, dragging: boolean, on: CaptureScreenActions, layout: UploadLayout) {
  const { title, advice, compact, retryCamera } = layout;
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
      ${title && !compact ? html`<h3 data-title>${title}</h3>` : nothing}
      ${advice && !compact ? html`<p>${advice}</p>` : nothing}
      <div class="actions">
        <input
          id="file"
          class="file-input"
          type="file"
          accept="image/*"
          capture="environment"
          @change=${(event: Event) => {
            const input = event.target as HTMLInputElement;
            void on.useFile(input.files?.[0]).finally(() => {
              input.value = '';
            });
          }}
        />
        <label class="file-label" for="file">${t.chooseFile}</label>
        ${
          retryCamera
            ? html`<button type="button" data-action="retry-camera" @click=${on.retryCamera}>${t.tryAgain}</button>`
            : nothing
        }
      </div>
      <p class="muted">${t.dropHint}</p>
    </div>
  `;
}

export function renderReview(
  t: CaptureStrings,
  captured: CapturedPhoto | null,
  on: { send: () => void; retake: () => void },
) {
  if (!captured) return nothing;
  return html`
    <h2 tabindex="-1">${t.reviewTitle}</h2>
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

export function renderUploading(
  t: CaptureStrings,
  title: string,
  captured: CapturedPhoto | null,
  upload: Pick<UploadController, 'progress' | 'status'>,
) {
  const { loaded, total } = upload.progress;
  const percent = total > 0 ? Math.min(100, Math.round((loaded / total) * 100)) : 0;
  const state = upload.status;
  const message =
    state === 'reconnecting'
      ? t.reconnecting
      : state === 'offline'
        ? t.offline
        : fill(t.sending, { percent }, t.locale);
  return html`
    <h2 tabindex="-1">${title}</h2>
    ${captured ? html`<div class="review"><img src=${captured.url} alt=${t.reviewImageAlt} /></div>` : nothing}
    <progress max="100" .value=${percent} aria-label=${fill(t.sending, { percent }, t.locale)}></progress>
    <p part="message" data-upload-state=${state}>${message}</p>
  `;
}
