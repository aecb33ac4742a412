#!/usr/bin/env bash
# The side-by-side benchmark in one command: BlazorChat against a bare Kestrel WebSocket server and a bare Node `ws`
# server (docs/benchmarks.md, "Side by side"). Installs Node and the pinned `ws` when missing, builds in Release, runs
# each load-generator subcommand of the list below that the load generator knows, and splices every fragment they
# write to artifacts/bench/*.md into docs/benchmarks.md. Not part of scripts/test.sh: it takes long, on purpose.
#
#   bash scripts/bench.sh [--rounds N] [--baseline GIT-REF] [--with SUBCOMMAND "EXTRA ARGS"]... [--no-docs]
#
#   --rounds N        rounds of every subcommand (default 5), reported as medians
#   --baseline REF    also measure BlazorChat as built from REF (a commit, tag or branch), from a temporary worktree
#   --with SUB ARGS   more arguments for one subcommand, e.g. --with fanout "--clients 200 --scenarios burst"
#   --no-docs         leave docs/benchmarks.md alone (the fragments stay in artifacts/bench/)
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

# The load generator's subcommands that write a fragment to artifacts/bench/. Append yours; one that the load
# generator's --help does not list (not merged yet) is skipped.
SUBCOMMANDS=(
  fanout
  connections
  circuits
)

ROUNDS=5
BASELINE=""
DOCS=1
declare -A EXTRA=()
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) ROUNDS="$2"; shift 2 ;;
    --baseline) BASELINE="$2"; shift 2 ;;
    --with) EXTRA[$2]="${EXTRA[$2]:-} $3"; shift 3 ;;
    --no-docs) DOCS=0; shift ;;
    -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "Unknown option $1 (see --help)." >&2; exit 2 ;;
  esac
done

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

