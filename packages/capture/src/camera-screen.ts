import { html, nothing, type TemplateResult } from 'lit';
import { type CaptureScreen, type CaptureScreenActions, GUIDANCE_TEXT, instruction } from './capture-view.js';
import type { CaptureStrings } from './i18n.js';
import { renderCameraButtons, renderStage } from './preview-stage.js';
import { fileInput } from './view-parts.js';

/**
 * The camera-first capture screen (phones, and `layout="fullscreen"`): the preview fills the
 * element's box, the step's heading sits over its top, the guidance, one shutter and "Upload a
 * photo instead" over its bottom, each band on a dark scrim so the text keeps its contrast over any
 * picture. The band between them is the guide area: the guide is centred there (the element
 * measures it), so no text ever lies over the document being framed.
 */
export function renderCameraScreen(
  t: CaptureStrings,
  screen: CaptureScreen,
  on: CaptureScreenActions,
  header: TemplateResult,
) {
  const live = screen.camera.status === 'live';
  const message = screen.guidance
    ? t[GUIDANCE_TEXT[screen.guidance]]
    : live
      ? instruction(t, screen.step, screen.idType)
      : t.starting;
  return html`
    <div class="camera" data-camera-first>
      <div class="camera-grid">
      ${renderStage(t, screen, 'cover')}
      <div class="camera-top">
        <div class="camera-heading">${header}</div>
        ${renderCameraButtons(t, screen)}
      </div>
      <div class="guide-area" aria-hidden="true"></div>
      <div class="camera-bottom">
        <p part="message" aria-hidden="true" data-guidance=${screen.guidance ?? ''}>${message}</p>
        ${screen.barcodeAdvice ? html`<p class="advice" data-barcode-advice>${t.barcodeUnreadable}</p>` : nothing}
        ${
          live
            ? html`<button type="button" part="shutter" class="shutter" data-action="shutter" @click=${on.shutter}>
                <span class="visually-hidden">${t.shutter}</span>
              </button>`
            : nothing
        }
        ${renderUploadInstead(t, on)}
      </div>
      </div>
    </div>
  `;
}

/**
 * The photo path as a secondary text action. No `capture` attribute: the camera is already open
 * here, so the phone offers its photo library (and its camera app) instead of forcing the camera.
 */
function renderUploadInstead(t: CaptureStrings, on: CaptureScreenActions) {
  return html`${fileInput(on.useFile, { id: 'file' })}
    <label class="text-action" for="file" data-action="upload-instead">${t.uploadInstead}</label>`;
}
