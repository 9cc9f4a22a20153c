#!/bin/sh
# Regenerates the ORM log samples against a PostgreSQL reachable at 127.0.0.1:$PGPORT, database
# $PGDATABASE, user postgres, trust auth (a throwaway server: the programs drop and create tables, and TypeORM's
# dropSchema drops everything in schema public, so keep pg_stat_statements in another schema there).
# Needs Debian's python3-django (3.2), python3-sqlalchemy (1.4), python3-psycopg2, and in $NODE_MODULES_DIR
# (a directory with node_modules) npm's sequelize@6, typeorm, reflect-metadata, knex, pg. VERSIONS.md lists what made the committed files.
# With SERVER_CSVLOG set to the server's csvlog file, the part of it each program's run wrote is
# kept beside that program's log as <log>.server.csv (for the tests that give both logs of one run).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
# run <log name> <command...>: runs the program, then cuts its run's part out of the server's csvlog
run() {
  name=$1; shift
  before=0
  if [ -n "${SERVER_CSVLOG:-}" ]; then before=$(stat -c %s "$SERVER_CSVLOG"); fi
  "$@"
  if [ -n "${SERVER_CSVLOG:-}" ]; then
    sleep 1 # the logging collector writes asynchronously
    tail -c +$((before + 1)) "$SERVER_CSVLOG" > "$here/$name.server.csv"
  fi
}
: "${PGPORT:?}" "${PGDATABASE:?}" "${NODE_MODULES_DIR:?}"
export PGPORT PGDATABASE
export NODE_PATH="$NODE_MODULES_DIR/node_modules"
run django /usr/bin/python3 "$here/django_app.py" "$here/django.log"
run sqlalchemy-echo /usr/bin/python3 "$here/sqlalchemy_app.py" "$here/sqlalchemy-echo.log" echo
/usr/bin/python3 "$here/sqlalchemy_app.py" "$here/sqlalchemy-logging.log" logging
node "$here/sequelize_app.js" > "$here/sequelize.log"
node "$here/sequelize_app.js" benchmark > "$here/sequelize-benchmark.log"
node "$here/sequelize_app.js" params > "$here/sequelize-params.log"
run typeorm sh -c 'node "$1/typeorm_app.js" > "$1/typeorm.log"' - "$here"
DEBUG=knex:query,knex:bindings node "$here/knex_app.js" 2> "$here/knex-debug.log"
