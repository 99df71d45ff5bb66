#!/usr/bin/env bash
# Case lifecycle over HTTP (docs/BENCHMARKS.md): a release demo server, loaded from a second
# process with create → accept → start_review → approve → prepare_result → deliver → complete.
# With BASE=path/to/older/yichuang, each round runs the older binary and then this one, so the
# ratio is taken in one sitting.
#
#   scripts/bench-lifecycle.sh [sqlite|postgres]     (env: ROUNDS=3 CASES=3000 CONC=32 BASE=)
set -euo pipefail
cd "$(dirname "$0")/.."
BACKEND=${1:-sqlite}
BIN=${BIN:-target/release/yichuang}
ROUNDS=${ROUNDS:-3}
CASES=${CASES:-3000}
CONC=${CONC:-32}
PORT=${PORT:-18282}
export YICHUANG_LOG=warn

one() { # one(binary, label)
  local bin=$1 label=$2 dir name="" db=()
  dir=$(mktemp -d /tmp/yc-bench-lc.XXXXXX)
  if [ "$BACKEND" = postgres ]; then
    name="yc_bench_lc_$$"
    psql -q -h 127.0.0.1 -U postgres -c "drop database if exists $name" >/dev/null
    psql -q -h 127.0.0.1 -U postgres -c "create database $name" >/dev/null
    db=(--database-url "postgres://postgres@127.0.0.1:5432/$name")
  fi
  "$bin" demo --dir "$dir" --addr "127.0.0.1:$PORT" "${db[@]}" >"$dir/log" 2>&1 &
  local server=$!
  for _ in $(seq 600); do grep -q listening "$dir/log" && break; sleep 0.2; done
  sync; sleep 1
  echo -n "$label: "
  "$bin" bench lifecycle --data-dir "$dir" "${db[@]}" --url "http://127.0.0.1:$PORT" --cases "$CASES" --concurrency "$CONC" | tail -1
  kill "$server"; wait "$server" 2>/dev/null || true
  [ -n "$name" ] && psql -q -h 127.0.0.1 -U postgres -c "drop database if exists $name" >/dev/null
  rm -rf "$dir"
}

for r in $(seq "$ROUNDS"); do
  if [ -n "${BASE:-}" ]; then one "$BASE" "round $r base"; fi
  one "$BIN" "round $r new"
done
