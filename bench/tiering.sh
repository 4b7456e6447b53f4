#!/usr/bin/env bash
# A fresh process's first-second yield cost (bench/'s `tiering` mode) in N fresh processes (default 20), each pinned
# to CPU 0 unless TIERING_CPUS says otherwise (e.g. TIERING_CPUS=0,1); prints every run, then the worst and the median.
# Usage: bench/tiering.sh [runs] [seconds] [--direct]   (--direct: a direct call's Thread.Sleep(0) instead of spawned greenlets)
set -eu
cd "$(dirname "$0")/.."
runs=${1:-20}
seconds=${2:-1}
dotnet build -c Release bench/GreenRuntime.Benchmarks -v q --nologo >/dev/null
dll=bench/GreenRuntime.Benchmarks/bin/Release/net10.0/GreenRuntime.Benchmarks.dll
for i in $(seq "$runs"); do
  taskset -c "${TIERING_CPUS:-0}" dotnet "$dll" tiering "$seconds" ${3:-}
done | tee /dev/stderr | python3 -c '
import re, statistics, sys
rows = [dict(re.findall(r"(\w+)=([\d.]+|nan)", line)) for line in sys.stdin if line.startswith("tiering:")]
for key in ("ns_per_yield_all", "ns_per_yield_after_100ms", "worst_round_after_100ms", "cpu_ns_per_yield_all", "cpu_ns_per_yield_after_100ms"):
    values = [float(r[key]) for r in rows]
    print(f"{key}: worst {max(values):.1f}  median {statistics.median(values):.1f}  best {min(values):.1f}  ({len(values)} processes)")
'
