#!/usr/bin/env bash
# Case benchmarks (docs/BENCHMARKS.md): N open cases over the demo (SQLite), then the supervision
# sweep three times, each on a fresh copy of the seeded database (synced to disk first, so the copy's
# write-back does not run during the sweep), then the department inbox page.
#
#   scripts/bench-cases.sh            (env: COUNT=1000000 TODAY=2026-11-26 DEPT=scjgj)
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-target/release/yichuang}
COUNT=${COUNT:-1000000}
TODAY=${TODAY:-2026-11-26}
DEPT=${DEPT:-scjgj}
DIR=$(mktemp -d /tmp/yc-bench-cases.XXXXXX)
trap 'rm -rf "$DIR"' EXIT
export YICHUANG_LOG=warn
"$BIN" bench seed-cases --data-dir "$DIR/seed" --count "$COUNT" --today "$TODAY"
for i in 1 2 3; do
  rm -rf "$DIR/run" && cp -r "$DIR/seed" "$DIR/run" && sync && sleep 2
  "$BIN" bench sweep --data-dir "$DIR/run" --today "$TODAY"
done
"$BIN" bench inbox --data-dir "$DIR/run" --department "$DEPT" --requests 2000
