#!/usr/bin/env node
/**
 * Runs after `tsc`: copies the `@zxing/library` modules that `dist/` imports into
 * `dist/vendor/zxing-library/` (one file per original module, only the modules reached, with the
 * licences and a notice), and points those imports at the copies.
 *
 * Why: `@zxing/library` 0.23 declares `engines.node >= 24` (for its own build tools), so an install
 * on Node 20 or 22 warns `EBADENGINE` although the code only ever runs in the browser; the versions
 * before 0.23 throw on the binary payloads of real licences. Shipped inside `dist/`, the package is
 * a build-time dependency only. One output file per original module keeps a consumer's bundler free
 * to split them as before: the worker's row decoder needs four modules, the zxing-js engine (a
 * dynamic import) the reader.
 *
 *   node scripts/bundle-zxing.mjs [distDir]
 */
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const PACKAGE = '@zxing/library';
const VENDOR = join('vendor', 'zxing-library');
/** `from '@zxing/library'` or `from '@zxing/library/esm/…'`, with the clause before it. */
const IMPORT = /import\s+([^;'"]*?)\s+from\s+'(@zxing\/library(?:\/[^']*)?)'/g;

const dist = resolve(process.argv[2] ?? fileURLToPath(new URL('../dist/', import.meta.url)));
const vendorDir = join(dist, VENDOR);
const requireFromPackage = createRequire(fileURLToPath(new URL('../package.json', import.meta.url)));
const libraryRoot = dirname(requireFromPackage.resolve(`${PACKAGE}/package.json`));
const library = JSON.parse(readFileSync(join(libraryRoot, 'package.json'), 'utf8'));

/** Every `.js` file under `dir`, except the copies themselves. */
function jsFiles(dir) {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.js'))
    .map((entry) => join(entry.parentPath, entry.name))
    .filter((file) => !file.startsWith(vendorDir + sep));
}

/** The names a `{ A, B as C }` clause imports (types are already gone from tsc's output). */
function namedImports(clause, file) {
  const braces = /^\{([^}]*)\}$/.exec(clause.trim());
  if (!braces) {
    throw new Error(`${relative(dist, file)}: import ${clause} from '${PACKAGE}': only named imports are bundled`);
  }
  return braces[1]
    .split(',')
    .map((part) => part.trim().split(/\s+as\s+/)[0])
    .filter(Boolean);
}

const files = jsFiles(dist).map((file) => ({ file, text: readFileSync(file, 'utf8') }));
const rootNames = new Set();
const deepPaths = new Set();
for (const { file, text } of files) {
  for (const [, clause, specifier] of text.matchAll(IMPORT)) {
    if (specifier === PACKAGE) for (const name of namedImports(clause, file)) rootNames.add(name);
    else deepPaths.add(specifier);
  }
}
if (rootNames.size === 0 && deepPaths.size === 0) throw new Error(`no import of ${PACKAGE} in ${dist}`);

// The root entry of the copies: a module that re-exports only the names `dist/` imports.
const rootEntry = join(mkdtempSync(join(tmpdir(), 'zxing-library-root-')), 'index.js');
const libraryIndex = requireFromPackage.resolve(PACKAGE).replace(/[\\/]cjs[\\/]index\.js$/, '/esm/index.js');
writeFileSync(rootEntry, `export { ${[...rootNames].join(', ')} } from ${JSON.stringify(libraryIndex)};\n`);
const entries = { [PACKAGE]: rootEntry };
for (const specifier of deepPaths) entries[specifier] = requireFromPackage.resolve(specifier);

/** The library's own modules keep their paths; what they import goes under `deps/<package>/`. */
function fileNameOf(chunk) {
  const id = chunk.facadeModuleId ?? '';
  if (id === rootEntry) return 'index.js';
  if (id.startsWith(libraryRoot + sep)) return '[name].js';
  const root = packageRootOf(id);
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  return join('deps', pkg.name, relative(root, id))
    .split(sep)
    .join('/')
    .replace(/\.[cm]?js$/, '.js');
}

rmSync(vendorDir, { recursive: true, force: true });
const [output] = await build({
  configFile: false,
  logLevel: 'warn',
  build: {
    outDir: vendorDir,
    emptyOutDir: true,
    copyPublicDir: false,
    minify: false,
    sourcemap: false,
    lib: { entry: Object.values(entries), formats: ['es'] },
    rolldownOptions: {
      // Its modules only define classes and tables; what no import reaches can go (the whole
      // library otherwise, from its index: about 220 modules instead of about 60).
      treeshake: { moduleSideEffects: false },
      output: {
        preserveModules: true,
        preserveModulesRoot: libraryRoot,
        entryFileNames: fileNameOf,
        // Their JSDoc would only add weight; `@license` and `#__PURE__` comments stay.
        comments: { legal: true, annotation: true, jsdoc: false },
      },
    },
  },
});

rmSync(dirname(rootEntry), { recursive: true, force: true });

/** Where each specifier's module landed, relative to the copies' folder. */
const landed = new Map();
const bundled = new Set();
for (const chunk of output.output) {
  if (chunk.type !== 'chunk') continue;
  for (const id of chunk.moduleIds) bundled.add(id);
  for (const [specifier, id] of Object.entries(entries)) {
    if (chunk.facadeModuleId === id) landed.set(specifier, chunk.fileName);
  }
}

for (const { file, text } of files) {
  const rewritten = text.replace(IMPORT, (_statement, clause, specifier) => {
    const target = landed.get(specifier);
    if (!target) throw new Error(`${relative(dist, file)}: ${specifier} was not bundled`);
    const path = relative(dirname(file), join(vendorDir, target)).split(sep).join('/');
    return `import ${clause} from '${path.startsWith('.') ? path : `./${path}`}'`;
  });
  if (rewritten.includes(`'${PACKAGE}`)) throw new Error(`${relative(dist, file)} still refers to ${PACKAGE}`);
  if (rewritten !== text) writeFileSync(file, rewritten);
}

// The bundler marks where each module began with its path on this machine: not for publishing.
for (const chunk of output.output) {
  if (chunk.type !== 'chunk') continue;
  const file = join(vendorDir, chunk.fileName);
  writeFileSync(file, readFileSync(file, 'utf8').replace(/^\/\/ \S*node_modules\/\S*\n/gm, ''));
}

/** The licences of every package the copies came from, and the copyright lines of their files. */
function writeNotice() {
  const packages = new Map();
  const copyrights = new Set();
  for (const id of bundled) {
    if (id === rootEntry || id.startsWith('\0')) continue;
    const root = packageRootOf(id);
    packages.set(root, JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')));
    for (const [line] of readFileSync(id, 'utf8').matchAll(/Copyright\b.*$/gm)) copyrights.add(line.trim());
  }
  const sections = [];
  for (const [root, pkg] of packages) {
    const licence = readdirSync(root).find((name) => /^licen[sc]e/i.test(name));
    if (!licence) throw new Error(`${pkg.name} ships no licence file`);
    const copy = `LICENSE-${pkg.name.replace('@', '').replace('/', '-')}`;
    copyFileSync(join(root, licence), join(vendorDir, copy));
    sections.push(`- ${pkg.name} ${pkg.version} (${pkg.license}): ${copy}`);
  }
  writeFileSync(
    join(vendorDir, 'NOTICE'),
    [
      `These files are modules of ${library.name} ${library.version} and what they import, bundled`,
      'unchanged in behaviour by @berbix-capture/capture (scripts/bundle-zxing.mjs): one file per',
      'original module, only the modules the PDF417 decoder uses, comments left out.',
      '',
      ...sections,
      '',
      'Copyright notices of the original files:',
      ...[...copyrights].sort().map((line) => `  ${line}`),
      '',
    ].join('\n'),
  );
}

/** The folder of the package.json that owns a module file. */
function packageRootOf(file) {
  for (let dir = dirname(file); dir !== dirname(dir); dir = dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
      if (pkg.name && pkg.version) return dir;
    } catch {}
  }
  throw new Error(`no package.json above ${file}`);
}

writeNotice();
process.stdout.write(`bundled ${bundled.size} modules of ${PACKAGE} ${library.version} into ${VENDOR}\n`);
