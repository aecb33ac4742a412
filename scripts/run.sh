#!/usr/bin/env bash
# Builds BlazorChat with visible progress, then starts it: `dotnet run` alone restores and builds silently, which on
# a first start (a minute or two) looks as if it hung. Arguments go to the app, e.g. --urls http://0.0.0.0:8080.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "Building BlazorChat (the first time restores packages and takes a minute or two)…"
dotnet build BlazorChat.Web -nologo
echo "Starting BlazorChat…"
exec dotnet run --project BlazorChat.Web --no-build "$@"
