#!/usr/bin/env bash
# The test command: sets up a fresh machine if needed, then runs every test (unit, emulator,
# and integration tests that run the bundled dist/ under Node 24 the way the runner does).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
mkdir -p .tmp
status=0
npx vitest run --reporter=default --reporter=json --outputFile.json=.tmp/vitest-report.json "$@" || status=$?
node scripts/test-summary.mjs .tmp/vitest-report.json || true
exit "$status"
