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

# Chromium drives the browser tests (no browser download: Playwright uses Debian's); PostgreSQL backs the
# store tests that run against a real server; Redis backs the backplane tests.
install_packages chromium fonts-noto-color-emoji postgresql redis-server

# A throwaway PostgreSQL and a throwaway Redis on 127.0.0.1, both stopped when this script ends, however it ends.
PG_PORT="${BLAZORCHAT_PG_PORT:-5433}"
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
PGDIR=$(mktemp -d)
chown postgres "$PGDIR"
echo postgres > "$PGDIR/pw" && chown postgres "$PGDIR/pw"
REDIS_PORT="${BLAZORCHAT_REDIS_PORT:-6390}"
REDISDIR=$(mktemp -d)
stop_services() {
  redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1
  rm -rf "$REDISDIR"
  runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PGDIR/data" -m fast -w stop >/dev/null 2>&1
  rm -rf "$PGDIR"
}
trap stop_services EXIT
trap 'exit 129' HUP # a signal ends the script through its EXIT trap, which stops both
trap 'exit 130' INT
trap 'exit 143' TERM
runuser -u postgres -- "$PGBIN/initdb" -D "$PGDIR/data" -U postgres --pwfile="$PGDIR/pw" \
  --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null
runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/log" -w \
  -o "-p $PG_PORT -c listen_addresses=127.0.0.1 -k $PGDIR" start >/dev/null
export BLAZORCHAT_TEST_POSTGRES="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Password=postgres"

redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
  --pidfile "$REDISDIR/redis.pid" --logfile "$REDISDIR/redis.log" --dir "$REDISDIR"
for _ in $(seq 100); do
  [ "$(redis-cli -p "$REDIS_PORT" ping 2>/dev/null)" = PONG ] && break
  sleep 0.1
done
if [ "$(redis-cli -p "$REDIS_PORT" ping 2>/dev/null)" != PONG ]; then
  echo "Redis did not start on port $REDIS_PORT:" >&2
  cat "$REDISDIR/redis.log" >&2
  exit 1
fi
export BLAZORCHAT_TEST_REDIS="127.0.0.1:$REDIS_PORT"

dotnet tool restore >/dev/null

# axe-core checks the pages' accessibility in the browser suite (BlazorChat.Tests/Browser/Axe.cs): from npm, into a
# git-ignored folder, only when it is not there yet; npm itself from Debian when missing.
AXE_VERSION=4.14.1
AXE_DIR="$PWD/.tools/axe-core-$AXE_VERSION"
if [ ! -f "$AXE_DIR/node_modules/axe-core/axe.min.js" ]; then
  command -v npm >/dev/null 2>&1 || install_packages npm
  echo "Installing axe-core $AXE_VERSION…"
  mkdir -p "$AXE_DIR"
  npm install --prefix "$AXE_DIR" --no-audit --no-fund --no-package-lock "axe-core@$AXE_VERSION" >/dev/null
fi
export BLAZORCHAT_AXE="$AXE_DIR/node_modules/axe-core/axe.min.js"

# The browser suite saves screenshots of the main views here.
export BLAZORCHAT_SCREENSHOTS="${BLAZORCHAT_SCREENSHOTS:-$PWD/artifacts/screenshots}"
mkdir -p "$BLAZORCHAT_SCREENSHOTS"

log=$(mktemp)
# Every project builds, the load generator, the benchmarks and the references too (`dotnet test` alone builds only the
# test projects); the benchmarks themselves never run here (docs/benchmarks.md).
dotnet build BlazorChat.sln 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
if [ "$status" -eq 0 ]; then
  dotnet test BlazorChat.sln --no-build 2>&1 | tee -a "$log"
  status=${PIPESTATUS[0]}
fi

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
