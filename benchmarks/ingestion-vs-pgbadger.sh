#!/usr/bin/env bash
# Log ingestion as users see it: whole processes of `bin/querylens analyze` and `pgbadger -j 2` on the
# same files, paired within each round, on the two logs of issue #30:
#   sample   the sample app's workload (samples/taskboard, captured from a real PostgreSQL 15) repeated
#            to SIZE_MB
#   pgbench  pgbench's tpcb-like script against a throwaway PostgreSQL 15 in the simple protocol, every
#            statement logged, 1% with an auto_explain plan, a tenth of the transactions on a new
#            connection (benchmarks/pgbench-log.sh), generated at about SIZE_MB
# Prints, per log, the medians of ROUNDS paired runs: wall seconds, MB/s, CPU seconds (user+sys), CPU
# per execution, peak RSS, pgBadger's wall seconds and the ratio. Every QueryLens report of a log
# must be byte-identical across rounds.
#
#   SIZE_MB=200      size of each log (SIZE_MB=1000 for the 1 GB row)
#   LOGS="sample pgbench"   which logs
#   ROUNDS=3
#   WORK=DIR         keep the generated logs in DIR and reuse them next time (generating the pgbench
#                    log takes minutes: about 6 minutes for 64 MB on a loaded 2-core machine)
#   QUERYLENS="bin/querylens"   the command to time (e.g. "java -jar OLD.jar" for a before/after)
#   PGBADGER_JOBS=2
# Needs Debian's pgbadger and postgresql-15. Run from the repository root after:
#   mvn -B -q package -DskipTests
set -euo pipefail
size_mb=${SIZE_MB:-200}
logs=${LOGS:-sample pgbench}
rounds=${ROUNDS:-3}
jobs=${PGBADGER_JOBS:-2}
ql=${QUERYLENS:-bin/querylens}
command -v pgbadger >/dev/null || { echo "needs pgbadger (apt-get install pgbadger)" >&2; exit 2; }
if [ -n "${WORK:-}" ]; then work=$WORK; mkdir -p "$work"; else
  work=$(mktemp -d /tmp/querylens-ingest.XXXXXX); trap 'rm -rf "$work"' EXIT; fi
target=$((size_mb * 1000 * 1000))

log_of() {  # writes the log named $1 at about SIZE_MB unless WORK already has it
  local log=$work/$1-${size_mb}MB.log
  if [ ! -s "$log" ]; then
    case $1 in
      sample)
        local sample=samples/taskboard/logs/taskboard-stderr.log
        local copies=$(( (target + $(stat -c %s "$sample") - 1) / $(stat -c %s "$sample") ))
        for _ in $(seq "$copies"); do cat "$sample"; done > "$log.part" ;;
      pgbench)
        # 1,060 bytes a transaction, measured on a 60,000-transaction run of pgbench-log.sh
        TRANSACTIONS=$((target / 1060)) OUT="$log.part" bash benchmarks/pgbench-log.sh >&2 ;;
      *) echo "unknown log: $1" >&2; exit 2 ;;
    esac
    mv "$log.part" "$log"
  fi
  echo "$log"
}

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "QueryLens: $ql ($(java -version 2>&1 | head -1)); $(pgbadger --version | head -1) -j $jobs"
# the launcher's first run writes its start-up cache, as a user's first run would
$ql analyze -q --format json -o "$work/warm.json" samples/taskboard/logs/taskboard-stderr.log >/dev/null 2>&1 || true

results=$work/results.txt
: > "$results"
for name in $logs; do
  log=$(log_of "$name")
  for r in $(seq "$rounds"); do
    load=$(cut -d' ' -f1 /proc/loadavg)
    /usr/bin/time -f "%e %U %S %M" -o "$work/t.txt" $ql analyze -q --format json -o "$work/ql-$name-$r.json" "$log" \
      >/dev/null 2>"$work/ql-$name.err" || true
    read -r qw qu qs qm < "$work/t.txt"
    /usr/bin/time -f "%e %U %S %M" -o "$work/t.txt" pgbadger -j "$jobs" -q -f stderr --prefix '%m [%p] %q%u@%d ' \
      -o "$work/pgbadger-$name.html" "$log" >/dev/null 2>&1
    read -r pw pu ps pm < "$work/t.txt"
    echo "$name $r $load $(stat -c %s "$log") $qw $qu $qs $qm $pw $pu $ps $pm" >> "$results"
    echo "$name round $r (load $load): QueryLens ${qw}s, pgBadger ${pw}s" >&2
    cmp -s "$work/ql-$name-1.json" "$work/ql-$name-$r.json" || { echo "REPORT DIFFERS between rounds: $name" >&2; exit 1; }
  done
done

python3 - "$results" "$work" <<'PY'
import sys, json, statistics, collections
rows = collections.defaultdict(list)
for line in open(sys.argv[1]):
    f = line.split()
    rows[f[0]].append(dict(load=float(f[2]), size=int(f[3]), qw=float(f[4]), qc=float(f[5]) + float(f[6]),
                           qm=int(f[7]), pw=float(f[8]), pc=float(f[9]) + float(f[10])))
med = lambda rs, k: statistics.median(r[k] for r in rs)
print("| log | MB | executions | QueryLens wall | MB/s | CPU | CPU per execution | peak RSS | pgBadger -j wall | ratio | load |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
for name, rs in rows.items():
    mb = rs[0]["size"] / 1e6
    execs = json.load(open("%s/ql-%s-1.json" % (sys.argv[2], name)))["summary"]["executions"]
    qw, qc, pw = med(rs, "qw"), med(rs, "qc"), med(rs, "pw")
    print("| %s | %.1f | %s | %.2f s | %.1f | %.2f s | %.1f µs | %d MB | %.2f s | %.1fx | %s |" % (
        name, mb, format(execs, ","), qw, mb / qw, qc, qc * 1e6 / execs, med(rs, "qm") / 1024, pw, pw / qw,
        "-".join(str(r["load"]) for r in rs)))
PY
