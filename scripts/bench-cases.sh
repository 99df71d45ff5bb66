#!/usr/bin/env bash
# Case benchmarks (docs/BENCHMARKS.md): N open cases over the demo, then the supervision sweep
# three times, each on a fresh copy of the seeded database (SQLite: a copied file, synced to disk
# first so the copy's write-back does not run during the sweep; PostgreSQL: a database made from
# the seeded one as template), then the department inbox page and the supervision dashboard.
#
#   scripts/bench-cases.sh [sqlite|postgres]   (env: COUNT=1000000 TODAY=2026-11-26 DEPT=scjgj)
set -euo pipefail
cd "$(dirname "$0")/.."
BACKEND=${1:-sqlite}
BIN=${BIN:-target/release/yichuang}
COUNT=${COUNT:-1000000}
TODAY=${TODAY:-2026-11-26}
DEPT=${DEPT:-scjgj}
PG=${PG:-postgres://postgres@127.0.0.1:5432}
DIR=$(mktemp -d /tmp/yc-bench-cases.XXXXXX)
SEED=yc_bench_seed_$$
RUN=yc_bench_run_$$
psql_() { psql -q -h 127.0.0.1 -U postgres -c "$1" >/dev/null; }
cleanup() {
  rm -rf "$DIR"
  if [ "$BACKEND" = postgres ]; then psql_ "drop database if exists $RUN with (force)"; psql_ "drop database if exists $SEED with (force)"; fi
}
trap cleanup EXIT
export YICHUANG_LOG=warn
if [ "$BACKEND" = postgres ]; then
  psql_ "create database $SEED"
  "$BIN" bench seed-cases --data-dir "$DIR/seed" --database-url "$PG/$SEED" --count "$COUNT" --today "$TODAY"
  psql -q -h 127.0.0.1 -U postgres -d "$SEED" -c "vacuum analyze" >/dev/null
  run=(--data-dir "$DIR/seed" --database-url "$PG/$RUN")
  for i in 1 2 3; do
    psql_ "drop database if exists $RUN with (force)"
    psql_ "create database $RUN template $SEED"
    "$BIN" bench sweep "${run[@]}" --today "$TODAY"
  done
else
  "$BIN" bench seed-cases --data-dir "$DIR/seed" --count "$COUNT" --today "$TODAY"
  run=(--data-dir "$DIR/run")
  for i in 1 2 3; do
    rm -rf "$DIR/run" && cp -r "$DIR/seed" "$DIR/run" && sync && sleep 2
    "$BIN" bench sweep "${run[@]}" --today "$TODAY"
  done
fi
"$BIN" bench inbox "${run[@]}" --department "$DEPT" --requests 2000
"$BIN" bench supervision "${run[@]}" --requests 5 --today "$TODAY"
