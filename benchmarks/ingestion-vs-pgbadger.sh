#!/usr/bin/env bash
# Log ingestion on this machine: QueryLens (JMH, end-to-end analyze of a stderr log) against
# pgBadger -j 2 on the same file, in the same run. The log is the sample workload captured from a
# real PostgreSQL 15, repeated to SIZE_MB (default 500). Needs Debian's pgbadger package.
# Run from the repository root after: mvn -B -q package -DskipTests
set -euo pipefail
size_mb=${SIZE_MB:-500}
work=$(mktemp -d /tmp/querylens-ingest.XXXXXX)
trap 'rm -rf "$work"' EXIT
log="$work/postgresql.log"
sample=samples/taskboard/logs/taskboard-stderr.log
target=$((size_mb * 1024 * 1024))
while [ "$(stat -c %s "$log" 2>/dev/null || echo 0)" -lt "$target" ]; do cat "$sample" >> "$log"; done
bytes=$(stat -c %s "$log")
mb=$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1048576 }')
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "log: $mb MB ($bytes bytes), PostgreSQL 15 stderr format, log_line_prefix '%m [%p] %q%u@%d '"

java -Xmx512m -jar benchmarks/target/benchmarks.jar LogIngestionBenchmark -p logFile="$log" -f 1 -wi 1 -i 3 \
  -rf json -rff "$work/jmh.json" | tail -3
ql_ms=$(python3 -c "import json; print(json.load(open('$work/jmh.json'))[0]['primaryMetric']['score'])")

start=$(date +%s.%N)
pgbadger -j 2 -q -f stderr --prefix '%m [%p] %q%u@%d ' -o "$work/pgbadger.html" "$log"
end=$(date +%s.%N)
pg_s=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }')

awk -v mb="$mb" -v q="$ql_ms" -v p="$pg_s" 'BEGIN {
  qs = q / 1000; qr = mb / qs; pr = mb / p
  printf "QueryLens analyze (JMH, mean of 3, -Xmx512m): %.2f s  %.1f MB/s\n", qs, qr
  printf "pgBadger -j 2:                               %.2f s  %.2f MB/s\n", p, pr
  printf "ratio: QueryLens is %.0f times faster\n", qr / pr
}'
