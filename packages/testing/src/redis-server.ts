import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';

/** Debian's redis-server; override with REDIS_SERVER_PATH. */
export const REDIS_SERVER_PATH = process.env.REDIS_SERVER_PATH ?? '/usr/bin/redis-server';

export interface RunningRedis {
  url: string;
  port: number;
  stop(): Promise<void>;
}

async function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

function startOnce(port: number): Promise<RunningRedis> {
  return new Promise((resolve, reject) => {
    // No persistence, no protected-mode surprises: a throwaway server for one test file.
    const child: ChildProcess = spawn(
      REDIS_SERVER_PATH,
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`redis-server did not become ready within 10 s on port ${port}:\n${output}`));
    }, 10_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        resolve({
          url: `redis://127.0.0.1:${port}`,
          port,
          stop: () =>
            new Promise<void>((done) => {
              if (child.exitCode !== null) return done();
              child.once('exit', () => done());
              child.kill('SIGTERM');
            }),
        });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`could not start ${REDIS_SERVER_PATH}: ${error.message}`));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited with code ${code} before it was ready:\n${output}`));
    });
  });
}

/**
 * Starts a real `redis-server` on a free loopback port for a test file. Fails loudly (never skips)
 * when the binary is missing or the server does not come up, so a missing Redis is a red test run.
 */
export async function startRedisServer(): Promise<RunningRedis> {
  if (!existsSync(REDIS_SERVER_PATH)) {
    throw new Error(
      `redis-server not found at ${REDIS_SERVER_PATH}: install Debian's redis-server package or set REDIS_SERVER_PATH. The Redis store tests need a real server and do not skip.`,
    );
  }
  let lastError: unknown;
  // The free port may be taken between probing and binding; try a few.
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await startOnce(await freeLoopbackPort());
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}
