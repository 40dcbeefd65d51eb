import type { CaptureStrings } from './languages/capture-strings.js';

/**
 * Where to turn the camera back on differs by browser: these are the families whose settings are
 * worded differently enough to need their own steps. Everything else gets the generic steps.
 */
export type BrowserFamily = 'ios-safari' | 'android-chrome' | 'desktop-chrome' | 'firefox' | 'desktop-safari' | 'other';

/**
 * The browser family from the user agent. `maxTouchPoints` tells an iPad (which says "Macintosh")
 * from a Mac. Browsers that wrap Safari or Chrome in their own settings (Chrome or Firefox on iOS,
 * Samsung Internet, Opera, in-app web views) are `other`: their menus are not Safari's or Chrome's.
 */
export function browserFamily(userAgent: string, maxTouchPoints = 0): BrowserFamily {
  const ua = userAgent;
  const ios = /iPhone|iPad|iPod/.test(ua) || (/Macintosh/.test(ua) && maxTouchPoints > 1);
  if (ios) {
    const otherShell = /CriOS|FxiOS|EdgiOS|OPiOS|GSA\/|FBAN|FBAV|Instagram|Line\//.test(ua);
    return !otherShell && /Safari\//.test(ua) ? 'ios-safari' : 'other';
  }
  if (/Android/.test(ua)) {
    const otherShell = /EdgA|SamsungBrowser|OPR|Firefox|YaBrowser|UCBrowser|; wv\)|FBAN|FBAV|Instagram/.test(ua);
    return !otherShell && /Chrome\//.test(ua) ? 'android-chrome' : 'other';
  }
  if (/Firefox\//.test(ua) && !/Seamonkey/.test(ua)) return 'firefox';
  // Edge and Chrome share the site-settings button at the left of the address.
  if (/Edg\/|Chrome\/|Chromium\//.test(ua) && !/OPR\//.test(ua)) return 'desktop-chrome';
  if (/Macintosh/.test(ua) && /Version\/[\d.]+.*Safari\//.test(ua)) return 'desktop-safari';
  return 'other';
}

type Key = keyof CaptureStrings;

const STEPS: Record<BrowserFamily, readonly Key[]> = {
  'ios-safari': ['cameraStepIosSafari1', 'cameraStepIosSafari2'],
  'android-chrome': ['cameraStepAndroidChrome1', 'cameraStepAndroidChrome2'],
  'desktop-chrome': ['cameraStepChrome1', 'cameraStepChrome2'],
  firefox: ['cameraStepFirefox1', 'cameraStepFirefox2'],
  'desktop-safari': ['cameraStepSafari1', 'cameraStepSafari2'],
  other: ['cameraStepOther1', 'cameraStepOther2'],
};

/** The steps to allow the camera again in this browser, ending with "then press Try again". */
export function allowCameraSteps(family: BrowserFamily): Key[] {
  return [...STEPS[family], 'cameraStepThenRetry'];
}
