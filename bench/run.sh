#!/usr/bin/env bash
# Every figure in bench/README.md, each pinned to CPU 0. Output goes to bench/results/<UTC time>/.
# The machine is shared: run it when `uptime` shows a load average below 1, or the times are noise.
set -eu
cd "$(dirname "$0")/.."
out=bench/results/$(date -u +%Y%m%d-%H%M)
mkdir -p "$out"
{ git rev-parse HEAD 2>/dev/null || cat COMMIT 2>/dev/null || echo unknown; uptime; } > "$out/commit.txt"
dotnet build -c Release bench/GreenRuntime.Benchmarks -v q --nologo
run() { taskset -c 0 dotnet run -c Release --no-build --project bench/GreenRuntime.Benchmarks -- "$@"; }
run --filter '*' | tee "$out/benchmarkdotnet.txt"   # timings: spawn+join and yield, green vs Task
run memory 5 6 | tee "$out/memory.txt"               # bytes per parked greenlet, bytes per yield
run micro | tee "$out/micro.txt"                     # dotnet_micro's shapes, for the micro_bench.sh columns
/work/shared/bench/micro_bench.sh | tee "$out/micro_bench.txt"   # Go, gevent, .NET Task references
echo "results in $out"
