#!/usr/bin/env bash
# Queue load benchmark (docs/BENCHMARKS.md): a release server on a fresh bench hall, loaded from a
# second process (wrk) with issue-ticket + call-next pairs, then /healthz in the same run for the
# ratio, then the SSE fan-out to many screens.
#
#   scripts/bench-queue.sh [sqlite|postgres]      (env: DUR=20 CONN=32 SCREENS=1000 CALLS=50)
set -euo pipefail
cd "$(dirname "$0")/.."
BACKEND=${1:-sqlite}
BIN=${BIN:-target/release/yichuang}
DUR=${DUR:-20}
CONN=${CONN:-32}
SCREENS=${SCREENS:-1000}
CALLS=${CALLS:-50}
PORT=${PORT:-18181}
DIR=$(mktemp -d /tmp/yc-bench-queue.XXXXXX)
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
DB_ARGS=(--data-dir "$DIR")
if [ "$BACKEND" = postgres ]; then
  NAME="yc_bench_$$"
  psql -q -h 127.0.0.1 -U postgres -c "create database $NAME" >/dev/null
  DB_ARGS+=(--database-url "postgres://postgres@127.0.0.1:5432/$NAME")
fi
FIX=$("$BIN" bench queue-fixture "${DB_ARGS[@]}" --windows 20 | tail -1)
YICHUANG_LOG=warn "$BIN" serve "${DB_ARGS[@]}" --addr "127.0.0.1:$PORT" >"$DIR/server.log" 2>&1 &
SERVER=$!
cleanup() {
  kill "$SERVER" 2>/dev/null || true
  wait "$SERVER" 2>/dev/null || true
  if [ "$BACKEND" = postgres ]; then psql -q -h 127.0.0.1 -U postgres -c "drop database if exists $NAME" >/dev/null || true; fi
  rm -rf "$DIR"
}
trap cleanup EXIT
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.1; done

export BENCH_TOKEN=$(echo "$FIX" | python3 -c 'import sys,json; print(json.load(sys.stdin)["token"])')
export BENCH_SITE=$(echo "$FIX" | python3 -c 'import sys,json; print(json.load(sys.stdin)["site_id"])')
export BENCH_CATEGORY=$(echo "$FIX" | python3 -c 'import sys,json; print(json.load(sys.stdin)["category_id"])')
export BENCH_WINDOWS=$(echo "$FIX" | python3 -c 'import sys,json; print(",".join(map(str,json.load(sys.stdin)["window_ids"])))')

echo "== $BACKEND: issue-ticket + call-next pairs, wrk -t1 -c$CONN -d${DUR}s"
wrk -t1 -c"$CONN" -d"${DUR}s" --latency -s scripts/queue-pairs.lua "http://127.0.0.1:$PORT" | tee "$DIR/pairs.txt"
echo "== $BACKEND: /healthz, same settings"
wrk -t1 -c"$CONN" -d"${DUR}s" --latency "http://127.0.0.1:$PORT/healthz" | tee "$DIR/healthz.txt"
python3 - "$DIR/pairs.txt" "$DIR/healthz.txt" <<'PY'
import re, sys
def rps(p):
    return float(re.search(r"Requests/sec:\s+([\d.]+)", open(p).read()).group(1))
q, h = rps(sys.argv[1]), rps(sys.argv[2])
print(f"pairs/s {q/2:.0f} (requests/s {q:.0f}); healthz requests/s {h:.0f}; ticket-issue throughput / healthz = {q/2/h:.3f}")
PY
echo "== $BACKEND: SSE fan-out, $SCREENS screens"
"$BIN" bench sse --url "http://127.0.0.1:$PORT" --fixture "$FIX" --screens "$SCREENS" --calls "$CALLS"
