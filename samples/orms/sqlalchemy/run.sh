#!/usr/bin/env bash
# SQLAlchemy's echo=True log goes to stdout, which is orm.log
here=$(cd "$(dirname "$0")" && pwd)
exec /usr/bin/python3 "$here/app.py"
