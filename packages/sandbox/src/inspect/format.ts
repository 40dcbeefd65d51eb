/**
 * Format sniffing and size reading from the file header, before any decoding: an upload that
 * claims 10,000+ px a side is refused without spending memory on it. The readers live in the
 * imaging package (shared with the adapter and the client); these are the sandbox's names for them.
 */
export {
  type ImageSize as Dimensions,
  readImageSize as readDimensions,
  type SizedFormat as ImageFormat,
  sniffSizedFormat as sniffFormat,
} from '@berbix-capture/imaging';
