#!/usr/bin/env bash
# The analyzer's speed as users see it: whole `java -jar querylens.jar analyze` processes on the
# sample stderr log repeated to SIZE_MB (default 200), timed from exec to exit, next to
# LogIngestionBenchmark's single shot of the same analysis on the same file (a warm JVM).
#
# Each round runs every configuration once, in turn, so a noisy machine hits them alike:
#   before       java -jar OLD_JAR (OLD_JAR=path, or OLD_REF=git-ref to build one; skipped without either)
#   now          java -jar analyzer/target/querylens.jar
#   launcher-cds bin/querylens with the JVM's default JIT: its AppCDS archive (written beforehand by one run,
#                as a user's first run does) and nothing else
#   launcher     bin/querylens as shipped: the archive and -XX:TieredStopAtLevel=1 (C1 only: less JIT work,
#                slower peak code)
#   java25       java -jar on a JDK 25 or newer (JAVA25=its home, default the first under /usr/lib/jvm;
#                JAVA25=none leaves out this and the next)
#   launcher-aot bin/querylens as shipped on that JDK: its ahead-of-time cache (written beforehand by one
#                run) and C1 only
# ROUNDS (default 5). Times with hyperfine when installed (one run per command per round), else
# with /usr/bin/time. Prints each round, then the median per configuration: wall seconds, MB/s,
# CPU seconds (user+sys). Every configuration's report must be byte-identical to the first's.
# Run from the repository root after: mvn -B -q package -DskipTests
set -euo pipefail
size_mb=${SIZE_MB:-200}
rounds=${ROUNDS:-5}
heap=${HEAP:-512m}
jar=analyzer/target/querylens.jar
work=$(mktemp -d /tmp/querylens-cold.XXXXXX)
trap 'rm -rf "$work"' EXIT
log=${LOG:-$work/postgresql.log}
sample=samples/taskboard/logs/taskboard-stderr.log
if [ -z "${LOG:-}" ]; then
  copies=$(( (size_mb * 1024 * 1024 + $(stat -c %s "$sample") - 1) / $(stat -c %s "$sample") ))
  for _ in $(seq "$copies"); do cat "$sample"; done > "$log"
fi
mb=$(awk -v b="$(stat -c %s "$log")" 'BEGIN { printf "%.1f", b / 1048576 }')

old_jar=${OLD_JAR:-}
if [ -z "$old_jar" ] && [ -n "${OLD_REF:-}" ]; then
  mkdir "$work/old"
  git archive "$OLD_REF" | tar -x -C "$work/old"
  (cd "$work/old" && mvn -o -q -pl rules,analyzer -am package -DskipTests >/dev/null)
  old_jar=$work/old/analyzer/target/querylens.jar
  echo "before: $OLD_REF = $(git rev-parse --short "$OLD_REF")"
fi

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(java -version 2>&1 | head -1), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "log: $mb MB, ${rounds} rounds, -Xmx$heap"

export QUERYLENS_CACHE=$work/cache QUERYLENS_JAR=$PWD/$jar
# the launcher's first run writes the archive, as a user's first run would
QUERYLENS_JAVA_OPTS="-Xmx$heap" bin/querylens analyze -q --format json -o "$work/first.json" "$sample" >/dev/null 2>&1
ls "$QUERYLENS_CACHE"/querylens-*.jsa >/dev/null

java25=${JAVA25:-}
if [ -z "$java25" ]; then
  for home in /usr/lib/jvm/*/; do
    major=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$home/release" 2>/dev/null || true)
    if [ "${major:-0}" -ge 25 ] && [ -x "$home/bin/java" ]; then java25=${home%/}; break; fi
  done
fi
[ "$java25" = none ] && java25=
if [ -n "$java25" ]; then
  echo "newer JDK: $java25 ($("$java25/bin/java" -version 2>&1 | head -1))"
  JAVA_HOME=$java25 QUERYLENS_JAVA_OPTS="-Xmx$heap" bin/querylens analyze -q --format json -o "$work/first.json" "$sample" >/dev/null 2>&1
  ls "$QUERYLENS_CACHE"/querylens-*.aot >/dev/null
fi

names=() cmds=()
add() { names+=("$1"); cmds+=("$2"); }
[ -n "$old_jar" ] && add before "java -Xmx$heap -jar $old_jar analyze -q --format json -o $work/before.json $log"
add now "java -Xmx$heap -jar $jar analyze -q --format json -o $work/now.json $log"
add launcher-cds "QUERYLENS_JAVA_OPTS='-Xmx$heap -XX:TieredStopAtLevel=4' bin/querylens analyze -q --format json -o $work/launcher-cds.json $log"
add launcher "QUERYLENS_JAVA_OPTS=-Xmx$heap bin/querylens analyze -q --format json -o $work/launcher.json $log"
if [ -n "$java25" ]; then
  add java25 "$java25/bin/java -Xmx$heap -jar $jar analyze -q --format json -o $work/java25.json $log"
  add launcher-aot "JAVA_HOME=$java25 QUERYLENS_JAVA_OPTS=-Xmx$heap bin/querylens analyze -q --format json -o $work/launcher-aot.json $log"
fi

results=$work/results.txt
: > "$results"
for r in $(seq "$rounds"); do
  line="round $r (load $(cut -d' ' -f1 /proc/loadavg)):"
  for k in "${!names[@]}"; do
    if command -v hyperfine >/dev/null; then
      hyperfine --runs 1 --export-json "$work/h.json" "${cmds[$k]}" >/dev/null 2>&1
      read -r wall cpu < <(python3 -c "import json; r=json.load(open('$work/h.json'))['results'][0]; print('%.2f %.2f' % (r['times'][0], r['user'] + r['system']))")
    else
      /usr/bin/time -f "%e %U %S" -o "$work/t.txt" bash -c "${cmds[$k]}" >/dev/null 2>&1
      read -r wall user sys < "$work/t.txt"
      cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
    fi
    echo "${names[$k]} $wall $cpu" >> "$results"
    line="$line ${names[$k]} ${wall}s"
  done
  echo "$line"
done

first=${names[0]}
for name in "${names[@]}"; do
  cmp -s "$work/$first.json" "$work/$name.json" || { echo "REPORT DIFFERS: $name against $first" >&2; exit 1; }
done
echo "reports byte-identical across configurations"
python3 - "$results" "$mb" <<'EOF'
import sys, statistics, collections
rows = collections.defaultdict(list)
for line in open(sys.argv[1]):
    name, wall, cpu = line.split()
    rows[name].append((float(wall), float(cpu)))
mb = float(sys.argv[2])
print("| configuration | median wall | min wall | MB/s (median) | CPU user+sys (median) |")
print("|---|---:|---:|---:|---:|")
for name, r in rows.items():
    wall = statistics.median(w for w, _ in r)
    print("| %s | %.2f s | %.2f s | %.0f | %.2f s |" % (name, wall, min(w for w, _ in r), mb / wall, statistics.median(c for _, c in r)))
EOF

if [ -f benchmarks/target/benchmarks.jar ] && [ -z "${SKIP_JMH:-}" ]; then
  java -Xmx$heap -jar benchmarks/target/benchmarks.jar LogIngestionBenchmark -p logFile="$log" -f 1 -wi 1 -i 3 \
    -rf json -rff "$work/jmh.json" >/dev/null
  python3 -c "import json; r=json.load(open('$work/jmh.json'))[0]['primaryMetric']; print('JMH single shot (warm JVM, mean of 3): %.2f s +- %.2f, %.0f MB/s' % (r['score']/1000, r['scoreError']/1000, $mb * 1000 / r['score']))"
fi
