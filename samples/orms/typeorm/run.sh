#!/usr/bin/env bash
# TypeORM's log (logging: true) goes to stdout, which is orm.log
here=$(cd "$(dirname "$0")" && pwd)
cd "$here" && exec node app.mjs
