#!/usr/bin/env node
// The consumer test: what an integrator gets from the registry. Builds and packs every package,
// installs only those tarballs and public registry packages into a fresh app outside this
// workspace, and checks it: the install, strict type-checks (nodenext, node16, bundler, React 19, Vue 3),
// a Vite build of the README's page, require() from CommonJS, server-side rendering imports, the
// optional store drivers, and the built page in Chromium under a strict CSP against the README's
// server with the sandbox from its `berbix-sandbox` command.
//
// node consumer/run.mjs [--skip-build] [--keep]
//   --skip-build  use the packages' current dist/ (scripts/test.sh builds just before)
//   --keep        leave the temporary app in place and print where it is
// Exits 0 only when every check passed; prints one line per check and the figures.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '@berbix-capture/testing/chromium';
import { languageCheck, languageOfChunk } from './language-check.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const args = new Set(process.argv.slice(2));
const PACKAGES = ['protocol', 'aamva', 'imaging', 'client', 'adapter', 'sandbox', 'capture', 'react', 'vue'];
/** How to run pnpm: scripts/test.sh passes its own (`npx --yes pnpm@…` where pnpm is not installed). */
const [PNPM, ...PNPM_ARGS] = (process.env.PNPM ?? 'pnpm').split(' ').filter(Boolean);
/** Not a dependency of the workspace, so pinned here; everything else follows the workspace's versions. */
const VUE_TSC = '3.3.14';

const results = [];
const started = Date.now();
const children = new Set();

function log(message) {
  process.stdout.write(`${message}\n`);
}

/** Runs one named check; a failure is recorded with its message and the run goes on. */
async function check(name, fn) {
  const t0 = Date.now();
  try {
    const detail = await fn();
    results.push({ name, ok: true });
    log(`ok   ${name} (${((Date.now() - t0) / 1000).toFixed(1)} s)${detail ? `: ${detail}` : ''}`);
    return true;
  } catch (error) {
    results.push({ name, ok: false });
    log(`FAIL ${name} (${((Date.now() - t0) / 1000).toFixed(1)} s): ${error instanceof Error ? error.message : error}`);
    return false;
  }
}

/** Runs a command to completion; throws with its output when it fails. */
function run(command, commandArgs, { cwd, env, timeoutMs = 300_000 } = {}) {
  const result = spawnSync(command, commandArgs, {
    cwd,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: timeoutMs,
    maxBuffer: 64 * 1024 * 1024,
  });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim();
  if (result.error) throw new Error(`${command} ${commandArgs.join(' ')}: ${result.error.message}\n${output}`);
  if (result.status !== 0) throw new Error(`${command} ${commandArgs.join(' ')} exited ${result.status}\n${output}`);
  return result;
}

/** Starts a long-running process and resolves with its first stdout line, parsed as JSON. */
function startJsonServer(command, commandArgs, { cwd, env }) {
  const child = spawn(command, commandArgs, {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${commandArgs.at(-1)} printed nothing in 30 s\n${stderr}`)),
      30_000,
    );
    createInterface({ input: child.stdout }).once('line', (line) => {
      clearTimeout(timer);
      resolve({ child, ...JSON.parse(line) });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${commandArgs.at(-1)} exited ${code}\n${stderr}`));
    });
  });
}

/** The first fenced block of `lang` after `heading` (or anywhere) in a README: copied as written. */
function readmeBlock(file, lang, heading) {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const from = heading ? text.indexOf(heading) : 0;
  if (from < 0) throw new Error(`${file}: no "${heading}" section`);
  const match = text.slice(from).match(new RegExp(`\`\`\`${lang}\\n([\\s\\S]*?)\`\`\``));
  if (!match) throw new Error(`${file}: no \`\`\`${lang} block${heading ? ` under "${heading}"` : ''}`);
  return match[1];
}

const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));
const rootPkg = readJson(join(ROOT, 'package.json'));
const pkgOf = (name) => readJson(join(ROOT, 'packages', name, 'package.json'));
const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;

