#!/usr/bin/env bash
# Starts `yichuang demo` in DIR on a free port, waits until /healthz answers, then stops it.
# Used by docs/BENCHMARKS.md under hyperfine to time cold (empty DIR) and warm (reused DIR) starts.
# With --rss it also waits IDLE seconds and prints the server's resident memory (VmRSS) idle.
set -euo pipefail
bin=${YICHUANG_BIN:-target/release/yichuang}
dir=${1:?usage: demo-start.sh DIR [--rss IDLE_SECONDS]}
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$bin" demo --dir "$dir" --addr "127.0.0.1:$port" >/dev/null 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null || true' EXIT
for _ in $(seq 600); do
    curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
    sleep 0.01
done
curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null
if [[ ${2:-} == --rss ]]; then
    sleep "${3:-5}"
    grep VmRSS "/proc/$pid/status"
fi
