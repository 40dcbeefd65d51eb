export { BerbixCaptureElement } from './berbix-capture.js';
export { CameraController, type CameraStatus, RESOLUTION_LADDER } from './controllers/camera.js';
export * from './events.js';
export { type CaptureStrings, LANGUAGES, type Language, pickLanguage, stringsFor } from './i18n.js';
export { createSession, SessionApiError } from './session-api.js';
