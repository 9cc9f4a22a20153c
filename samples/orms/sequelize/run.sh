#!/usr/bin/env bash
# Sequelize's log (console.log) goes to stdout, which is orm.log
here=$(cd "$(dirname "$0")" && pwd)
cd "$here" && exec node app.mjs