const work = mkdtempSync(join(tmpdir(), 'berbix-consumer-'));
const packs = join(work, 'packs');
const app = join(work, 'app');
if (relative(ROOT, work).split(/[\\/]/)[0] !== '..')
  throw new Error('the consumer app must live outside the workspace');

async function main() {
  if (!args.has('--skip-build')) {
    if (!(await check('build', () => void run(PNPM, [...PNPM_ARGS, '-s', 'build'], { cwd: ROOT, timeoutMs: 600_000 }))))
      return;
  }

  const tarballs = {};
  const packed = await check('pack', () => {
    mkdirSync(packs, { recursive: true });
    const sizes = [];
    for (const name of PACKAGES) {
      run(PNPM, [...PNPM_ARGS, 'pack', '--pack-destination', packs], { cwd: join(ROOT, 'packages', name) });
      const file = readdirSync(packs).find((f) => f.startsWith(`berbix-capture-${name}-`));
      if (!file) throw new Error(`no tarball for ${name}`);
      tarballs[name] = join(packs, file);
      const listing = run('tar', ['-tzf', tarballs[name]]).stdout.split('\n').filter(Boolean);
      const testCode = listing.filter((f) => /(^|\/)(testing|test-support)\/|\.test\.[cm]?[jt]s$/.test(f));
      if (testCode.length) throw new Error(`${file} ships test code: ${testCode.slice(0, 5).join(', ')}`);
      const manifest = JSON.parse(run('tar', ['-xOzf', tarballs[name], 'package/package.json']).stdout);
      if (JSON.stringify(manifest.exports).includes('"source"'))
        throw new Error(`${file} publishes a source condition`);
      if (JSON.stringify(manifest).includes('workspace:')) throw new Error(`${file} still says workspace:`);
      sizes.push(`${name} ${kib(statSync(tarballs[name]).size)} (${listing.length} files)`);
    }
    return sizes.join(', ');
  });
  if (!packed) return;

  // One app with every entry point: one install keeps the run fast, and nothing in it can reach
  // the workspace (it lives in the system's temporary folder).
  cpSync(FIXTURES, app, { recursive: true });
  const reactPkg = pkgOf('react');
  const vuePkg = pkgOf('vue');
  writeFileSync(
    join(app, 'package.json'),
    `${JSON.stringify(
      {
        name: 'berbix-capture-consumer',
        private: true,
        type: 'module',
        dependencies: {
          ...Object.fromEntries(PACKAGES.map((name) => [`@berbix-capture/${name}`, `file:${tarballs[name]}`])),
          express: pkgOf('adapter').dependencies.express,
          react: reactPkg.devDependencies.react,
          'react-dom': reactPkg.devDependencies['react-dom'],
          vue: vuePkg.devDependencies.vue,
        },
        devDependencies: {
          '@types/node': rootPkg.devDependencies['@types/node'],
          '@types/react': reactPkg.devDependencies['@types/react'],
          '@types/react-dom': reactPkg.devDependencies['@types/react-dom'],
          typescript: rootPkg.devDependencies.typescript,
          vite: rootPkg.devDependencies.vite,
          'vue-tsc': VUE_TSC,
        },
      },
      null,
      2,
    )}\n`,
  );

  const installed = await check('npm install (tarballs + registry)', () => {
    const { stderr } = run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=warn'], {
      cwd: app,
      timeoutMs: 600_000,
    });
    // npm prints each as several lines: `npm warn EBADENGINE   package: 'name@1.2.3',`. None is
    // allowed: capture bundles @zxing/library (whose engines say node >= 24) instead of depending on it.
    const engines = [...stderr.matchAll(/EBADENGINE\s+package: '([^']+)'/g)].map((m) => m[1]);
    if (engines.length) throw new Error(`engines warnings: ${engines.join(', ')}`);
    if (existsSync(join(app, 'node_modules', '@zxing', 'library'))) throw new Error('@zxing/library was installed');
    for (const name of PACKAGES) {
      const manifest = readJson(join(app, 'node_modules', '@berbix-capture', name, 'package.json'));
      if (JSON.stringify(manifest.exports).includes('"source"')) throw new Error(`${name}: source condition installed`);
    }
    return 'no engines warnings, no @zxing/library';
  });
  if (!installed) return;

  await check('README snippets copied as written', () => {
    writeFileSync(join(app, 'server', 'server.ts'), readmeBlock('README.md', 'ts', '## Use it'));
    const html = readFileSync(join(app, 'page', 'index.template.html'), 'utf8');
    writeFileSync(
      join(app, 'page', 'index.html'),
      html.replace('<!-- README -->', readmeBlock('README.md', 'html', '## Use it')),
    );
    rmSync(join(app, 'page', 'index.template.html'));
    writeFileSync(join(app, 'react', 'VerifyId.tsx'), readmeBlock('packages/react/README.md', 'tsx'));
    writeFileSync(join(app, 'vue', 'App.vue'), readmeBlock('packages/vue/README.md', 'vue'));
    return 'README.md (server.ts, page), react and vue READMEs';
  });

  const bin = (name) => join(app, 'node_modules', '.bin', name);
  const compiled = await check(
    'tsc strict, module nodenext (server, CommonJS require, every server package)',
    () => void run(bin('tsc'), ['-p', 'tsconfig.nodenext.json'], { cwd: app }),
  );
  // node16 cannot require() ES modules (Node 16 could not), so its project leaves the .cts out.
  await check(
    'tsc strict, module node16 (server, every server package)',
    () => void run(bin('tsc'), ['-p', 'tsconfig.node16.json'], { cwd: app }),
  );
  await check(
    'tsc strict, moduleResolution bundler (server, page, React 19)',
    () => void run(bin('tsc'), ['-p', 'tsconfig.bundler.json'], { cwd: app }),
  );
  await check(
    'vue-tsc strict (Vue 3 README component, template ref restart())',
    () => void run(bin('vue-tsc'), ['-p', 'tsconfig.vue.json'], { cwd: app }),
  );
  let pageJs = 0;
  const built = await check('vite build of the README page', () => {
    run(bin('vite'), ['build', '--config', 'page/vite.config.mjs'], { cwd: app });
    const assets = join(app, 'page', 'dist', 'assets');
    const js = readdirSync(assets).filter((f) => f.endsWith('.js'));
    pageJs = js.reduce((sum, f) => sum + gzipSync(readFileSync(join(assets, f))).length, 0);
    return `${js.length} JS files, ${kib(pageJs)} gzipped in all`;
  });
  await check('require() from CommonJS', () => run('node', ['node/require.cjs'], { cwd: app }).stdout.trim());
  await check('SSR imports in Node without a DOM', () => run('node', ['node/ssr.mjs'], { cwd: app }).stdout.trim());
  await check('optional store drivers not installed', () =>
    run('node', ['node/peers.mjs'], { cwd: app }).stdout.trim(),
  );

  if (compiled && built) await check('page in Chromium under a strict CSP', () => browserCheck(bin));
}

