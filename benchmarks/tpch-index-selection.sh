#!/usr/bin/env bash
# Index selection quality on TPC-H (see TpchIndexSelection): starts a throwaway PostgreSQL 15 with
# HypoPG in a temporary directory (Debian's postgresql-15 and postgresql-15-hypopg), loads TPC-H,
# runs the advisor at budgets 100, 250, 500 and 1000 MB, prints the table, removes the server.
# The planner settings are PostgreSQL's defaults (parallel plans included), as in the reference
# study; shared_buffers, maintenance_work_mem and fsync only speed up the load and change no cost.
# Autovacuum is off so the visibility map stays as one ANALYZE leaves it for both algorithms.
# Run from the repository root after: mvn -B -q package -DskipTests
set -euo pipefail
pgbin=/usr/lib/postgresql/15/bin
port=${PORT:-54340}
work=$(mktemp -d /tmp/querylens-tpch.XXXXXX)
chmod 777 "$work"
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() { as_pg "$pgbin/pg_ctl" -D "$work/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT
as_pg "$pgbin/initdb" -D "$work/data" -U postgres --auth=trust >/dev/null
as_pg "$pgbin/pg_ctl" -D "$work/data" -l "$work/server.log" -w \
  -o "-p $port -k $work -c listen_addresses=127.0.0.1 -c fsync=off -c autovacuum=off -c shared_buffers=512MB -c maintenance_work_mem=512MB" \
  start >/dev/null
java -Djdbc.url="jdbc:postgresql://127.0.0.1:$port/postgres?user=postgres" -Dtpch.scale="${SCALE:-1}" \
  ${JAVA_OPTS:-} -cp benchmarks/target/benchmarks.jar dev.querylens.bench.TpchIndexSelection
