import { BerbixCaptureElement } from './berbix-capture.js';

/** Registers `<berbix-capture>`; importing this module is the side effect. */
if (!customElements.get('berbix-capture')) customElements.define('berbix-capture', BerbixCaptureElement);

declare global {
  interface HTMLElementTagNameMap {
    'berbix-capture': BerbixCaptureElement;
  }
}
