#!/usr/bin/env bash
# The sample app's database, to verify advise's index advice on: a throwaway PostgreSQL 15 with
# HypoPG in a directory of its own, the taskboard migrations applied and seeded (200,000 tasks,
# 400,000 comments; about 20 s). Prints the database's URL on stdout; touches no other server.
#
#   url=$(bash samples/sample-database.sh)        # start (or print the URL of the one running)
#   java -jar analyzer/target/querylens.jar advise --db "$url" samples/taskboard
#   bash samples/sample-database.sh stop          # stop it and delete its directory
#
# Needs Debian's postgresql-15 and postgresql-15-hypopg (apt-get install postgresql-15 postgresql-15-hypopg).
# DIR (default /tmp/querylens-sample-db) and PORT (default 54330) choose where it lives and listens.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
pgbin=${PGBIN:-/usr/lib/postgresql/15/bin}
dir=${DIR:-/tmp/querylens-sample-db}
port=${PORT:-54330}
url="postgresql://postgres@127.0.0.1:$port/taskboard"

as_pg() {
  # initdb refuses to run as root: run the server as the postgres user then
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

if [ "${1:-start}" = stop ]; then
  if [ -d "$dir/data" ]; then
    as_pg "$pgbin/pg_ctl" -D "$dir/data" -m fast stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
  echo "sample database stopped and $dir deleted" >&2
  exit 0
fi
if [ "${1:-start}" != start ]; then
  echo "usage: bash samples/sample-database.sh [start|stop]" >&2
  exit 2
fi
if [ ! -x "$pgbin/initdb" ] || [ ! -f /usr/share/postgresql/15/extension/hypopg.control ]; then
  echo "sample-database.sh: needs PostgreSQL 15 with HypoPG: apt-get install postgresql-15 postgresql-15-hypopg" >&2
  exit 2
fi
if [ -f "$dir/data/postmaster.pid" ] && as_pg "$pgbin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
  echo "$url"
  exit 0
fi

rm -rf "$dir"
mkdir -p "$dir"
chmod 755 "$dir"
[ "$(id -u)" = 0 ] && chown postgres "$dir"
echo "sample-database.sh: starting PostgreSQL 15 in $dir on port $port and loading the taskboard sample..." >&2
as_pg "$pgbin/initdb" -D "$dir/data" -U postgres --auth=trust --locale=C.UTF-8 >/dev/null
cat >> "$dir/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
CONF
as_pg "$pgbin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w start >/dev/null

psql=(psql -q -X -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres)
"${psql[@]}" -d postgres -c "CREATE DATABASE taskboard" >/dev/null
"${psql[@]}" -d taskboard -f "$here/capture/supabase-stub.sql" >/dev/null
for m in "$here"/taskboard/migrations/*.sql; do
  "${psql[@]}" -d taskboard -f "$m" >/dev/null
done
"${psql[@]}" -d taskboard -f "$here/capture/seed.sql" >/dev/null
"${psql[@]}" -d taskboard -c "CREATE EXTENSION hypopg" >/dev/null
echo "sample-database.sh: ready; stop it with: bash samples/sample-database.sh stop" >&2
echo "$url"
