#!/usr/bin/env bash
# Runs every test of BlazorChat on a fresh Debian machine: installs what the tests need, runs
# `dotnet test BlazorChat.sln`, and ends with one line: "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."

install_packages() {
  local missing=()
  for pkg in "$@"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "Installing ${missing[*]}…"
    if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
    $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

# Chromium drives the browser tests (no browser download: Playwright uses Debian's).
install_packages chromium fonts-noto-color-emoji

dotnet tool restore >/dev/null

# The browser suite saves screenshots of the main views here.
export BLAZORCHAT_SCREENSHOTS="${BLAZORCHAT_SCREENSHOTS:-$PWD/artifacts/screenshots}"
mkdir -p "$BLAZORCHAT_SCREENSHOTS"

log=$(mktemp)
dotnet test BlazorChat.sln 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# dotnet test prints one summary per test assembly: "Passed!  - Failed: 0, Passed: 57, Skipped: 0, ..."
passed=$(grep -E '^(Passed|Failed)!' "$log" | sed -E 's/.*Passed: *([0-9]+).*/\1/' | awk '{s+=$1} END {print s+0}')
failed=$(grep -E '^(Passed|Failed)!' "$log" | sed -E 's/.*Failed: *([0-9]+),.*/\1/' | awk '{s+=$1} END {print s+0}')
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1 # the build or the test host failed before any test could
fi
rm -f "$log"
echo "Screenshots: $BLAZORCHAT_SCREENSHOTS"
echo "$passed passed, $failed failed"
exit "$status"
