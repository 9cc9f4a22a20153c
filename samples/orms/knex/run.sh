#!/usr/bin/env bash
# Knex's debug log (the debug package writes to stderr) becomes stdout, which is orm.log
here=$(cd "$(dirname "$0")" && pwd)
cd "$here" && DEBUG=knex:query,knex:bindings exec node app.mjs 2>&1
