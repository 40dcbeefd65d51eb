import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '@berbix-capture/testing/chromium';
import { type Browser, chromium } from 'playwright';
import { startDemoServer } from './demo-browser/demo-server.js';
import { e2eInputs } from './demo-browser/inputs.js';
import { LAYOUTS, type Layout } from './demo-browser/layouts.js';
import { blockedCameraWalk, cameraWalk, handoffWalk, noCameraWalk, type WalkSetup } from './screens/walks.js';

/**
 * `pnpm screens [--out DIR] [--lang CODE]... [--layout phone|desktop]...`: walks the real demo in
 * Chromium (its fake camera playing the card's front) and saves every screen of the element as PNG
 * at a touch phone's size (390x844) and a laptop's (1366x768), in English and Arabic by default,
 * into docs/screens/<layout>-<lang>/, with an index (README.md) beside them.
 */
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const usage = `usage: pnpm screens [--out DIR] [--lang CODE]... [--layout phone|desktop]...
  --out DIR      where the PNGs go (default docs/screens; each run replaces the layouts and languages it shoots)
  --lang CODE    the element's language (repeatable; default en and ar)
  --layout L     phone or desktop (repeatable; default both)`;

let values: { out?: string; lang?: string[]; layout?: string[]; help?: boolean };
try {
  ({ values } = parseArgs({
    args: process.argv.slice(2).filter((arg, i) => !(i === 0 && arg === '--')),
    options: {
      out: { type: 'string' },
      lang: { type: 'string', multiple: true },
      layout: { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h' },
    },
  }));
} catch (error) {
  process.stderr.write(`screens: ${(error as Error).message}\n${usage}\n`);
  process.exit(2);
}
if (values.help) {
  process.stdout.write(`${usage}\n`);
  process.exit(0);
}
const out = resolve(values.out ?? `${ROOT}/docs/screens`);
const langs = values.lang ?? ['en', 'ar'];
const layouts = (values.layout ?? ['phone', 'desktop']) as Layout[];
for (const layout of layouts) {
  if (!(layout in LAYOUTS)) {
    process.stderr.write(`screens: unknown layout "${layout}"\n${usage}\n`);
    process.exit(2);
  }
}

const inputs = e2eInputs(ROOT);
const launch = (args: string[]) => chromium.launch({ executablePath: CHROMIUM_PATH, args });
const fakeCamera = `--use-file-for-fake-video-capture=${inputs.frontVideo}`;
const browsers: Browser[] = [];
const server = await startDemoServer(ROOT);
const failures: string[] = [];
const index: string[] = [];
try {
  // A granted camera; a camera whose permission prompt is never accepted (headless Chromium then
  // refuses it); no camera device at all.
  const camera = await launch([...CHROMIUM_ARGS, fakeCamera]);
  const blocked = await launch([...CHROMIUM_ARGS.filter((a) => a !== '--use-fake-ui-for-media-stream'), fakeCamera]);
  const noCamera = await launch(CHROMIUM_ARGS.filter((a) => !a.includes('fake-device') && !a.includes('fake-ui')));
  browsers.push(camera, blocked, noCamera);

  for (const layout of layouts) {
    for (const lang of langs) {
      const dir = `${out}/${layout}-${lang}`;
      rmSync(dir, { recursive: true, force: true });
      const saved: string[] = [];
      const setup: WalkSetup = {
        url: server.url,
        layout,
        lang,
        dir,
        saved,
        photos: { front: inputs.frontPhoto, back: inputs.backPhoto },
      };
      const walks = [
        ['camera', () => cameraWalk(camera, setup)],
        ['blocked camera', () => blockedCameraWalk(blocked, setup)],
        ['no camera', () => noCameraWalk(noCamera, setup)],
        ...(layout === 'desktop' ? [['hand-off', () => handoffWalk(camera, setup)] as const] : []),
      ] as const;
      for (const [name, walk] of walks) {
        try {
          // A walk that stalls somewhere no wait covers must not hold the machine.
          let timer: NodeJS.Timeout | undefined;
          const stalled = new Promise<never>((_, reject) => {
            timer = setTimeout(() => reject(new Error('stalled for 3 minutes')), 180_000);
          });
          await Promise.race([walk(), stalled]).finally(() => clearTimeout(timer));
        } catch (error) {
          failures.push(`${layout} ${lang} ${name}: ${(error as Error).message.split('\n')[0]}`);
        }
      }
      saved.sort();
      index.push(`## ${layout} (${LAYOUTS[layout].viewport.width}x${LAYOUTS[layout].viewport.height}), ${lang}`, '');
      index.push(...saved.map((file) => `- [${relative(dir, file)}](${relative(out, file)})`), '');
      process.stderr.write(`${layout} ${lang}: ${saved.length} screens\n`);
    }
  }
  mkdirSync(out, { recursive: true });
  writeFileSync(
    `${out}/README.md`,
    [
      '# Screens of the element',
      '',
      `Made by \`pnpm screens\` (scripts/screens.ts) through the real demo at revision ${server.revision}: Chromium's`,
      "fake camera plays the generated card front; 'phone' is 390x844 with touch, 'desktop' 1366x768,",
      "both at 1x. On a phone the picture starts at the element's top; the",
      'hand-off screens exist on a laptop only. Numbers follow the order a person meets the screens.',
      '',
      ...index,
    ].join('\n'),
  );
} finally {
  for (const browser of browsers) await browser.close();
  await server.close();
}
if (failures.length) {
  process.stderr.write(`screens missing:\n${failures.map((f) => `  ${f}`).join('\n')}\n`);
  process.exit(1);
}
