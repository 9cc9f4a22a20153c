#!/usr/bin/env bash
# Cold start of the real CLI against the in-JVM figure: a whole `java -jar querylens.jar analyze`
# process on the sample stderr log repeated to SIZE_MB (default 200), timed from exec to exit,
# next to LogIngestionBenchmark's single shot of the same analysis on the same file (a warm JVM),
# and the process once more with an application class-data-sharing archive (-XX:SharedArchiveFile)
# written beforehand by one run on the small sample log. RUNS (default 3) runs of each, alternating.
# Run from the repository root after: mvn -B -q package -DskipTests
set -euo pipefail
size_mb=${SIZE_MB:-200}
runs=${RUNS:-3}
jar=analyzer/target/querylens.jar
work=$(mktemp -d /tmp/querylens-cold.XXXXXX)
trap 'rm -rf "$work"' EXIT
log="$work/postgresql.log"
sample=samples/taskboard/logs/taskboard-stderr.log
target=$((size_mb * 1024 * 1024))
while [ "$(stat -c %s "$log" 2>/dev/null || echo 0)" -lt "$target" ]; do cat "$sample" >> "$log"; done
mb=$(awk -v b="$(stat -c %s "$log")" 'BEGIN { printf "%.1f", b / 1048576 }')
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(java -version 2>&1 | head -1)"
echo "log: $mb MB"

# the archive: classes loaded by one analyze of the small sample log
java -XX:ArchiveClassesAtExit="$work/querylens.jsa" -jar "$jar" analyze -q --format json -o "$work/warm.json" "$sample" >/dev/null 2>&1
timed() {  # prints wall seconds of one run
  local start end
  start=$(date +%s.%N)
  "$@" >/dev/null 2>&1
  end=$(date +%s.%N)
  awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }'
}
for i in $(seq "$runs"); do
  echo "run $i: process $(timed java -Xmx512m -jar "$jar" analyze -q --format json -o "$work/r.json" "$log") s," \
       "process with CDS $(timed java -Xmx512m -XX:SharedArchiveFile="$work/querylens.jsa" -jar "$jar" analyze -q --format json -o "$work/r.json" "$log") s," \
       "small sample log $(timed java -jar "$jar" analyze -q --format json -o "$work/s.json" "$sample") s," \
       "small with CDS $(timed java -XX:SharedArchiveFile="$work/querylens.jsa" -jar "$jar" analyze -q --format json -o "$work/s.json" "$sample") s," \
       "--version $(timed java -jar "$jar" --version) s"
done
java -Xmx512m -jar benchmarks/target/benchmarks.jar LogIngestionBenchmark -p logFile="$log" -f 1 -wi 1 -i "$runs" \
  -rf json -rff "$work/jmh.json" >/dev/null
python3 -c "import json; r=json.load(open('$work/jmh.json'))[0]['primaryMetric']; print('JMH single shot (warm JVM, mean of $runs): %.2f s +- %.2f' % (r['score']/1000, r['scoreError']/1000))"
