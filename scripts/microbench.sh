#!/usr/bin/env bash
# Runs every micro-benchmark of the hot path (BlazorChat.Benchmarks) in BenchmarkDotNet's short job, in process,
# and prints where the Markdown tables went. Arguments go to BenchmarkDotNet, e.g. --filter '*FanOut*', or
# --job default for longer, steadier runs. Nothing listens on the network; the SQLite benchmark uses a temp directory.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -eq 0 ]; then set -- --filter '*' --job short; fi
dotnet run -c Release --project BlazorChat.Benchmarks -- "$@"
echo "Tables: $(pwd)/BenchmarkDotNet.Artifacts/results/*-report-github.md"
