import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '@berbix-capture/testing/chromium';
import { chromium } from 'playwright';
import { type FlowSample, runOnce } from './bench-flow/run-once.js';
import { SPANS, summarise } from './bench-flow/stats.js';
import { type DemoServer, startDemoServer } from './demo-browser/demo-server.js';
import { e2eInputs } from './demo-browser/inputs.js';
import { LAYOUTS, type Layout } from './demo-browser/layouts.js';

/**
 * `pnpm bench:flow [--root DIR]... [--runs N] [--layout phone|desktop] [--json FILE]`: how fast the
 * capture flow is through the real demo, in Chromium with its fake camera playing a steady card:
 * page to camera live, camera live to the auto-captured review, "Use this photo" to the next step.
 * Several `--root`s (checkouts of this repository, e.g. one made with `git worktree add`) are run
 * in turn, run by run, so they share the machine's load; the load average is printed around it.
 */
const HERE = dirname(fileURLToPath(import.meta.url));
const OWN_ROOT = resolve(HERE, '..');
const usage = `usage: pnpm bench:flow [--root DIR]... [--runs N] [--warmup N] [--layout phone|desktop]... [--json FILE]
  --root DIR     a checkout to measure (repeatable; default: this one)
  --runs N       measured runs per checkout and layout (default 10)
  --warmup N     unmeasured runs first, per checkout and layout (default 1)
  --layout L     phone (390x844, touch) or desktop (1366x768); repeatable (default: both)
  --camera FILE  the fake camera's Y4M (default: the e2e suite's steady card front, generated when missing)
  --json FILE    also write every sample and the summary as JSON`;

function fail(message: string): never {
  process.stderr.write(`bench:flow: ${message}\n${usage}\n`);
  process.exit(2);
}

let values: ReturnType<typeof parse>['values'];
function parse() {
  return parseArgs({
    args: process.argv.slice(2).filter((arg, i) => !(i === 0 && arg === '--')),
    options: {
      root: { type: 'string', multiple: true },
      runs: { type: 'string', default: '10' },
      warmup: { type: 'string', default: '1' },
      layout: { type: 'string', multiple: true },
      camera: { type: 'string' },
      json: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
try {
  ({ values } = parse());
} catch (error) {
  fail((error as Error).message);
}
if (values.help) {
  process.stdout.write(`${usage}\n`);
  process.exit(0);
}
const runs = Number(values.runs);
const warmup = Number(values.warmup);
if (!Number.isInteger(runs) || runs < 1) fail('--runs must be a whole number of at least 1');
if (!Number.isInteger(warmup) || warmup < 0) fail('--warmup must be a whole number of at least 0');
const layouts = (values.layout ?? ['phone', 'desktop']) as Layout[];
for (const layout of layouts) if (!(layout in LAYOUTS)) fail(`unknown layout "${layout}"`);
const roots = (values.root ?? [OWN_ROOT]).map((root) => resolve(root));

/** The e2e suite's video of a licence front held still, unless another is given. */
function cameraFile(): string {
  if (!values.camera) return e2eInputs(OWN_ROOT).frontVideo;
  if (!existsSync(values.camera)) fail(`no camera file at ${values.camera}`);
  return resolve(values.camera);
}

const load = () => loadavg().map((x) => Number(x.toFixed(2)));
const camera = cameraFile();
const servers: DemoServer[] = [];
const browser = await chromium.launch({
  executablePath: CHROMIUM_PATH,
  args: [...CHROMIUM_ARGS, `--use-file-for-fake-video-capture=${camera}`],
});
const samples = new Map<string, FlowSample[]>();
const loadBefore = load();
try {
  for (const root of roots) servers.push(await startDemoServer(root));
  const key = (server: DemoServer, layout: Layout) => `${server.root}\t${layout}`;
  for (let run = -warmup; run < runs; run++) {
    for (const layout of layouts) {
      // Checkouts take turns run by run, so a burst of load elsewhere falls on all of them alike.
      for (const server of run % 2 === 0 ? servers : [...servers].reverse()) {
        const sample = await runOnce(browser, server.url, layout);
        if (sample.error) process.stderr.write(`${server.revision} ${layout} run ${run}: ${sample.error}\n`);
        if (run < 0) continue;
        const list = samples.get(key(server, layout)) ?? [];
        list.push(sample);
        samples.set(key(server, layout), list);
      }
    }
    if (run >= 0) process.stderr.write(`run ${run + 1}/${runs} done (load ${load().join(' ')})\n`);
  }
  const loadAfter = load();

  const report = servers.flatMap((server) =>
    layouts.map((layout) => {
      const list = samples.get(key(server, layout)) ?? [];
      return {
        root: server.root,
        revision: server.revision,
        layout,
        runs: list.length,
        failed: list.filter((s) => s.error).length,
        summary: summarise(list),
        samples: list,
      };
    }),
  );
  const lines = [
    `flow speed through the demo: ${runs} runs per checkout and layout (${warmup} warm-up), Chromium ${browser.version()}, camera ${camera.split('/').at(-1)}`,
    `load average (1, 5, 15 min): before ${loadBefore.join(' ')}, after ${loadAfter.join(' ')}`,
    'spans (ms, median / p95): pageToLive = navigation start to the video playing; screenToLive = the capture',
    'screen shown to the video playing; liveToGuidance = video playing to the first guidance text (negative: the',
    'text came first); liveToReview = video playing to the auto-captured review; useToNextScreen / useToNextLive =',
    '"Use this photo" to the back step\'s screen / its video playing (the upload to the sandbox included)',
    ['checkout', 'layout', 'failed', ...SPANS].join('\t'),
    ...report.map((r) =>
      [
        `${r.revision} ${r.root}`,
        r.layout,
        `${r.failed}/${r.runs}`,
        ...SPANS.map((name) => `${r.summary[name].median ?? '-'} / ${r.summary[name].p95 ?? '-'}`),
      ].join('\t'),
    ),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  if (values.json) {
    mkdirSync(dirname(resolve(values.json)), { recursive: true });
    const json = { date: new Date().toISOString(), runs, warmup, camera, loadBefore, loadAfter, results: report };
    writeFileSync(values.json, `${JSON.stringify(json, null, 2)}\n`);
  }
} finally {
  await browser.close();
  for (const server of servers) await server.close();
}