/**
 * The sandbox from its bin, the README's server compiled by tsc, the built page in Chromium with
 * a fake camera: no CSP violation, the session starts, the camera is live, the guide is visible,
 * and no request leaves the origin.
 */
async function browserCheck(bin) {
  const sandbox = await startJsonServer(bin('berbix-sandbox'), [], { cwd: app });
  const server = await startJsonServer('node', [join(app, 'build', 'server', 'main.js')], {
    cwd: app,
    env: {
      BERBIX_API_HOST: sandbox.url,
      BERBIX_API_SECRET: 'secret_test_sandbox',
      SESSION_SECRET: randomBytes(32).toString('base64url'),
      BERBIX_TEMPLATE_KEY: 'tpl_consumer_test',
    },
  });
  // The test harness's own Playwright (the workspace's), driving Debian's Chromium with the
  // workspace's flags (the private testing package; the app under test never sees either).
  const { chromium } = createRequire(join(ROOT, 'package.json'))('playwright');
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    const violations = [];
    const offsite = [];
    const scripts = new Set();
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text().slice(0, 300));
    });
    page.on('request', (request) => {
      const url = request.url();
      if (!/^(data|blob):/.test(url) && !url.startsWith(server.url)) offsite.push(url);
      if (request.resourceType() === 'script' || /\.js($|\?)/.test(url)) scripts.add(new URL(url).pathname);
    });
    await page.addInitScript(() => {
      document.addEventListener(
        'securitypolicyviolation',
        (event) => {
          window.__cspViolations = window.__cspViolations ?? [];
          window.__cspViolations.push(
            `${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`,
          );
        },
        true,
      );
    });
    const session = page.waitForResponse((r) => r.url().endsWith('/berbix/session') && r.request().method() === 'POST');
    await page.goto(server.url);
    const sessionStatus = (await session).status();
    if (sessionStatus !== 201) throw new Error(`POST /berbix/session answered ${sessionStatus}`);
    // On a computer the element first offers to continue on a phone; this check uses the camera here.
    const host = page.locator('berbix-capture');
    const useComputer = host.locator('[data-action="handoff-use-computer"]');
    const video = host.locator('video[part~="video"]');
    await Promise.race([useComputer.waitFor({ timeout: 20_000 }), video.waitFor({ timeout: 20_000 })]);
    if (await useComputer.isVisible()) await useComputer.click();
    await page.waitForFunction(
      () => {
        const v = document.querySelector('berbix-capture')?.shadowRoot?.querySelector('video');
        return v !== null && v !== undefined && v.readyState >= 2 && v.videoWidth > 0 && !v.paused;
      },
      undefined,
      { timeout: 20_000 },
    );
    const guide = await host.locator('[part~="guide"]').evaluate((el) => {
      const rect = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      const stage = el.parentElement?.getBoundingClientRect();
      return {
        width: rect.width,
        height: rect.height,
        visible: style.visibility !== 'hidden' && style.display !== 'none' && Number(style.opacity) > 0,
        inside: stage ? rect.left >= stage.left - 1 && rect.right <= stage.right + 1 : false,
        outlined:
          Number.parseFloat(style.borderTopWidth) > 0 ||
          Number.parseFloat(style.outlineWidth) > 0 ||
          style.boxShadow !== 'none',
      };
    });
    // Give late violations (styles applied after the first frames) a moment to be reported.
    await page.waitForTimeout(1000);
    const cspEvents = await page.evaluate(() => window.__cspViolations ?? []);
    const assets = join(app, 'page', 'dist');
    const jsBeforeCamera = [...scripts].reduce((sum, path) => {
      try {
        return sum + gzipSync(readFileSync(join(assets, path))).length;
      } catch {
        return sum;
      }
    }, 0);
    const problems = [];
    if (cspEvents.length || violations.length) {
      problems.push(`${cspEvents.length} CSP violation(s): ${[...new Set([...cspEvents, ...violations])].join(' | ')}`);
    }
    if (offsite.length) problems.push(`requests left the origin: ${offsite.join(', ')}`);
    if (!(guide.width > 20 && guide.height > 20 && guide.visible && guide.inside && guide.outlined)) {
      problems.push(`the guide is not visible: ${JSON.stringify(guide)}`);
    }
    const languageChunks = [...scripts].filter(languageOfChunk);
    if (languageChunks.length) problems.push(`an English page fetched languages: ${languageChunks.join(', ')}`);
    if (problems.length) throw new Error(problems.join('; '));
    const languages = await languageCheck(browser, server.url, app);
    return `session 201, camera live, guide ${Math.round(guide.width)}x${Math.round(guide.height)} px, no CSP violation, nothing off-origin; ${kib(jsBeforeCamera)} of JS gzipped before the camera opened (${[...scripts].map((path) => path.split('/').pop()).join(', ')}); ${languages}`;
  } finally {
    await browser.close();
  }
}

function cleanUp() {
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  if (args.has('--keep')) log(`kept: ${work}`);
  else rmSync(work, { recursive: true, force: true });
}

try {
  await main();
} catch (error) {
  results.push({ name: 'consumer test', ok: false });
  log(`FAIL consumer test: ${error instanceof Error ? error.stack : error}`);
} finally {
  cleanUp();
}
const failed = results.filter((r) => !r.ok).length;
log(`consumer: ${results.length - failed} passed, ${failed} failed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
process.exit(failed ? 1 : 0);
