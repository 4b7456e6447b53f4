#!/bin/bash
# More interleaved A/B rounds of both figures (start-up looked slower in rounds 1-2: check it is noise).
cd /tmp/rtrip-bdn
for round in 3 4 5; do
  for side in base new; do
    if [ $side = base ]; then dir=/tmp/rtrip-base; else dir=/work/wt/rtrip; fi
    echo "=== round $round $side $(date -u +%H:%M:%S) load $(cat /proc/loadavg)" >> log.txt
    (cd $dir && dotnet bench/GreenRuntime.Benchmarks/bin/Release/net10.0/GreenRuntime.Benchmarks.dll --filter '*ProcessPoolBenchmarks.TinyRoundTrip*' '*ProcessPoolBenchmarks.WorkerStartup*' --artifacts /tmp/rtrip-bdn/$side-$round) > $side-$round.txt 2>&1
  done
done
echo "=== cpython-2 $(date -u +%H:%M:%S) load $(cat /proc/loadavg)" >> log.txt
/usr/bin/python3 /work/wt/rtrip/bench/cpython/process_pool.py 1 > cpython-2.txt 2>&1
echo "=== done-2 $(date -u +%H:%M:%S) load $(cat /proc/loadavg)" >> log.txt
