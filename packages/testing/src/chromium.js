// Plain JavaScript: the Vite and Playwright configs import it, and Vite hands a config's package
// imports to Node unbundled, which cannot load TypeScript (types: chromium.d.ts).
/** Debian's Chromium: Playwright cannot download its own browser on these machines. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Flags for a machine with no network but loopback (without them Chromium keeps trying to reach
 * Google's hosts), plus Chromium's fake camera, granted without a prompt.
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
];
