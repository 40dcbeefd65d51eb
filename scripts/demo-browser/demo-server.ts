import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';

/**
 * The real demo (page, adapter, embedded sandbox) of any checkout of this repository, built and
 * served as `pnpm demo --prod` would, so a script can drive one tree or compare two (say, the tree
 * before a change, checked out with `git worktree add`, against the tree after it).
 */
export interface DemoServer {
  root: string;
  url: string;
  /** The commit the tree is at, with `+changes` when its working tree differs from it. */
  revision: string;
  close(): Promise<void>;
}

/** How the workspace packages run from their TypeScript source (as `pnpm demo` does). */
const FROM_SOURCE = ['--conditions=source', '--import', 'tsx'];

function revisionOf(root: string): string {
  const git = (...args: string[]) => execFileSync('git', ['-C', root, ...args], { encoding: 'utf8' }).trim();
  try {
    const dirty = git('status', '--porcelain', '--untracked-files=no') !== '';
    return `${git('rev-parse', '--short', 'HEAD')}${dirty ? '+changes' : ''}`;
  } catch {
    return 'unknown';
  }
}

function firstLine(child: ChildProcess, timeoutMs: number): Promise<string> {
  return new Promise((resolveLine, reject) => {
    const timer = setTimeout(() => reject(new Error(`the demo did not start within ${timeoutMs} ms`)), timeoutMs);
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).once('line', (line) => {
      clearTimeout(timer);
      resolveLine(line);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the demo exited with ${code} before printing its URL`));
    });
  });
}

/** Builds `root`'s demo page from its current sources and starts its server on a free port. */
export async function startDemoServer(root: string): Promise<DemoServer> {
  const dir = resolve(root);
  if (!existsSync(`${dir}/demo/main.ts`))
    throw new Error(`${dir} is not a checkout of this repository (no demo/main.ts)`);
  if (!existsSync(`${dir}/node_modules/tsx`)) {
    throw new Error(`${dir} has no installed dependencies: run \`pnpm install --frozen-lockfile\` there first`);
  }
  execFileSync(process.execPath, [...FROM_SOURCE, 'demo/build.ts'], {
    cwd: dir,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const child = spawn(process.execPath, [...FROM_SOURCE, 'demo/main.ts', '--prod', '--port', '0', '--json'], {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const { url } = JSON.parse(await firstLine(child, 60_000)) as { url: string };
  // The server keeps writing to stdout; drain it so it never blocks on a full pipe.
  child.stdout?.resume();
  return {
    root: dir,
    url,
    revision: revisionOf(dir),
    close: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
