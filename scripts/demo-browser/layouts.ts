import type { BrowserContextOptions } from 'playwright';

/** The two sizes the capture screens are judged at: a touch phone and a laptop (1x pixels). */
export const LAYOUTS = {
  phone: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 1 },
  desktop: { viewport: { width: 1366, height: 768 }, deviceScaleFactor: 1 },
} satisfies Record<string, BrowserContextOptions>;
export type Layout = keyof typeof LAYOUTS;
