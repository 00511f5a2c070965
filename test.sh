#!/usr/bin/env bash
# Runs every test of DefectorLens on a fresh machine: checks the toolchain, starts what the tests need,
# runs `dotnet test`, and ends with one line "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v dotnet >/dev/null 2>&1; then
  echo "test.sh: the .NET 10 SDK is required (dotnet not found on PATH)" >&2
  exit 1
fi

# ../shared/ beside the checkout holds files the tests read (the REFI-QDA schema, published statistics examples).
export DEFECTORLENS_SHARED="${DEFECTORLENS_SHARED:-$(cd .. && pwd)/shared}"

# The PDF report is printed by Debian's Chromium; install it when missing. Under CI a missing Chromium fails the run.
if [ ! -x /usr/bin/chromium ]; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    apt-get update -qq && apt-get install -y -qq chromium >/dev/null || true
  fi
  if [ ! -x /usr/bin/chromium ]; then
    if [ "${CI:-}" = "true" ]; then
      echo "test.sh: Chromium is required for the PDF tests (apt-get install chromium) and could not be installed" >&2
      exit 1
    fi
    echo "test.sh: warning: /usr/bin/chromium missing; the PDF tests will fail" >&2
  fi
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT

status=0
dotnet test DefectorLens.slnx --nologo "$@" 2>&1 | tee "$log" || status=$?

# Sum the per-assembly summaries ("Passed!  - Failed: 0, Passed: 42, ...") into one closing line.
awk '
  /(Passed|Failed)! +- +Failed: / {
    for (i = 1; i <= NF; i++) {
      if ($i == "Failed:") { gsub(",", "", $(i+1)); failed += $(i+1) }
      if ($i == "Passed:") { gsub(",", "", $(i+1)); passed += $(i+1) }
      if ($i == "Skipped:") { gsub(",", "", $(i+1)); skipped += $(i+1) }
    }
  }
  END { printf "%d passed, %d failed, %d skipped\n", passed, failed, skipped }
' "$log"
exit "$status"
