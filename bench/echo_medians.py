#!/usr/bin/env python3
"""Medians of repeated echo_bench.sh runs, and green's ratio to each peer.

usage: echo_medians.py RESULTS_FILE [REFERENCE]   (the lines echo_bench.sh prints, any number of rounds appended;
       REFERENCE names the server the ratios are of, 'green' by default)
"""
import statistics
import sys

FIGURES = ['rps', 'p50_ms', 'p99_ms', 'cpu_us_rt', 'peak_rss_kb']

runs = {}
for line in open(sys.argv[1]):
    fields = line.split()
    if len(fields) < 2 or '=' not in fields[1]:
        continue
    runs.setdefault(fields[0], []).append(dict(f.split('=', 1) for f in fields[1:] if '=' in f))

median = {}
for name, rounds in runs.items():
    median[name] = {k: statistics.median(float(r[k]) for r in rounds if r.get(k) not in (None, '', 'na')) for k in FIGURES}
    print(f"{name:13} rounds={len(rounds)} " + ' '.join(f"{k}={median[name][k]:.2f}" for k in FIGURES))

reference = sys.argv[2] if len(sys.argv) > 2 else 'green'
green = median.get(reference)
if green:
    for name, peer in median.items():
        if name != reference:
            print(f"{reference}/{name}: rps {green['rps'] / peer['rps']:.2f}x  cpu/rt {green['cpu_us_rt'] / peer['cpu_us_rt']:.2f}x  "
                  f"p99 {green['p99_ms'] / peer['p99_ms']:.2f}x  rss {green['peak_rss_kb'] / peer['peak_rss_kb']:.2f}x")

# The same ratio round by round (a shared machine's load drifts between rounds; each round runs every server once).
if green:
    for name, peer_rounds in runs.items():
        if name == reference:
            continue
        ratios = [float(g['cpu_us_rt']) / float(p['cpu_us_rt']) for g, p in zip(runs[reference], peer_rounds)
                  if g.get('cpu_us_rt') not in (None, '', 'na') and p.get('cpu_us_rt') not in (None, '', 'na')]
        if ratios:
            print(f"{reference}/{name}: cpu/rt per round {' '.join(f'{r:.2f}' for r in ratios)}; median {statistics.median(ratios):.2f}x")
