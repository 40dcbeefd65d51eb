import { BerbixCaptureElement } from '@berbix-capture/capture';
import '@berbix-capture/capture/define';
import { createComponent } from '@lit/react';
import * as React from 'react';
import { BERBIX_CAPTURE_EVENTS } from './events.js';

export { BERBIX_CAPTURE_EVENTS };

/**
 * Builds the component for a given React. The default export uses the `react` this package
 * resolves; pass another copy (say React 18 in a React 19 monorepo) to bind to that one.
 */
export function createBerbixCapture(react: typeof React) {
  return createComponent({
    react,
    tagName: 'berbix-capture',
    elementClass: BerbixCaptureElement,
    events: BERBIX_CAPTURE_EVENTS,
    displayName: 'BerbixCapture',
  });
}

/**
 * `<BerbixCapture endpoint="/berbix" idType="DL" onBerbixComplete={...} />`: every attribute and
 * property of `<berbix-capture>` as a typed prop (objects and functions such as `strings`,
 * `fetch` and `analysers` are set as properties), every event as a typed `onBerbix*` prop, and a
 * ref to the element itself (`ref.current.restart()`).
 */
export const BerbixCapture = createBerbixCapture(React);

export type BerbixCaptureProps = React.ComponentProps<typeof BerbixCapture>;
export type { BerbixCaptureElement };