# Node and npm from Debian; the reference's pinned ws (bench/node-broadcast/package.json) into a git-ignored folder.
command -v node >/dev/null 2>&1 || install_packages nodejs
command -v npm >/dev/null 2>&1 || install_packages npm
WS_VERSION=$(sed -n 's/.*"ws": *"\([^"]*\)".*/\1/p' bench/node-broadcast/package.json)
NODE_DIR="$ROOT/.tools/node-broadcast"
if [ "$(sed -n 's/.*"version": *"\([^"]*\)".*/\1/p' "$NODE_DIR/node_modules/ws/package.json" 2>/dev/null)" != "$WS_VERSION" ]; then
  echo "Installing ws $WS_VERSION for the Node reference…"
  mkdir -p "$NODE_DIR"
  npm install --prefix "$NODE_DIR" --no-audit --no-fund --no-package-lock "ws@$WS_VERSION" >/dev/null || exit 1
fi
export NODE_PATH="$NODE_DIR/node_modules"

echo "Building in Release (the load generator builds the server)…"
dotnet build -c Release -nologo -v quiet BlazorChat.LoadGen || exit 1
dotnet build -c Release -nologo -v quiet bench/KestrelBroadcast || exit 1
LOADGEN=(dotnet "$ROOT/BlazorChat.LoadGen/bin/Release/net10.0/BlazorChat.LoadGen.dll")

# A baseline: the server as built from another commit, in a temporary worktree removed at the end.
BASELINE_DIR=""
cleanup() {
  if [ -n "$BASELINE_DIR" ]; then
    git worktree remove --force "$BASELINE_DIR" >/dev/null 2>&1 || rm -rf "$BASELINE_DIR"
  fi
}
trap cleanup EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM
BASELINE_ARGS=()
if [ -n "$BASELINE" ]; then
  BASELINE_DIR=$(mktemp -d /tmp/blazorchat-baseline-XXXXXX)
  rmdir "$BASELINE_DIR"
  git worktree add --detach "$BASELINE_DIR" "$BASELINE" >/dev/null || exit 1
  echo "Building the baseline ($BASELINE, $(git -C "$BASELINE_DIR" rev-parse --short HEAD)) in Release…"
  dotnet build -c Release -nologo -v quiet "$BASELINE_DIR/BlazorChat.Web" || exit 1
  BASELINE_ARGS=(--baseline-dll "$BASELINE_DIR/BlazorChat.Web/bin/Release/net10.0/BlazorChat.Web.dll")
fi

loadavg() { cut -d' ' -f1-3 /proc/loadavg; }
LOAD_BEFORE=$(loadavg)
STARTED=$(date -u '+%Y-%m-%d %H:%M UTC')
# Only this run's fragments are spliced.
rm -rf "$ROOT/artifacts/bench"
mkdir -p "$ROOT/artifacts/bench"

HELP=$("${LOADGEN[@]}" --help 2>&1)
status=0
for sub in "${SUBCOMMANDS[@]}"; do
  if ! grep -qE "^[[:space:]]+$sub([[:space:]]|\$)" <<<"$HELP"; then
    echo "Skipping $sub: the load generator has no such subcommand (yet)."
    continue
  fi
  args=()
  if "${LOADGEN[@]}" "$sub" --help 2>&1 | grep -q -- '--rounds'; then
    args+=(--rounds "$ROUNDS") # circuits measures steps of one run instead
  fi
  if [ ${#BASELINE_ARGS[@]} -gt 0 ] && "${LOADGEN[@]}" "$sub" --help 2>&1 | grep -q -- '--baseline-dll'; then
    args+=("${BASELINE_ARGS[@]}")
  fi
  # shellcheck disable=SC2206 # the extra arguments are words on purpose
  extra=(${EXTRA[$sub]:-})
  echo "Running: BlazorChat.LoadGen $sub ${args[*]} ${extra[*]}"
  "${LOADGEN[@]}" "$sub" "${args[@]}" "${extra[@]}" >/dev/null
  code=$?
  [ $code -ne 0 ] && { echo "$sub failed (exit code $code): see above." >&2; status=1; }
done
LOAD_AFTER=$(loadavg)

if [ "$DOCS" -eq 1 ] && [ "$status" -ne 0 ]; then
  echo "docs/benchmarks.md left as it was: a subcommand failed, and partial results would replace whole ones." >&2
elif [ "$DOCS" -eq 1 ]; then
  shopt -s nullglob
  fragments=("$ROOT"/artifacts/bench/*.md)
  results=$(mktemp)
  {
    echo
    echo "Run by \`bash scripts/bench.sh --rounds $ROUNDS${BASELINE:+ --baseline $BASELINE}\` on $STARTED: $(nproc) cores" \
      "($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)), load average $LOAD_BEFORE before and $LOAD_AFTER after" \
      "(1, 5, 15 min), .NET $(dotnet --list-runtimes | sed -n 's/^Microsoft.NETCore.App \([^ ]*\).*/\1/p' | tail -1)," \
      "Node $(node --version), commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD 2>/dev/null || echo ' (with uncommitted changes)')."
    if awk -v cores="$(nproc)" '{ exit !($1 > cores) }' <<<"$LOAD_BEFORE $LOAD_AFTER" ||
       awk -v cores="$(nproc)" '{ exit !($4 > cores) }' <<<"$LOAD_BEFORE $LOAD_AFTER"; then
      echo
      echo "**From a shared machine**: its load average was above its $(nproc) cores, so others' work competed with the"
      echo "servers and the load generator. The absolute numbers are noisy; compare the same-run ratios, and rerun on a quiet"
      echo "machine for the record."
    fi
    echo
    for fragment in "${fragments[@]}"; do
      cat "$fragment"
      echo
    done
  } >"$results"
  # Everything between the markers is replaced; the rest of the page stays as it is.
  awk -v results="$results" '
    /<!-- bench:results:begin -->/ { print; while ((getline line < results) > 0) print line; skipping = 1; next }
    /<!-- bench:results:end -->/ { skipping = 0 }
    !skipping { print }
  ' docs/benchmarks.md >"$results.page" && mv "$results.page" docs/benchmarks.md
  rm -f "$results"
  echo "Spliced ${#fragments[@]} fragment(s) into docs/benchmarks.md."
fi
exit $status
