#!/usr/bin/env python3
"""Per-round ratios of two servers measured in the same echo_bench.sh rounds, and their median.

usage: echo_pairs.py RESULTS_FILE BASE OTHER   (e.g. monitor_off monitor_on: the ratios are OTHER / BASE)
Round k pairs the k-th BASE line with the k-th OTHER line.
"""
import statistics
import sys

path, base, other = sys.argv[1:4]
runs = {base: [], other: []}
for line in open(path):
    fields = line.split()
    if fields and fields[0] in runs:
        runs[fields[0]].append(dict(f.split('=', 1) for f in fields[1:] if '=' in f))

ratios = {'cpu_us_rt': [], 'rps': [], 'p99_ms': []}
for k, (b, o) in enumerate(zip(runs[base], runs[other]), 1):
    row = {f: float(o[f]) / float(b[f]) for f in ratios}
    for f, r in row.items():
        ratios[f].append(r)
    print(f"round {k}: cpu_us_rt {b['cpu_us_rt']} -> {o['cpu_us_rt']} ({row['cpu_us_rt']:.3f}x)  "
          f"rps {b['rps']} -> {o['rps']} ({row['rps']:.3f}x)  p99 {row['p99_ms']:.3f}x")
for f, rs in ratios.items():
    if rs:
        print(f"median {other}/{base} {f}: {statistics.median(rs):.3f}x (rounds {len(rs)}, range {min(rs):.3f}-{max(rs):.3f})")
