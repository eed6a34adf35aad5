#!/usr/bin/env bash
# The README's first-run time: `make demo` on a fresh clone of this checkout's HEAD, timed by phase
# (.venv installed, pages built, /health answering with the curated data loaded), then stopped.
# Usage: benchmarks/first_run.sh [WORKDIR]   (ports 18731/18732; pip and npm caches as they are)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
work=${1:-$(mktemp -d)}
git clone -q "$repo" "$work/jxkg"
cd "$work/jxkg"
export JXKG_API_PORT=18731 JXKG_FALKORDB_PORT=18732 JXKG_DATA_DIR="$work/jxkg/.jxkg"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
start=$(date +%s.%N)
since() { awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.0f s", b - a }'; }
make demo > "$work/demo.log" 2>&1 &
demo=$!
until test -f .venv/.installed; do sleep 0.5; done; echo "venv installed: $(since)"
until test -f jxkg/graph_api/static/.built; do sleep 0.5; done; echo "pages built:    $(since)"
until curl -sf "http://127.0.0.1:$JXKG_API_PORT/health" > /dev/null; do sleep 0.5; done
echo "serving:        $(since)  (the curated data is loaded before the API starts)"
echo "load after:  $(cut -d' ' -f1-3 /proc/loadavg)"
if grep -q "Warning" "$work/demo.log"; then echo "warnings at install:"; grep -A3 "Warning" "$work/demo.log"; fi
kill -TERM "$(pgrep -P "$demo")"  # jxkg demo, which stops the API and the database it started
wait "$demo" || true
