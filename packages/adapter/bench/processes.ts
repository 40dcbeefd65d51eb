/**
 * Starts the adapter (bench/adapter-process.ts) or the sandbox CLI as child processes and reads
 * the `{"url"}` line each prints first. Used by the restart tests and by bench/load.ts.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = resolve(here, '../../..');

export interface Child {
  url: string;
  process: ChildProcess;
  /** Sends `signal` (SIGTERM by default) and resolves when the process has exited. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** Spawns `node --conditions=source --import tsx <script> ...args` and waits for its first JSON line. */
export function spawnFirstLine(script: string, args: string[], timeoutMs = 20_000): Promise<Child> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', script, ...args], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, DEBUG: '' },
    });
    // Never outlive the parent (a bench stopped with Ctrl-C, a test worker ending).
    const killOnExit = () => child.kill('SIGKILL');
    process.once('exit', killOnExit);
    child.once('exit', () => process.off('exit', killOnExit));
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${script} printed no URL within ${timeoutMs} ms: ${stderr.slice(0, 2000)}`));
    }, timeoutMs);
    const stop = (signal: NodeJS.Signals = 'SIGTERM') =>
      new Promise<void>((done) => {
        if (child.exitCode !== null || child.signalCode !== null) return done();
        child.once('exit', () => done());
        child.kill(signal);
      });
    child.stdout?.on('data', (chunk: Buffer) => {
      if (stdout.includes('\n')) return;
      stdout += chunk.toString();
      const newline = stdout.indexOf('\n');
      if (newline < 0) return;
      clearTimeout(timer);
      try {
        const { url } = JSON.parse(stdout.slice(0, newline)) as { url: string };
        resolvePromise({ url, process: child, stop });
      } catch (error) {
        reject(error);
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      if (stderr.length < 100_000) stderr += chunk.toString();
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited (${code ?? signal}) before printing its URL: ${stderr.slice(0, 2000)}`));
    });
  });
}

export interface AdapterChildOptions {
  apiHost: string;
  apiSecret: string;
  /** `memory`, `sqlite:PATH` or `redis:URL`. */
  store: string;
  port?: number;
  completions?: string;
  leaseMs?: number;
  maxConcurrentUploads?: number;
  /** Per-attempt timeout of the adapter's Berbix client, ms (the client's default, 30 s, if unset). */
  upstreamTimeoutMs?: number;
  /** Time each upload inside the child; `GET /__bench/timings` answers them (adapter-process.ts). */
  recordTimings?: boolean;
}

export function spawnAdapter(options: AdapterChildOptions): Promise<Child> {
  const args = ['--api-host', options.apiHost, '--api-secret', options.apiSecret, '--store', options.store];
  if (options.port) args.push('--port', String(options.port));
  if (options.completions) args.push('--completions', options.completions);
  if (options.leaseMs) args.push('--lease-ms', String(options.leaseMs));
  if (options.maxConcurrentUploads) args.push('--max-concurrent-uploads', String(options.maxConcurrentUploads));
  if (options.upstreamTimeoutMs) args.push('--timeout-ms', String(options.upstreamTimeoutMs));
  if (options.recordTimings) args.push('--record-timings');
  return spawnFirstLine(resolve(here, 'adapter-process.ts'), args);
}
