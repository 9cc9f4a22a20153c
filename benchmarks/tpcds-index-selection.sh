#!/usr/bin/env bash
# Index selection quality on TPC-DS (see TpcdsIndexSelection): starts a throwaway PostgreSQL 15 with
# HypoPG in a temporary directory (Debian's postgresql-15 and postgresql-15-hypopg), loads TPC-DS
# scale factor 1 (about 1 GB of text, generated and streamed table by table), checks that all 90
# queries PREPARE and EXPLAIN, runs the advisor and the in-benchmark Extend at budgets 250, 500,
# 1000, 1500 and 2000 MB, prints the table, removes the server. Server settings as in
# tpch-index-selection.sh: PostgreSQL's default planner settings; shared_buffers,
# maintenance_work_mem and fsync only speed up the load; autovacuum off so the visibility map
# stays as the one ANALYZE leaves it for both algorithms.
# Run from the repository root after: mvn -B -q package -DskipTests
# SCALE=0.1 for a quick run; JAVA_OPTS=-Dbudgets=250,500 to choose budgets (decimal MB). The budgets share
# one what-if cache (RunScopedPlanner: calls are still counted as each run alone would make them);
# SHARE_CACHE=false gives every run a cold cache of its own, so its seconds are those of a lone run.
set -euo pipefail
pgbin=/usr/lib/postgresql/15/bin
port=${PORT:-54341}
work=$(mktemp -d /tmp/querylens-tpcds.XXXXXX)
chmod 777 "$work"
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() { as_pg "$pgbin/pg_ctl" -D "$work/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT
as_pg "$pgbin/initdb" -D "$work/data" -U postgres --auth=trust >/dev/null
as_pg "$pgbin/pg_ctl" -D "$work/data" -l "$work/server.log" -w \
  -o "-p $port -k $work -c listen_addresses=127.0.0.1 -c fsync=off -c autovacuum=off -c shared_buffers=512MB -c maintenance_work_mem=512MB" \
  start >/dev/null
java -Xmx2g -Djdbc.url="jdbc:postgresql://127.0.0.1:$port/postgres?user=postgres" -Dtpcds.scale="${SCALE:-1}" \
  -Dshare.cache="${SHARE_CACHE:-true}" \
  ${JAVA_OPTS:-} -cp benchmarks/target/benchmarks.jar dev.querylens.bench.TpcdsIndexSelection
