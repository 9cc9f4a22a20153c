#!/bin/sh
# Regenerates the ORM log samples against a PostgreSQL reachable at 127.0.0.1:$PGPORT, database
# $PGDATABASE, user postgres, trust auth (a throwaway server: the programs drop and create tables, and TypeORM's
# dropSchema drops everything in schema public, so keep pg_stat_statements in another schema there).
# Needs Debian's python3-django (3.2), python3-sqlalchemy (1.4), python3-psycopg2, and in $NODE_MODULES_DIR
# (a directory with node_modules) npm's sequelize@6, typeorm, reflect-metadata, knex, pg. VERSIONS.md lists what made the committed files.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
: "${PGPORT:?}" "${PGDATABASE:?}" "${NODE_MODULES_DIR:?}"
export PGPORT PGDATABASE
export NODE_PATH="$NODE_MODULES_DIR/node_modules"
/usr/bin/python3 "$here/django_app.py" "$here/django.log"
/usr/bin/python3 "$here/sqlalchemy_app.py" "$here/sqlalchemy-echo.log" echo
/usr/bin/python3 "$here/sqlalchemy_app.py" "$here/sqlalchemy-logging.log" logging
node "$here/sequelize_app.js" > "$here/sequelize.log"
node "$here/sequelize_app.js" benchmark > "$here/sequelize-benchmark.log"
node "$here/sequelize_app.js" params > "$here/sequelize-params.log"
node "$here/typeorm_app.js" > "$here/typeorm.log"
DEBUG=knex:query,knex:bindings node "$here/knex_app.js" 2> "$here/knex-debug.log"
