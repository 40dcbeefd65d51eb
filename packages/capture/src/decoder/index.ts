export {
  createPdf417Analyser,
  DEFAULT_PDF417_ENGINE,
  Pdf417Analyser,
  Pdf417AnalyserError,
  type Pdf417AnalyserOptions,
  type Pdf417Reading,
} from './analyser.js';
export type { ReadOptions } from './strategy.js';
export { isPdf417Engine, PDF417_ENGINES, type Pdf417Decoder, type Pdf417Engine } from './types.js';
