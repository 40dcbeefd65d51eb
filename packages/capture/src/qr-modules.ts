import { encodeQR } from 'qr';

/** The quiet zone the QR standard asks for, in modules, so phone cameras find the code on any page. */
const QUIET_ZONE = 4;

/**
 * The code's modules (true = dark), quiet zone included. Its own module so the encoder is loaded
 * only when a computer offers a hand-off, never on the phone or in the capture path.
 */
export function qrModules(text: string): boolean[][] {
  return encodeQR(text, 'raw', { ecc: 'medium', border: QUIET_ZONE });
}
