// Adds up the reports of one test run and prints the closing line `total: N passed, N failed`.
// A missing report counts as a failure: a runner that crashed before writing one ran nothing.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';

const dir = process.argv[2];
let passed = 0;
let failed = 0;
let skipped = 0;
// Names of what failed, printed last so the tail of a CI log says what broke, not just how much.
const failures = [];
const firstLine = (text) => {
  const line =
    String(text ?? '')
      .split('\n')
      .find((l) => l.trim()) ?? '';
  // Vitest's JSON keeps only the stack, and a timeout's stack begins with this placeholder
  // instead of "Test timed out in N ms": say what it usually means rather than print a riddle.
  return line.trim() === 'Error: STACK_TRACE_ERROR'
    ? `${line} (in Vitest's JSON: most often a test timeout; the reporter's output above has the message)`
    : line;
};

for (const name of readdirSync(dir).filter((f) => f.startsWith('check-'))) {
  const ok = readFileSync(join(dir, name), 'utf8').trim() === 'pass';
  ok ? passed++ : failed++;
  console.log(`${name.slice(6)}: ${ok ? 'ok' : 'FAILED'}`);
}

for (const project of ['node', 'browser']) {
  const path = join(dir, `vitest-${project}.json`);
  if (!existsSync(path)) {
    failed++;
    console.log(`vitest ${project}: no report (the runner did not finish)`);
    continue;
  }
  const v = JSON.parse(readFileSync(path, 'utf8'));
  // A file that failed to load counts as a failure even though no test in it ran.
  const brokenFiles = v.testResults.filter((file) => file.status === 'failed' && file.assertionResults.length === 0);
  for (const file of v.testResults) {
    const where = file.name.replace(`${process.cwd()}/`, '');
    if (file.status === 'failed' && file.assertionResults.length === 0) {
      failures.push(`vitest ${project} ${where}: ${firstLine(file.message)}`);
    }
    for (const test of file.assertionResults.filter((t) => t.status === 'failed')) {
      failures.push(`vitest ${project} ${where} > ${test.fullName}: ${firstLine(test.failureMessages?.[0])}`);
    }
  }
  passed += v.numPassedTests;
  failed += v.numFailedTests + brokenFiles.length;
  skipped += v.numPendingTests + v.numTodoTests;
  console.log(`vitest ${project}: ${v.numPassedTests} passed, ${v.numFailedTests + brokenFiles.length} failed`);
}

const playwrightPath = join(dir, 'playwright.json');
if (existsSync(playwrightPath)) {
  const p = JSON.parse(readFileSync(playwrightPath, 'utf8'));
  const s = p.stats;
  passed += s.expected + s.flaky;
  failed += s.unexpected + (p.errors?.length ?? 0);
  skipped += s.skipped;
  const visit = (suite, titles) => {
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests ?? []) {
        if (test.status !== 'unexpected') continue;
        const error = test.results?.at(-1)?.error?.message;
        failures.push(`playwright ${[...titles, spec.title].join(' > ')}: ${firstLine(error)}`);
      }
    }
    for (const child of suite.suites ?? []) visit(child, [...titles, child.title]);
  };
  for (const suite of p.suites ?? []) visit(suite, [suite.title]);
  for (const error of p.errors ?? []) failures.push(`playwright: ${firstLine(error.message)}`);
  console.log(
    `playwright: ${s.expected + s.flaky} passed, ${s.unexpected} failed${s.flaky ? ` (${s.flaky} flaky)` : ''}`,
  );
} else {
  failed++;
  console.log('playwright: no report (the runner did not finish)');
}

for (const failure of failures) console.log(`FAILED ${stripVTControlCharacters(failure).slice(0, 300)}`);
console.log(`total: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 ? 1 : 0);
