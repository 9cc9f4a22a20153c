#!/usr/bin/env bash
# Django's SQL log (django.db.backends at DEBUG) goes to stderr; this script's stdout is orm.log
here=$(cd "$(dirname "$0")" && pwd)
exec /usr/bin/python3 "$here/app.py" 2>&1 >/dev/null
