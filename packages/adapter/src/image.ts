/**
 * Reads an image's format and size from its first bytes, without decoding it: the adapter refuses
 * what Berbix would refuse before spending an upload on it, and never runs a decoder on bytes a
 * stranger sent. The readers live in the imaging package (shared with the sandbox and the client);
 * these are the adapter's names for them.
 */
export {
  type ImageHeader,
  readImageHeader,
  type SizedFormat as ImageFormat,
  sniffSizedFormat as sniffFormat,
} from '@berbix-capture/imaging';
