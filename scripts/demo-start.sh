#!/usr/bin/env bash
# Starts `yichuang demo` in DIR on a free port, waits for its "listening on" line and one answered
# /healthz, then stops it. docs/BENCHMARKS.md times this under hyperfine: cold (empty DIR, the demo is
# loaded) and warm (DIR reused). With --rss IDLE it also idles IDLE seconds and prints VmRSS.
set -euo pipefail
bin=${YICHUANG_BIN:-target/release/yichuang}
dir=${1:?usage: demo-start.sh DIR [--rss IDLE_SECONDS]}
exec 3< <("$bin" demo --dir "$dir" --addr 127.0.0.1:0 2>/dev/null & echo "pid $!"; wait)
read -r _ pid <&3
trap 'kill "$pid" 2>/dev/null || true' EXIT
url=""
while read -r line <&3; do
    if [[ $line == "listening on "* ]]; then url=${line#listening on }; break; fi
done
[[ -n $url ]] || { echo "server did not start" >&2; exit 1; }
curl -fsS "$url/healthz" >/dev/null
if [[ ${2:-} == --rss ]]; then
    sleep "${3:-5}"
    grep VmRSS "/proc/$pid/status"
fi
