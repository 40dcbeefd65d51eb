import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

/** The CI summary, run as CI runs it, on report files written here. */

const SCRIPT = join(import.meta.dirname, 'summarize-tests.mjs');
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function summarize(reports: Record<string, unknown>): { code: number; lines: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'summary-'));
  dirs.push(dir);
  for (const [name, content] of Object.entries(reports)) {
    writeFileSync(join(dir, name), typeof content === 'string' ? content : JSON.stringify(content));
  }
  try {
    return { code: 0, lines: execFileSync(process.execPath, [SCRIPT, dir], { encoding: 'utf8' }).trim().split('\n') };
  } catch (error) {
    const failure = error as { status: number; stdout: string };
    return { code: failure.status, lines: failure.stdout.trim().split('\n') };
  }
}

const vitestReport = (tests: { name: string; status: 'passed' | 'failed'; message?: string }[]) => ({
  numPassedTests: tests.filter((t) => t.status === 'passed').length,
  numFailedTests: tests.filter((t) => t.status === 'failed').length,
  numPendingTests: 0,
  numTodoTests: 0,
  testResults: [
    {
      name: join(process.cwd(), 'packages/x/src/x.test.ts'),
      status: tests.some((t) => t.status === 'failed') ? 'failed' : 'passed',
      assertionResults: tests.map((t) => ({
        fullName: t.name,
        status: t.status,
        failureMessages: t.message ? [t.message] : [],
      })),
    },
  ],
});
const playwrightReport = { stats: { expected: 2, unexpected: 0, flaky: 0, skipped: 0 }, suites: [], errors: [] };

describe('summarize-tests.mjs', () => {
  it('adds everything up, and the last line names the total', () => {
    const { code, lines } = summarize({
      'check-lint': 'pass',
      'vitest-node.json': vitestReport([{ name: 'a', status: 'passed' }]),
      'vitest-browser.json': vitestReport([{ name: 'b', status: 'passed' }]),
      'playwright.json': playwrightReport,
    });
    expect(code).toBe(0);
    expect(lines.at(-1)).toBe('total: 5 passed, 0 failed');
  });

  it('names each failure before the total; a timeout gets a readable hint, not only the placeholder', () => {
    const { code, lines } = summarize({
      'check-lint': 'fail',
      'vitest-node.json': vitestReport([
        { name: 'adds', status: 'failed', message: 'AssertionError: expected 1 to be 2\n    at x' },
      ]),
      'vitest-browser.json': vitestReport([
        { name: 'shutter', status: 'failed', message: 'Error: STACK_TRACE_ERROR\n    at task (chunk.js:1:1)' },
      ]),
    });
    expect(code).toBe(1);
    expect(lines.filter((l) => l.startsWith('FAILED '))).toEqual([
      'FAILED vitest node packages/x/src/x.test.ts > adds: AssertionError: expected 1 to be 2',
      "FAILED vitest browser packages/x/src/x.test.ts > shutter: Error: STACK_TRACE_ERROR (in Vitest's JSON: most often a test timeout; the reporter's output above has the message)",
    ]);
    expect(lines).toContain('lint: FAILED');
    // The missing Playwright report counts as one failure: a runner that never finished ran nothing.
    expect(lines.at(-1)).toBe('total: 0 passed, 4 failed');
  });
});
