import { html, nothing } from 'lit';
import type { CapturedPhoto } from './capture-view.js';
import { cssProps } from './css-props.js';
import type { UploadConnection } from './flow/state.js';
import { fill } from './i18n.js';
import type { CaptureStrings } from './languages/capture-strings.js';

/**
 * The sending screen: the photo, a bar, and, when the connection fails, what is going on and what the
 * person can do. The photo stays on screen the whole time: it is kept until the server has it.
 */

export interface UploadScreen {
  photo: CapturedPhoto | null;
  /** Bytes of the attempt in flight; `loaded` 0 until the first bytes are reported sent. */
  progress: { loaded: number; total: number };
  connection: UploadConnection | null;
  /** Whole seconds until the next attempt, while reconnecting. */
  secondsLeft: number | null;
}

export interface UploadActions {
  tryNow: () => void;
  retake: () => void;
}

export function renderUploading(t: CaptureStrings, title: string, screen: UploadScreen, on: UploadActions) {
  const { photo, connection } = screen;
  const status = connection?.status ?? 'sending';
  // After a failure the "connection lost" text stays through the retries, so it is said once.
  const troubled = status !== 'sending' || (connection?.tries ?? 0) > 0;
  const message =
    status === 'offline'
      ? t.offline
      : troubled
        ? t.reconnecting
        : screen.progress.loaded > 0
          ? fill(t.sending, { percent: percentOf(screen.progress) }, t.locale)
          : t.sendingPhoto;
  return html`
    <h2 tabindex="-1">${title}</h2>
    ${photo ? html`<div class="review"><img src=${photo.url} alt=${t.reviewImageAlt} /></div>` : nothing}
    ${status === 'sending' ? renderBar(t, screen.progress) : nothing}
    <p part="message" data-upload-state=${status}>${message}</p>
    ${troubled ? renderConnectionTrouble(t, status, screen.secondsLeft, on) : nothing}
  `;
}

function percentOf({ loaded, total }: { loaded: number; total: number }): number {
  return total > 0 ? Math.min(100, Math.round((loaded / total) * 100)) : 0;
}

/**
 * The bar: indeterminate (a moving band; a still, striped one where motion is reduced) until the
 * first bytes are reported sent, then the share sent, and indeterminate again once every byte is out
 * and the server is still checking the photo (that can take seconds; a full, still bar looks stuck).
 * Track and fill both stand out from the surface.
 */
function renderBar(t: CaptureStrings, progress: { loaded: number; total: number }) {
  const known = progress.loaded > 0 && progress.loaded < progress.total;
  const percent = percentOf(progress);
  return html`<div
    class="upload-bar ${known ? '' : 'indeterminate'}"
    role="progressbar"
    aria-label=${t.sendingPhoto}
    aria-valuemin="0"
    aria-valuemax="100"
    aria-valuenow=${known ? percent : nothing}
    data-upload-bar=${known ? 'determinate' : 'indeterminate'}
  >
    <div class="upload-bar-fill" ${cssProps({ '--_progress': `${percent}%` })}></div>
  </div>`;
}

function renderConnectionTrouble(
  t: CaptureStrings,
  status: UploadConnection['status'],
  secondsLeft: number | null,
  on: UploadActions,
) {
  const next =
    status === 'reconnecting' && secondsLeft !== null
      ? fill(t.nextTry, { seconds: secondsLeft }, t.locale)
      : status === 'sending'
        ? t.tryingAgain
        : '';
  // "Try now" stays where it was while an attempt runs (focus is not lost), but does nothing then.
  const busy = status === 'sending';
  return html`
    ${
      // Not a live region: the countdown is there to read, not announced every second.
      next ? html`<p class="muted next-try" data-next-try>${next}</p>` : nothing
    }
    <div class="actions">
      <button type="button" data-action="try-now" aria-disabled=${busy ? 'true' : 'false'} @click=${() => busy || on.tryNow()}>
        ${t.tryNow}
      </button>
      <button type="button" class="secondary" data-action="retake" @click=${on.retake}>${t.retake}</button>
    </div>
  `;
}
