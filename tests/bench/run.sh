#!/usr/bin/env bash
# ./dev bench: build the benchmark's tools, generate its data once (in
# BUILD/bench-data, reused by later runs) and print the table.  See
# tests/bench/README.md.
#   run.sh [--runs N] [--only frame,status,big,moves,import,report]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build=${KEHOACH_BENCH_BUILD:-$root/build}
for tool in less sqlite3 python3; do
	command -v "$tool" >/dev/null 2>&1 || {
		echo "bench: $tool is not installed (./dev installs it)" >&2
		exit 1
	}
done
ninja -C "$build" kehoach tests/bench/bench_gen tests/bench/yaml_floor \
	tests/bench/bench_run >/dev/null
exec python3 "$root/tests/bench/bench.py" --build "$build" --source "$root" "$@"
