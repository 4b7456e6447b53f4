#!/bin/bash
# A/B interleaved: base (main at d1bad0b) and wt-rtrip, twice; then CPython's round trip in the same window.
cd /tmp/rtrip-bdn
for round in 1 2; do
  for side in base new; do
    if [ $side = base ]; then dir=/tmp/rtrip-base; else dir=/work/wt/rtrip; fi
    echo "=== round $round $side $(date -u +%H:%M:%S) load $(cat /proc/loadavg)" >> log.txt
    (cd $dir && dotnet bench/GreenRuntime.Benchmarks/bin/Release/net10.0/GreenRuntime.Benchmarks.dll --filter '*ProcessPoolBenchmarks.TinyRoundTrip*' '*ProcessPoolBenchmarks.WorkerStartup*' --artifacts /tmp/rtrip-bdn/$side-$round) > $side-$round.txt 2>&1
    echo "=== probe $round $side" >> log.txt
    dotnet $dir/bench/GreenRuntime.Benchmarks/bin/Release/net10.0/GreenRuntime.Benchmarks.dll roundtrip 8 5000 >> probe-$side-$round.txt 2>&1
  done
done
echo "=== cpython $(date -u +%H:%M:%S) load $(cat /proc/loadavg)" >> log.txt
/usr/bin/python3 /work/wt/rtrip/bench/cpython/process_pool.py 1 > cpython.txt 2>&1
echo "=== done $(date -u +%H:%M:%S) load $(cat /proc/loadavg)" >> log.txt
