import { html, nothing } from 'lit';
import { allowCameraSteps, type BrowserFamily, browserFamily } from './camera-blocked-steps.js';
import type { CaptureStrings } from './languages/capture-strings.js';
import { fileInput } from './view-parts.js';

/**
 * The capture screen when the camera cannot be used: blocked by the person (or the browser), or
 * absent. The way forward that works now comes first and filled: taking a photo with the phone's
 * camera app or choosing one (`capture="environment"` opens the camera app on phones). For a blocked
 * camera, the few steps that allow it in this browser follow, with "Try again" as the second action.
 */

export type CameraProblem = 'denied' | 'unavailable';

export interface CameraProblemActions {
  useFile: (file: File | undefined) => Promise<void>;
  retryCamera: () => void;
}

export function renderCameraProblem(
  t: CaptureStrings,
  problem: CameraProblem,
  on: CameraProblemActions,
  family: BrowserFamily = browserFamily(navigator.userAgent, navigator.maxTouchPoints),
) {
  const denied = problem === 'denied';
  const steps = denied ? allowCameraSteps(family) : [];
  return html`
    <div class="camera-problem" data-camera-problem=${problem} data-browser=${family}>
      <h3 data-title>${denied ? t.cameraDeniedTitle : t.cameraUnavailableTitle}</h3>
      <p>${denied ? t.cameraDeniedAdvice : t.cameraUnavailableAdvice}</p>
      <div class="actions">${renderPhotoPath(t, on.useFile)}</div>
      ${
        denied
          ? html`<p class="steps-title" id="allow-camera-title">${t.allowCameraTitle}</p>
            <ol class="allow-steps" aria-labelledby="allow-camera-title">
              ${steps.map((key) => html`<li>${t[key]}</li>`)}
            </ol>`
          : nothing
      }
      <div class="actions">
        <button type="button" class="secondary" data-action="retry-camera" @click=${on.retryCamera}>${t.tryAgain}</button>
      </div>
    </div>
  `;
}

/**
 * A real button that opens the file chooser (a hidden input does the choosing): a button is what
 * keyboards and screen readers expect, and it can carry the filled, main style. The input is not
 * rendered at all (`hidden`), so nothing invisible sits over the button to catch a tap or a click.
 */
function renderPhotoPath(t: CaptureStrings, useFile: CameraProblemActions['useFile']) {
  return html`
    ${fileInput(useFile, { id: 'photo-file', capture: 'environment', hidden: true })}
    <button
      type="button"
      data-action="take-photo"
      @click=${(event: Event) =>
        (
          (event.currentTarget as HTMLElement).parentElement?.querySelector('#photo-file') as HTMLInputElement | null
        )?.click()}
    >
      ${t.takePhoto}
    </button>
  `;
}
