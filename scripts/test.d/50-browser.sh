#!/usr/bin/env bash
# Dashboard test in headless Chromium (tests/browser). Needs Debian's chromium (or $CHROMIUM),
# Node and `npm ci` in tests/browser; without them it prints a skip note, except under CI
# (VIGIL_CI=1), where .ci/services/20-chromium.sh installs them and a missing one is a failure.
set -euo pipefail
cd "$(dirname "$0")/../.."
missing=""
command -v node >/dev/null || missing="node"
[ -x "${CHROMIUM:-/usr/bin/chromium}" ] || missing="${missing:+$missing, }chromium (${CHROMIUM:-/usr/bin/chromium})"
[ -d tests/browser/node_modules/playwright-core ] || missing="${missing:+$missing, }tests/browser/node_modules (run npm ci there)"
if [ -n "$missing" ]; then
  if [ "${VIGIL_CI:-}" = 1 ]; then
    echo "browser test: missing $missing" >&2
    exit 1
  fi
  echo "browser test skipped: missing $missing"
  exit 0
fi
node tests/browser/dashboard.test.mjs
