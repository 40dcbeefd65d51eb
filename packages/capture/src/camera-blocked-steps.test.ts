import { describe, expect, it } from 'vitest';
import { allowCameraSteps, type BrowserFamily, browserFamily } from './camera-blocked-steps.js';
import { LANGUAGES } from './i18n-built-in.js';

/** Real user agents, as each browser sends them. */
const AGENTS: [string, string, number, BrowserFamily][] = [
  [
    'iPhone Safari',
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
    5,
    'ios-safari',
  ],
  [
    'iPad Safari (asks for desktop sites: says Macintosh, has touch points)',
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15',
    5,
    'ios-safari',
  ],
  [
    'Chrome on iPhone (its own settings, not Safari’s)',
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/122.0.6261.89 Mobile/15E148 Safari/604.1',
    5,
    'other',
  ],
  [
    'Android Chrome',
    'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Mobile Safari/537.36',
    5,
    'android-chrome',
  ],
  [
    'Samsung Internet',
    'Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/24.0 Chrome/117.0.0.0 Mobile Safari/537.36',
    5,
    'other',
  ],
  [
    'an Android in-app web view',
    'Mozilla/5.0 (Linux; Android 13; Pixel 7; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/120.0.6099.230 Mobile Safari/537.36',
    5,
    'other',
  ],
  ['Firefox on Android', 'Mozilla/5.0 (Android 14; Mobile; rv:123.0) Gecko/123.0 Firefox/123.0', 5, 'other'],
  [
    'desktop Chrome',
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36',
    0,
    'desktop-chrome',
  ],
  [
    'desktop Edge',
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36 Edg/122.0.2365.66',
    0,
    'desktop-chrome',
  ],
  [
    'Opera (its own menus)',
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36 OPR/108.0.0.0',
    0,
    'other',
  ],
  ['desktop Firefox', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:123.0) Gecko/20100101 Firefox/123.0', 0, 'firefox'],
  [
    'desktop Safari',
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15',
    0,
    'desktop-safari',
  ],
  ['nothing known', '', 0, 'other'],
];

describe('the steps to allow a blocked camera', () => {
  it.each(AGENTS)('%s', (_name, agent, touchPoints, family) => {
    expect(browserFamily(agent, touchPoints)).toBe(family);
  });

  it('each browser has its own steps, all ending with "press Try again", written in every language', () => {
    const families: BrowserFamily[] = [
      'ios-safari',
      'android-chrome',
      'desktop-chrome',
      'firefox',
      'desktop-safari',
      'other',
    ];
    const first = families.map((family) => allowCameraSteps(family)[0]);
    expect(new Set(first).size).toBe(families.length);
    for (const family of families) {
      const steps = allowCameraSteps(family);
      expect(steps.length).toBeGreaterThanOrEqual(2);
      expect(steps.at(-1)).toBe('cameraStepThenRetry');
      for (const strings of Object.values(LANGUAGES)) {
        for (const key of steps) expect(strings[key], key).toMatch(/\S/);
        // The last step names the button exactly as the button says it.
        expect(strings.cameraStepThenRetry).toContain(strings.tryAgain);
      }
    }
  });
});
