import { buildPages } from './pages.js';

/** `pnpm demo:build`: builds the demo page into demo/dist for `pnpm demo --prod`. */
await buildPages();
process.stdout.write('demo page built into demo/dist\n');
