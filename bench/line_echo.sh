#!/usr/bin/env bash
# Issue 9's line echo figure: server CPU per round trip of the green line echo server (`GreenSamples serve --lines`:
# StreamReader.ReadLine + StreamWriter.WriteLine/Flush per request in a [Greenlet] handler) against the raw-socket green
# echo server (`serve`) and the .NET async StreamReader and PipeReader line servers (bench/GreenRuntime.Benchmarks
# `lineserver`), all in each round, server on CPU 0, load generator on CPU 1 (../shared/bench/echo_bench.sh).
# The load is the shared C load generator with each 32-byte message ending in a newline (which comes back as it
# is), built here as $GT_BENCH_DIR/loadgen_lines.
# LINES_BEFORE=path/to/an/older/GreenSamples adds its `serve --lines` as green_lines_before: a before/after in one run.
#   usage: bench/line_echo.sh [ROUNDS=3] [CONNS=500] [SECONDS=10]     results: bench/results/<UTC time>-line-echo/
set -eu
cd "$(dirname "$0")/.."
rounds=${1:-3}; conns=${2:-500}; secs=${3:-10}
# The shared peers and load generator: ../shared/bench from a clone beside them (BENCH_PEERS=... elsewhere).
peers=${BENCH_PEERS:-}
[ -n "$peers" ] || for d in ../shared/bench ../../shared/bench; do [ -d "$d" ] && peers=$(cd "$d" && pwd) && break; done
[ -f "$peers/loadgen.c" ] || { echo "line_echo.sh: no shared bench peers (set BENCH_PEERS)" >&2; exit 2; }
gt=${GT_BENCH_DIR:-/tmp/gt-bench}
out=bench/results/$(date -u +%Y%m%d-%H%M)-line-echo
mkdir -p "$out" "$gt"
{ git rev-parse HEAD 2>/dev/null || echo unknown; uptime; } > "$out/commit.txt"
sed -e 's/(m\[j\] - 32)/(m[j] == 10 ? 10 : m[j] - 32)/g' \
    -e 's|^\(    for (; k < 11 \&\& k < size; k++) { m\[k\] = .a. + v % 26; v /= 26; }\)$|\1\n    m[size - 1] = 10;|' \
    "$peers/loadgen.c" > "$gt/loadgen_lines.c"
grep -q 'm\[size - 1\] = 10;' "$gt/loadgen_lines.c"   # the message now ends in a newline
gcc -O2 -Wall -Wextra -o "$gt/loadgen_lines" "$gt/loadgen_lines.c"
dotnet build -c Release src/Samples -v q --nologo
dotnet build -c Release bench/GreenRuntime.Benchmarks -v q --nologo
samples=$PWD/src/Samples/bin/Release/net10.0/GreenSamples
bench=$PWD/bench/GreenRuntime.Benchmarks/bin/Release/net10.0/GreenRuntime.Benchmarks
before=()
[ -z "${LINES_BEFORE:-}" ] || before=(green_lines_before="$LINES_BEFORE serve --lines --port PORT")
for i in $(seq "$rounds"); do
  LOADGEN=$gt/loadgen_lines "$peers/echo_bench.sh" "$conns" "$secs" \
    green_raw="$samples serve --port PORT" \
    green_lines="$samples serve --lines --port PORT" \
    "${before[@]}" \
    dotnet_streamreader="$bench lineserver streamreader PORT" \
    dotnet_pipereader="$bench lineserver pipereader PORT" || true   # a server killed at the end exits non-zero
done | tee "$out/line-echo-$conns.txt"
python3 bench/echo_medians.py "$out/line-echo-$conns.txt" green_lines | tee "$out/medians.txt"
