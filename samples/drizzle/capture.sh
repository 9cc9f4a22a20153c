#!/usr/bin/env bash
# Regenerates this directory's logs from one real run: starts a throwaway PostgreSQL 15 with every
# statement logged (log_min_duration_statement = 0) and pg_stat_statements loaded, installs drizzle-orm and pg from npm into a
# temporary directory, runs app.mjs with Drizzle's own logger (logger: true; its stdout is
# drizzle-app.log, the server's log of the same run is drizzle-server.log, pg_stat_statements' rows
# of the run drizzle-pg_stat_statements.csv), then again with
# querylens-logger.mjs (drizzle-trace.jsonl). Touches no other server.
# Needs: PostgreSQL 15 server binaries, node 20 and npm (with network access to the npm registry).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
pgbin=${PGBIN:-/usr/lib/postgresql/15/bin}
port=${PORT:-54331}
work=$(mktemp -d /tmp/querylens-drizzle.XXXXXX)
chmod 755 "$work"
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" = 0 ] && chown postgres "$work"
cleanup() { as_pg "$pgbin/pg_ctl" -D "$work/data" -m fast stop >/dev/null 2>&1 || true; }
trap cleanup EXIT

as_pg "$pgbin/initdb" -D "$work/data" -U postgres --auth=trust --locale=C.UTF-8 >/dev/null
cat >> "$work/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$work'
shared_preload_libraries = 'pg_stat_statements'
logging_collector = on
log_directory = '$work/log'
log_filename = 'postgresql.log'
log_line_prefix = '%m [%p] %q%u@%d '
log_min_duration_statement = 0
log_timezone = 'UTC'
lc_messages = 'C'
CONF
as_pg "$pgbin/pg_ctl" -D "$work/data" -l "$work/server.out" -w start >/dev/null
quiet=(env PGOPTIONS="-c log_min_duration_statement=-1" psql -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres)
"${quiet[@]}" -d postgres -c "CREATE DATABASE taskboard" -c "CREATE EXTENSION pg_stat_statements"
"${quiet[@]}" -d taskboard -f "$here/seed.sql"

(cd "$work" && npm init -y >/dev/null && npm install --silent --no-audit --no-fund drizzle-orm@0.45.4 pg@8.23.1 >/dev/null)
cp "$here/app.mjs" "$here/querylens-logger.mjs" "$work/"
url="postgres://postgres@127.0.0.1:$port/taskboard"
"${quiet[@]}" -d postgres -c "SELECT pg_stat_statements_reset()" >/dev/null
sleep 1
start=$(stat -c %s "$work/log/postgresql.log")
(cd "$work" && DATABASE_URL=$url node app.mjs) > "$here/drizzle-app.log"
sleep 1
tail -c +$((start + 1)) "$work/log/postgresql.log" > "$here/drizzle-server.log"
"${quiet[@]}" -d postgres -c "\\copy (SELECT query, calls, total_exec_time FROM pg_stat_statements WHERE toplevel AND dbid = (SELECT oid FROM pg_database WHERE datname = 'taskboard')) TO '$here/drizzle-pg_stat_statements.csv' CSV HEADER"
rm -f "$here/drizzle-trace.jsonl"
(cd "$work" && DATABASE_URL=$url LOGGER=querylens TRACE_FILE="$here/drizzle-trace.jsonl" node app.mjs) > /dev/null
echo "wrote $here/drizzle-app.log, drizzle-server.log, drizzle-pg_stat_statements.csv, drizzle-trace.jsonl"
