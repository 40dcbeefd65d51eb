export { QUALITY_MAX_SIDE, QualityAnalyser, type QualityResult } from './analysers/quality.js';
export {
  type CardDetection,
  judge,
  QUALITY_THRESHOLDS,
  type QualityMetrics,
  type QualityVerdict,
} from './analysers/quality-metrics.js';
export type { FrameAnalyser, FrameContext, Pdf417Result, Rect } from './analysers/types.js';
export { BARCODE_WAIT_MS } from './back-step.js';
export { BerbixCaptureElement, type CaptureView } from './berbix-capture.js';
export {
  CompressError,
  type CompressedImage,
  clampUploadMb,
  compressImage,
  MAX_SIDE_PX,
  MAX_UPLOAD_MB_CEILING,
} from './compress.js';
export { CameraController, type CameraPreference, type CameraStatus, RESOLUTION_LADDER } from './controllers/camera.js';
export { type AnalysedFrame, FrameLoopController } from './controllers/frame-loop.js';
export { backoffDelay, UploadController, type UploadStatus } from './controllers/upload.js';
export {
  createPdf417Analyser,
  DEFAULT_PDF417_ENGINE,
  isPdf417Engine,
  PDF417_ENGINES,
  Pdf417Analyser,
  Pdf417AnalyserError,
  type Pdf417AnalyserOptions,
  type Pdf417Engine,
  type Pdf417Reading,
} from './decoder/index.js';
export * from './events.js';
export { AutoCaptureGate, GUIDANCE_HOLD_MS, GuidanceHold, type GuidanceKey, SharpestRecent } from './guidance.js';
export { aspectFor, DOCUMENT_ASPECT, guideFractions, guideRect } from './guide.js';
export {
  availableLanguages,
  type CaptureStrings,
  chooseLanguage,
  directionOf,
  fill,
  missingTranslations,
  pickLanguage,
  type RegisterOptions,
  registerTranslation,
  type Translation,
} from './i18n.js';
export { LANGUAGES, type Language, stringsFor } from './i18n-built-in.js';
export { describeIssues, type IssueMessage } from './issues-text.js';
export {
  createSession,
  deleteSession,
  getSession,
  type ImageUpload,
  SessionApiError,
  toBase64,
  uploadImage,
} from './session-api.js';
