// Fails when an installed package declares an `engines.node` range that the running Node does not
// satisfy: a package that needs a newer Node should fail here, not at run time in front of a user.
// pnpm's own engineStrict cannot make exceptions, and we need exactly one (below).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import semver from 'semver';

/** Packages whose declared range is known to be stricter than what they really need, and why. */
const EXCEPTIONS = {
  // 0.23 declares node >= 24 for its own tooling; it is browser code and runs on Node 20 too.
  // Older versions throw on binary PDF417 payloads, so 0.23 is required. Only this workspace
  // installs it (capture's build copies the modules it uses into dist/): consumers never see it.
  '@zxing/library': '0.23.0',
};

/** `name@version` of every package the lockfile installs; a store may hold stale others. */
function lockedPackages() {
  const lock = readFileSync(join(process.cwd(), 'pnpm-lock.yaml'), 'utf8');
  const section = lock.split(/^packages:$/m)[1]?.split(/^\S/m)[0] ?? '';
  return new Set([...section.matchAll(/^ {2}'?(@?[^@'\s]+@[^'():\s]+)/gm)].map((m) => m[1]));
}

const locked = lockedPackages();
const store = join(process.cwd(), 'node_modules', '.pnpm');
const problems = [];
let checked = 0;
for (const entry of readdirSync(store)) {
  const modules = join(store, entry, 'node_modules');
  let names;
  try {
    names = readdirSync(modules);
  } catch {
    continue;
  }
  for (const name of names.flatMap((n) =>
    n.startsWith('@') ? readdirSync(join(modules, n)).map((m) => `${n}/${m}`) : [n],
  )) {
    let pkg;
    try {
      pkg = JSON.parse(readFileSync(join(modules, name, 'package.json'), 'utf8'));
    } catch {
      continue;
    }
    // Each store folder also links its dependencies; only the folder's own package counts.
    if (!entry.startsWith(pkg.name?.replace('/', '+') ?? '\0')) continue;
    if (!locked.has(`${pkg.name}@${pkg.version}`)) continue;
    checked++;
    const range = pkg.engines?.node;
    if (!range || semver.satisfies(process.version, range, { includePrerelease: true })) continue;
    if (EXCEPTIONS[pkg.name] === pkg.version) continue;
    problems.push(`${pkg.name}@${pkg.version} needs node ${range}`);
  }
}
for (const problem of problems) console.error(`engines: ${problem} (running ${process.version})`);
console.log(`engines: ${checked} packages checked against node ${process.version}, ${problems.length} incompatible`);
process.exit(problems.length ? 1 : 0);
