#!/usr/bin/env bash
# Regenerates this directory's logs from one real run: starts a throwaway PostgreSQL 15 with every
# statement logged (log_min_duration_statement = 0) and pg_stat_statements loaded, installs Prisma
# ORM 7 with the pg driver adapter from npm into a temporary directory, generates the client,
# runs app.mts with Prisma's stdout query log (log: ['query']; its stdout is prisma-app.log, the
# server's log of the same run prisma-server.log, pg_stat_statements' rows of the run
# prisma-pg_stat_statements.csv), then again writing QueryLens's trace format from Prisma's query
# events (prisma-trace.jsonl). Touches no other server.
# Needs: PostgreSQL 15 server binaries (with contrib's pg_stat_statements), node 20 and npm.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
pgbin=${PGBIN:-/usr/lib/postgresql/15/bin}
port=${PORT:-54332}
work=$(mktemp -d /tmp/querylens-prisma.XXXXXX)
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
"${quiet[@]}" -d taskboard -f "$here/../drizzle/seed.sql"

(cd "$work" && npm init -y >/dev/null && npm install --silent --no-audit --no-fund \
  prisma@7.10.1 @prisma/client@7.10.0 @prisma/adapter-pg@7.10.1 pg@8.23.1 >/dev/null)
mkdir -p "$work/prisma"
cp "$here/app.mts" "$here/prisma.config.ts" "$work/"
cp "$here/schema.prisma" "$work/prisma/"
# generate wants the schema engine binary, which Prisma fetches from its own download host, not
# from npm; it does not run it to write a client, so any executable stands in for it
(cd "$work" && PRISMA_SCHEMA_ENGINE_BINARY=/bin/true PRISMA_ENGINES_CHECKSUM_IGNORE_MISSING=1 npx prisma generate >/dev/null)
url="postgres://postgres@127.0.0.1:$port/taskboard"
# the first run compiles the TypeScript (jiti caches it) outside the logged part
(cd "$work" && DATABASE_URL=$url LOGGER=none TRACE_FILE=/dev/null npx jiti app.mts >/dev/null 2>&1 || true)
"${quiet[@]}" -d postgres -c "SELECT pg_stat_statements_reset()" >/dev/null
sleep 1
start=$(stat -c %s "$work/log/postgresql.log")
(cd "$work" && DATABASE_URL=$url npx jiti app.mts) > "$here/prisma-app.log"
sleep 1
tail -c +$((start + 1)) "$work/log/postgresql.log" > "$here/prisma-server.log"
"${quiet[@]}" -d postgres -c "\\copy (SELECT query, calls, total_exec_time FROM pg_stat_statements WHERE toplevel AND dbid = (SELECT oid FROM pg_database WHERE datname = 'taskboard')) TO '$here/prisma-pg_stat_statements.csv' CSV HEADER"
rm -f "$here/prisma-trace.jsonl"
(cd "$work" && DATABASE_URL=$url LOGGER=querylens TRACE_FILE="$here/prisma-trace.jsonl" npx jiti app.mts) > /dev/null
echo "wrote $here/prisma-app.log, prisma-server.log, prisma-pg_stat_statements.csv, prisma-trace.jsonl"
