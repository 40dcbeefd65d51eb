import { html, nothing, svg } from 'lit';
import type { CaptureScreen } from './capture-view.js';
import { cssProps } from './css-props.js';
import { guideOnPreview, previewFit } from './guide.js';
import type { CaptureStrings } from './i18n.js';

/**
 * The live preview with the guide, the found card's outline and the camera's own buttons, in either
 * layout: framed (`contain`: the box takes the stream's shape and shows all of it) or camera-first
 * (`cover`: the preview fills its box and shows the middle of the frame, unless that would crop
 * away most of it, see `previewFit`). Either way the guide is drawn over the very frame pixels the
 * analysers are given (see `guide.ts`).
 */
export function renderStage(t: CaptureStrings, screen: CaptureScreen, fit: 'contain' | 'cover') {
  const width = screen.video?.videoWidth || 16;
  const height = screen.video?.videoHeight || 9;
  const box = fit === 'cover' ? screen.previewBox : null;
  // A camera-first box is covered unless that would crop away most of the frame (see `previewFit`).
  const fill = previewFit(width, height, box);
  const g = guideOnPreview(width, height, screen.aspect, box);
  const pct = (v: number) => `${(v * 100).toFixed(3)}%`;
  const camera = screen.camera;
  const good = screen.guidance === 'good';
  // Custom properties set through the CSSOM, not style attributes: pages with a strict CSP refuse those.
  return html`
    <div class="stage ${fit}" data-fit=${fill} data-card=${screen.card ? 'found' : 'none'} ${cssProps({ '--_aspect': `${width} / ${height}` })}>
      <video part="video" autoplay muted playsinline aria-label=${t.cameraLabel}></video>
      ${
        camera.status === 'live'
          ? html`<div
              part="guide"
              class=${good ? 'good' : screen.card ? 'found' : ''}
              ${cssProps({ '--_guide-x': pct(g.x), '--_guide-y': pct(g.y), '--_guide-w': pct(g.width), '--_guide-h': pct(g.height) })}
              aria-hidden="true"
            ></div>`
          : nothing
      }
      ${renderCardOutline(screen.card, good, fill)}
      ${fit === 'contain' ? renderCameraButtons(t, screen) : nothing}
    </div>
  `;
}

/** Switch camera and the torch, where the device has them. */
export function renderCameraButtons(t: CaptureStrings, screen: CaptureScreen) {
  const camera = screen.camera;
  if (!camera.canSwitch && !camera.torch.available) return nothing;
  return html`<div class="stage-controls">
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
  </div>`;
}

/**
 * The card as the analyser found it, in the frame's own pixels: the SVG's viewBox is the frame and
 * it scales like the video (`contain` = `xMidYMid meet`, `cover` = `xMidYMid slice`), so the
 * outline lands on the card in the preview at any size. Decorative: the guidance says it in words.
 */
function renderCardOutline(card: CaptureScreen['card'], good: boolean, fit: 'contain' | 'cover') {
  if (!card) return nothing;
  const points = card.corners.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(' ');
  return html`<svg
    part="card"
    class=${good ? 'card-outline good' : 'card-outline'}
    viewBox="0 0 ${card.frameWidth} ${card.frameHeight}"
    preserveAspectRatio=${fit === 'cover' ? 'xMidYMid slice' : 'xMidYMid meet'}
    aria-hidden="true"
    focusable="false"
  >
    ${svg`<polygon class="under" points=${points}></polygon><polygon class="over" points=${points}></polygon>`}
  </svg>`;
}
