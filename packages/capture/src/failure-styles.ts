import { css } from 'lit';

/**
 * Styles of the failure screens and the upload bar (`failure-views.ts`, `upload-view.ts`). Logical
 * properties throughout, so a right-to-left page mirrors them. Contrast on the default white
 * surface: the bar's track outline #6b7280 is 4.8:1, its fill (the accent, #1d4ed8) 6.7:1.
 */
export const failureStyles = css`
  .camera-problem {
    display: grid;
    gap: 0.75rem;
    justify-items: center;
    text-align: center;
  }
  .camera-problem h3 {
    margin: 0;
    font-size: 1.1rem;
  }
  .steps-title {
    font-weight: 600;
    justify-self: stretch;
    text-align: start;
  }
  .allow-steps {
    justify-self: stretch;
    margin: 0;
    padding-inline-start: 1.5rem;
    text-align: start;
    display: grid;
    gap: 0.25rem;
  }
  .upload-bar {
    position: relative;
    box-sizing: border-box;
    block-size: 0.75rem;
    border: 1px solid var(--berbix-capture-track, #6b7280);
    border-radius: 999px;
    background: var(--_surface);
    overflow: hidden;
  }
  .upload-bar-fill {
    position: absolute;
    inset-block: 0;
    inset-inline-start: 0;
    inline-size: var(--_progress, 0%);
    background: var(--_accent);
    transition: inline-size 200ms linear;
  }
  /* Before the first progress event: a band moving along the track says "working". */
  .upload-bar.indeterminate .upload-bar-fill {
    inline-size: 40%;
    animation: berbix-upload-sweep 1.2s ease-in-out infinite;
  }
  @keyframes berbix-upload-sweep {
    from {
      inset-inline-start: -40%;
    }
    to {
      inset-inline-start: 100%;
    }
  }
  .next-try {
    text-align: center;
    font-variant-numeric: tabular-nums;
  }
  button[aria-disabled='true'] {
    opacity: 0.6;
    cursor: default;
  }
  @media (prefers-reduced-motion: reduce) {
    /* No motion: a still, striped full bar stands for "working" instead. */
    .upload-bar.indeterminate .upload-bar-fill {
      inline-size: 100%;
      background: repeating-linear-gradient(-45deg, var(--_accent) 0 6px, var(--_surface) 6px 12px);
    }
  }
`;
