#!/usr/bin/env bash
# Installs what the tests need (pnpm, workspace packages, Debian's chromium and redis-server) and
# runs everything: engines, lint and format check, typecheck, the ESM build of every package, the
# element's manifest and README API table being current, the wrappers generated from that manifest,
# unit tests (Node), component tests (Vitest browser mode in Chromium), end-to-end tests (Playwright)
# and the consumer test (the packed packages installed into a fresh app from the npm registry).
# Ends with one line:
# `total: N passed, N failed`.
source "$(dirname "${BASH_SOURCE[0]}")/lib/setup.sh"
ensure_apt_packages chromium:chromium redis-server:redis-server
install_workspace

REPORTS="$ROOT/.tmp/reports"
rm -rf "$REPORTS" && mkdir -p "$REPORTS"
status=0
run_check() { # name, command...: a check counts as one test in the summary
  local name="$1"; shift
  say "$name"
  if "$@"; then echo "pass" > "$REPORTS/check-$name"; else echo "fail" > "$REPORTS/check-$name"; status=1; fi
}

run_check engines node scripts/check-engines.mjs
run_check lint "${PNPM[@]}" -s lint
run_check typecheck "${PNPM[@]}" -s typecheck
run_check build "${PNPM[@]}" -s build
run_check element-manifest "${PNPM[@]}" --filter @berbix-capture/capture -s run analyze:check
# The React and Vue wrappers' lists of properties, events and methods, generated from that manifest.
run_check wrappers node scripts/wrappers.mjs --check
# The two projects run one after the other: together they fight over two cores and the browser
# tests (camera, workers, a back end in a child process) slow past their time limits.
for project in node browser; do
  say "vitest: $project"
  "${PNPM[@]}" exec vitest run --project "$project" --reporter=default --reporter=json \
    --outputFile.json="$REPORTS/vitest-$project.json" || status=1
done
say "end-to-end tests (playwright)"
"${PNPM[@]}" exec playwright test || status=1
# The packed packages installed from tarballs into a fresh app outside the workspace (consumer/README.md);
# the build step above made the dist/ it packs.
run_check consumer env PNPM="${PNPM[*]}" node consumer/run.mjs --skip-build

node scripts/summarize-tests.mjs "$REPORTS" || status=1
exit $status
