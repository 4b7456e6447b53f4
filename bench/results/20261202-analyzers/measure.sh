#!/bin/bash
# before = main at /tmp/ana-base, after = this branch; profile 2 and report of each, interleaved, twice; and the analysis-only probe
set -u
OUT=/work/wt/ana/bench/results/20261202-analyzers
report() { # $1 = repo root, $2 = tag
  local dir=/tmp/ana-rep-$2
  rm -rf $dir
  (cd $1 && dotnet run -c Release --no-build --project bench/GeneratorCost -- write $dir >/dev/null)
  dotnet build $dir/GeneratorCost.Bench.csproj -c Release -nologo -v:q >/dev/null 2>&1
  rm -rf $dir/obj/Release $dir/bin/Release
  dotnet build $dir/GeneratorCost.Bench.csproj -c Release -nologo --no-restore -p:BuildProjectReferences=false -p:ReportAnalyzer=true -v:d 2>&1 \
    | awk '/Total analyzer execution time/{p=1} /Total generator execution time/{p=1} p&&/^ *$/{b++} p{print} /GreenRuntime.Generators.Diagnostics.SpawnedGreenletSuppressor/{p=0} /JSImportGenerator$/{p=0}' | grep -v "<0.001" | head -60
}
for round in 1 2; do
  for v in after before; do
    root=/work/wt/ana; [ $v = before ] && root=/tmp/ana-base
    echo "=== round $round $v profile $(date -u +%T) $(uptime | sed 's/.*load/load/')"
    (cd $root && dotnet run -c Release --no-build --project bench/GeneratorCost -- profile 2) > $OUT/profile-$v-$round.txt 2>&1
    grep -A12 "## Analyzers" $OUT/profile-$v-$round.txt
    echo "=== round $round $v report $(date -u +%T) $(uptime | sed 's/.*load/load/')"
    report $root $v-$round > $OUT/report-$v-$round.txt 2>&1
    grep -E "execution time|GreenRuntime.Generators" $OUT/report-$v-$round.txt | head -14
    echo "=== round $round $v probe $(date -u +%T)"
    dll=/tmp/ana-gen-v2; [ $v = before ] && dll=/tmp/ana-base/src/GreenRuntime.Generators/bin/Release/netstandard2.0
    dotnet /tmp/ana-probe/bin/Release/net10.0/probe.dll $dll/GreenRuntime.Generators.dll /work/wt/ana/src/GreenRuntime/bin/Release/net10.0/GreenRuntime.dll 3 ALL 2>&1 | tail -1 | tee $OUT/probe-$v-$round.txt
  done
done
echo "=== done $(date -u +%T) $(uptime | sed 's/.*load/load/')"
