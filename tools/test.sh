#!/usr/bin/env bash
# Runs the whole test suite: installs what a fresh Debian/Ubuntu machine lacks, builds
# warning-free (warnings are errors), runs every test project, and ends with one line
# "N passed, N failed, N skipped" counted from the TRX results.
# Tests that need ../shared/slides skip with a stated reason when it is absent.
set -euo pipefail
cd "$(dirname "$0")/.."

bash tools/install-deps.sh --tests
# The independent Arrow readers (Arrow JS, polars) the interop tests use, versions pinned in package.json
# (npm install, not ci: the registry lacks some of polars' optional builds for other platforms).
(cd tools/js && npm install --no-save --no-audit --no-fund --loglevel=error) || echo "warning: npm install failed; the Arrow interop tests cannot run" >&2

results="TestResults"
rm -rf "$results"
status=0
dotnet build SlideEmbed.sln -c Release -warnaserror -nologo -v quiet || { echo "0 passed, 1 failed, 0 skipped"; exit 1; }
for proj in tests/*.Tests/*.Tests.csproj; do
  name=$(basename "$proj" .csproj)
  dotnet test "$proj" -c Release --no-build --logger "trx;LogFileName=$name.trx" \
    --results-directory "$results" "$@" || status=$?
done

passed=0; failed=0; skipped=0
shopt -s nullglob
trx_files=("$results"/*.trx)
for trx in "${trx_files[@]}"; do
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  get() { echo "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
  total=$(get total); executed=$(get executed); p=$(get passed); f=$(get failed)
  e=$(get error); to=$(get timeout); ab=$(get aborted)
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0} + ${e:-0} + ${to:-0} + ${ab:-0}))
  skipped=$((skipped + ${total:-0} - ${executed:-0}))
done

if [ ${#trx_files[@]} -eq 0 ]; then
  echo "No test results were written (the build failed?)." >&2
  failed=$((failed + 1))
fi
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  echo "dotnet test exited with $status." >&2
  failed=1
fi

echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
