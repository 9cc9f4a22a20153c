#!/usr/bin/env bash
# Regenerates samples/orms/<orm>/logs/ from real runs: for each application (default: all six)
# and each log_line_prefix below, starts a throwaway PostgreSQL 15 (loopback only, its own
# temporary directory, pg_stat_statements preloaded, every statement logged to stderr, csvlog
# and jsonlog at once), loads schema.sql into a fresh database, runs the application once and
# keeps: the server's three logs, the ORM's own log (orm.log), and pg_stat_statements' rows
# for the run (pg_stat_statements.csv). The server's logs are gzipped (QueryLens reads .gz).
# Touches no other server.
#
#   bash samples/orms/capture.sh                 # all apps
#   bash samples/orms/capture.sh django knex     # some
#
# Needs: Debian postgresql-15, python3-django, python3-sqlalchemy, python3-psycopg2, node 20 and
# npm (the Node apps' packages are installed from their package-lock.json with `npm ci`), and for
# the Hibernate app Java 17 and Maven (its own pom.xml, built here with `mvn -q -B package`; it is
# not a module of QueryLens's build).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
pgbin=${PGBIN:-/usr/lib/postgresql/15/bin}
port=${PORT:-54341}
apps=("$@")
[ ${#apps[@]} -gt 0 ] || apps=(django sqlalchemy sequelize typeorm knex drizzle hibernate)

# name|log_line_prefix: Debian's default, pgBadger's documented stderr prefix (whole seconds),
# and the syslog-style one with a per-session line number
prefixes=(
  "m-pid-user-db|%m [%p] %q%u@%d "
  "t-pgbadger|%t [%p]: user=%u,db=%d,app=%a,client=%h "
  "t-line|%t [%p]: [%l-1] "
)

work=$(mktemp -d /tmp/querylens-orms.XXXXXX)
chmod 755 "$work"
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" = 0 ] && chown postgres "$work"
stop() { as_pg "$pgbin/pg_ctl" -D "$work/data" -m fast -w stop >/dev/null 2>&1 || true; }
trap 'stop; rm -rf "$work"' EXIT

as_pg "$pgbin/initdb" -D "$work/data" -U postgres --auth=trust --locale=C.UTF-8 >/dev/null
cat >> "$work/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$work'
shared_preload_libraries = 'pg_stat_statements'
logging_collector = on
log_destination = 'stderr,csvlog,jsonlog'
log_filename = 'postgresql.log'
log_rotation_size = 0
log_min_duration_statement = 0
log_timezone = 'UTC'
timezone = 'UTC'
lc_messages = 'C'
CONF

quiet=(env PGOPTIONS="-c log_min_duration_statement=-1" psql -q -X -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port")
for app in "${apps[@]}"; do
  dir="$here/$app"
  if [ -f "$dir/package.json" ]; then
    (cd "$dir" && npm ci --silent --no-audit --no-fund >/dev/null)
  fi
  if [ -f "$dir/pom.xml" ]; then
    (cd "$dir" && mvn -q -B package >/dev/null)
  fi
  for entry in "${prefixes[@]}"; do
    name=${entry%%|*}
    prefix=${entry#*|}
    logdir="$work/log-$app-$name"
    mkdir -p "$logdir" && chown postgres "$logdir" 2>/dev/null || true
    as_pg "$pgbin/pg_ctl" -D "$work/data" -l "$work/server.out" -w \
      -o "-c log_directory=$logdir" -o "-c log_line_prefix='$prefix'" start >/dev/null
    "${quiet[@]}" -U postgres -d postgres \
      -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS library" -c "DROP ROLE IF EXISTS app" \
      -c "CREATE ROLE app LOGIN" -c "CREATE DATABASE library OWNER app" \
      -c "CREATE EXTENSION IF NOT EXISTS pg_stat_statements"
    "${quiet[@]}" -U postgres -d library -c "SET ROLE app" -f "$here/schema.sql"
    "${quiet[@]}" -U postgres -d postgres -c "SELECT pg_stat_statements_reset()" >/dev/null
    out="$dir/logs/$name"
    rm -rf "$out" && mkdir -p "$out"
    env PGHOST=127.0.0.1 PGPORT=$port PGUSER=app PGDATABASE=library \
      DATABASE_URL="postgres://app@127.0.0.1:$port/library" \
      bash "$dir/run.sh" > "$out/orm.log" 2> "$out/app.stderr"
    sleep 0.5
    "${quiet[@]}" -U postgres -d postgres -c "\\copy (SELECT userid::regrole AS user, query, calls, total_exec_time, rows FROM pg_stat_statements WHERE toplevel AND dbid = (SELECT oid FROM pg_database WHERE datname = 'library') ORDER BY query) TO '$out/pg_stat_statements.csv' CSV HEADER"
    stop
    cp "$logdir/postgresql.log" "$logdir/postgresql.csv" "$logdir/postgresql.json" "$out/"
    [ -s "$out/app.stderr" ] || rm -f "$out/app.stderr"
    # the server's logs are gzipped (QueryLens reads .gz); the ORM's log too when over 100 KB
    chmod 644 "$out"/*
    gzip -9 -n -f "$out"/postgresql.*
    for f in "$out"/orm.log; do
      if [ "$(stat -c %s "$f")" -gt 102400 ]; then gzip -9 -n -f "$f"; fi
    done
    echo "$app $name: $(ls "$out" | tr '\n' ' ')"
  done
done
