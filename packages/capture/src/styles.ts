import { css } from 'lit';

/**
 * The element's styles. Public knobs are `--berbix-capture-*` custom properties; everything else is
 * private (`--_*`). Colours meet WCAG 2.2 AA contrast on their backgrounds (figures in the README).
 */
export const captureStyles = css`
  :host {
    --_accent: var(--berbix-capture-accent, #1d4ed8);
    --_on-accent: var(--berbix-capture-on-accent, #ffffff);
    --_radius: var(--berbix-capture-radius, 12px);
    --_surface: var(--berbix-capture-surface, #ffffff);
    --_text: var(--berbix-capture-text, #111827);
    --_muted: var(--berbix-capture-muted, #4b5563);
    --_good: var(--berbix-capture-good, #15803d);
    --_focus: var(--berbix-capture-focus, #b45309);
    display: block;
    font-family: var(--berbix-capture-font, inherit);
    color: var(--_text);
  }
  [part='base'] {
    position: relative;
    border-radius: var(--_radius);
    background: var(--_surface);
    padding: 1rem;
    display: grid;
    gap: 0.75rem;
  }
  h2 {
    margin: 0 0 0.25rem;
    font-size: 1.25rem;
  }
  /* Titled screens keep room between heading, text and buttons (a focus ring never covers the text). */
  .panel {
    display: grid;
    gap: 0.75rem;
  }
  p {
    margin: 0;
  }
  .muted {
    color: var(--_muted);
  }
  .stage {
    position: relative;
    overflow: hidden;
    border-radius: var(--_radius);
    background: #111827;
    aspect-ratio: var(--_aspect, 16 / 9);
  }
  video {
    display: block;
    width: 100%;
    height: 100%;
    object-fit: contain;
  }
  /* Position and size come from custom properties the view sets through the CSSOM (CSP-safe). */
  /*
   * Physical left/top on purpose: the guide marks frame pixels the analysers measure, so it never
   * mirrors in a right-to-left language (nor do the preview, the card outline or the QR code).
   */
  [part='guide'] {
    position: absolute;
    left: var(--_guide-x, 9%);
    top: var(--_guide-y, 5%);
    width: var(--_guide-w, 82%);
    height: var(--_guide-h, 90%);
    /* The border lies inside the analysed region, so the outline is exactly what is measured. */
    box-sizing: border-box;
    border: 3px solid var(--_on-accent);
    border-radius: 4% / 6%;
    box-shadow: 0 0 0 100vmax rgb(0 0 0 / 45%);
    pointer-events: none;
    transition: border-color 200ms ease;
  }
  [part='guide'].good {
    border-color: #4ade80;
  }
  /* A card is found: the guide steps back so the card's own outline leads. */
  [part='guide'].found {
    border-style: dashed;
  }
  [part='card'] {
    position: absolute;
    inset: 0;
    width: 100%;
    height: 100%;
    pointer-events: none;
  }
  /* A dark line under a light one: visible on a white card and on a dark table alike. */
  [part='card'] polygon {
    fill: none;
    stroke-linejoin: round;
    vector-effect: non-scaling-stroke;
  }
  [part='card'] .under {
    stroke: rgb(17 24 39 / 70%);
    stroke-width: 6px;
  }
  [part='card'] .over {
    stroke: #fbbf24;
    stroke-width: 3px;
  }
  [part='card'].good .over {
    stroke: #4ade80;
  }
  .advice {
    padding: 0.5rem 0.75rem;
    border-inline-start: 4px solid #b45309;
    background: #fffbeb;
    color: #78350f;
  }
  .stage-controls {
    position: absolute;
    inset-block-start: 0.5rem;
    inset-inline-end: 0.5rem;
    display: flex;
    gap: 0.5rem;
  }
  [part='message'] {
    font-size: 1.05rem;
    font-weight: 600;
    text-align: center;
    min-height: 1.5em;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.75rem;
    justify-content: center;
    align-items: center;
  }
  button,
  .file-label {
    font: inherit;
    min-height: 44px;
    min-width: 44px;
    padding: 0.5rem 1.25rem;
    border-radius: 8px;
    border: 2px solid var(--_accent);
    background: var(--_accent);
    color: var(--_on-accent);
    cursor: pointer;
    display: inline-flex;
    align-items: center;
    justify-content: center;
  }
  button.secondary,
  .file-label {
    background: var(--_surface);
    color: var(--_accent);
  }
  .stage-controls button {
    background: rgb(17 24 39 / 80%);
    border-color: #f9fafb;
    color: #f9fafb;
    padding: 0.25rem 0.75rem;
  }
  button:focus-visible,
  .file-input:focus-visible + .file-label,
  .file-input:focus-visible + .text-action {
    outline: 3px solid var(--_focus);
    outline-offset: 2px;
  }
  /*
   * Each new screen's heading takes focus (screen readers land on it); its ring shows only after the
   * person has used the keyboard, never after a tap or a click, nor when the screen changed by itself.
   */
  h2:focus {
    outline: none;
  }
  [data-input='keyboard'] h2:focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: 2px;
  }
  .file-input {
    position: absolute;
    opacity: 0;
    width: 1px;
    height: 1px;
  }
  .dropzone {
    border: 2px dashed var(--_muted);
    border-radius: var(--_radius);
    padding: 1rem;
    display: grid;
    gap: 0.5rem;
    justify-items: center;
    text-align: center;
  }
  .upload {
    display: grid;
    gap: 0.5rem;
    justify-items: center;
    text-align: center;
  }
  .dropzone.over {
    border-color: var(--_accent);
    background: rgb(29 78 216 / 6%);
  }
  .issues {
    margin: 0;
    padding: 0.75rem 1rem;
    border-inline-start: 4px solid #b91c1c;
    background: #fef2f2;
    list-style: none;
    display: grid;
    gap: 0.5rem;
  }
  .issues strong {
    display: block;
  }
  .review img {
    display: block;
    max-width: 100%;
    max-height: 60vh;
    margin: 0 auto;
    border-radius: var(--_radius);
  }
  .types {
    display: grid;
    gap: 0.5rem;
  }
  progress {
    width: 100%;
    height: 0.75rem;
    accent-color: var(--_accent);
  }
  .qr-frame {
    display: flex;
    justify-content: center;
  }
  /* Dark on light whatever the theme: inverted or tinted codes defeat many phone readers. */
  .qr {
    display: block;
    width: min(100%, 240px);
    height: auto;
    background: #ffffff;
    border-radius: 4px;
  }
  .handoff-link {
    font-family: ui-monospace, monospace;
    font-size: 0.875rem;
    overflow-wrap: anywhere;
    user-select: all;
    /* A link reads left to right inside Arabic text too (its slashes and dots stay in place). */
    direction: ltr;
    unicode-bidi: isolate;
    text-align: center;
  }
  .handoff-status {
    margin: 0;
    padding: 0;
    list-style: none;
    display: grid;
    gap: 0.25rem;
    justify-items: center;
  }
  .handoff-banner {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    align-items: center;
    justify-content: space-between;
    padding-block: 0.25rem;
    padding-inline: 0.75rem 0.25rem;
    border-radius: 8px;
    background: #eff6ff;
    color: #1e3a8a;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    clip-path: inset(50%);
    white-space: nowrap;
  }
  /* layout="fullscreen": the element fills its container, which gives it a height. */
  :host([layout='fullscreen']) {
    block-size: 100%;
  }
  :host([layout='fullscreen']) [part='base'] {
    box-sizing: border-box;
    block-size: 100%;
    overflow: auto;
  }
  :host([layout='fullscreen']) [part='base']:has(> .camera) {
    display: flex;
    flex-direction: column;
    gap: 0;
    overflow: hidden;
  }
  /* The camera-first capture screen reaches the element's edges. */
  [part='base']:has(> .camera) {
    padding: 0;
  }
  .camera {
    position: relative;
    container: camera / size;
    block-size: 100vh;
    block-size: 100svh;
    min-block-size: 22rem;
    overflow: hidden;
    border-radius: var(--_radius);
    background: #111827;
    color: #f9fafb;
  }
  /* A container query cannot style its own container: the grid is the camera box's child. */
  .camera-grid {
    position: absolute;
    inset: 0;
    display: grid;
    grid-template: 'top' auto 'guide' minmax(8rem, 1fr) 'bottom' auto / 100%;
  }
  :host([layout='fullscreen']) .camera {
    flex: 1 1 auto;
    block-size: auto;
    min-block-size: 20rem;
  }
  .stage.cover {
    position: absolute;
    inset: 0;
    border-radius: 0;
    aspect-ratio: auto;
  }
  .stage.cover[data-fit='cover'] video {
    object-fit: cover;
  }
  .guide-area {
    grid-area: guide;
  }
  /* Text over the picture sits on a dark scrim: AA contrast over a white card or a bright window. */
  .camera-top,
  .camera-bottom {
    z-index: 1;
    background: rgb(17 24 39 / 78%);
    padding: 0.75rem 1rem;
  }
  .camera-top {
    grid-area: top;
    display: flex;
    align-items: flex-start;
    justify-content: space-between;
    gap: 0.5rem;
  }
  .camera-heading {
    display: grid;
    gap: 0.5rem;
    min-inline-size: 0;
  }
  .camera h2 {
    font-size: 1.125rem;
  }
  .camera .muted {
    color: #e5e7eb;
  }
  .camera .issues {
    color: var(--_text);
  }
  .camera .stage-controls {
    position: static;
    flex: none;
  }
  .camera-bottom {
    grid-area: bottom;
    display: grid;
    justify-items: center;
    align-content: end;
    gap: 0.5rem;
    padding-block-end: 1rem;
  }
  /* Two lines kept for the guidance, so a longer message never moves the guide area. */
  .camera [part='message'] {
    min-block-size: 2.6em;
    display: flex;
    align-items: center;
    justify-content: center;
  }
  .shutter {
    inline-size: 4.5rem;
    block-size: 4.5rem;
    padding: 0;
    border-radius: 50%;
    border: 4px solid #f9fafb;
    background: #f9fafb;
    box-shadow: inset 0 0 0 3px #111827;
  }
  .shutter:active {
    background: #d1d5db;
  }
  .text-action {
    font: inherit;
    min-block-size: 44px;
    display: inline-flex;
    align-items: center;
    padding-inline: 0.75rem;
    color: #f9fafb;
    text-decoration: underline;
    text-underline-offset: 0.2em;
    cursor: pointer;
  }
  .camera button:focus-visible,
  .camera .file-input:focus-visible + .text-action,
  [data-input='keyboard'] .camera h2:focus-visible {
    outline-color: #fbbf24;
  }
  /* A landscape box: the text and buttons move to a column at the inline end, the guide takes the rest. */
  @container camera (orientation: landscape) {
    .camera-grid {
      grid-template: 'guide top' auto 'guide bottom' 1fr / 1fr minmax(12rem, 30%);
    }
  }
  @media (prefers-reduced-motion: reduce) {
    *,
    *::before,
    *::after {
      transition: none !important;
      animation: none !important;
    }
  }
`;
