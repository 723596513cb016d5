#!/usr/bin/env bash
# Every test: lint, types, unit + integration (PGlite, and the Postgres server when TEST_DATABASE_URL is set),
# a production build, then Playwright in Debian's Chromium against that build on a fresh data folder.
set -euo pipefail
cd "$(dirname "$0")/.."

chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ ! -x "$chromium" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Chromium is missing: installing Debian's package"
    apt-get install -y chromium || { apt-get update && apt-get install -y chromium; }
  else
    echo "Chromium is missing at $chromium: install it (sudo apt-get install -y chromium) or set CHROMIUM_PATH" >&2
    exit 1
  fi
fi

echo "== lint" && npm run -s lint
echo "== typecheck" && npm run -s typecheck
echo "== unit and integration tests (TEST_DATABASE_URL=${TEST_DATABASE_URL:-unset: PGlite only})"
npx vitest run
echo "== production build" && npx next build
echo "== end-to-end tests in Chromium" && npx playwright test
