#!/usr/bin/env bash
# Writes a pgbench-style PostgreSQL 15 stderr log (short statements, a sample of auto_explain plans,
# connection churn) to OUT (default /tmp/querylens-pgbench.log): a throwaway server on a free
# loopback port, pgbench's built-in tpcb-like script in the simple protocol, every statement logged
# (log_min_duration_statement = 0). TRANSACTIONS (default 150000, about 1,050,000 executions: seven
# statements a transaction) sets the size; a tenth of them run with a new connection each (-C).
# Needs Debian's postgresql-15 (initdb, pg_ctl, pgbench, auto_explain). Nothing else is touched.
set -euo pipefail
out=${OUT:-/tmp/querylens-pgbench.log}
tx=${TRANSACTIONS:-150000}
bin=/usr/lib/postgresql/15/bin
work=$(mktemp -d /tmp/querylens-pgbench.XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
as_pg=()
if [ "$(id -u)" = 0 ]; then chown postgres "$work"; as_pg=(runuser -u postgres --); fi
cleanup() { "${as_pg[@]}" "$bin/pg_ctl" -D "$work/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT
"${as_pg[@]}" "$bin/initdb" -D "$work/data" -U postgres --auth=trust -E UTF8 >/dev/null
"${as_pg[@]}" "$bin/pg_ctl" -D "$work/data" -l "$work/startup.log" -w start -o "-p $port -k $work -c listen_addresses=127.0.0.1 \
  -c fsync=off -c synchronous_commit=off -c logging_collector=on -c log_directory=$work/log -c log_filename=server.log \
  -c log_file_mode=0644 -c log_line_prefix='%m [%p] %q%u@%d ' -c log_min_duration_statement=0 \
  -c log_connections=on -c log_disconnections=on -c shared_preload_libraries=auto_explain \
  -c auto_explain.log_min_duration=0 -c auto_explain.sample_rate=0.01" >/dev/null
pgb() { "${as_pg[@]}" "$bin/pgbench" -h 127.0.0.1 -p "$port" -U postgres "$@"; }
"${as_pg[@]}" "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres bench
pgb -i -s 1 -q bench >/dev/null 2>&1
: > "$work/log/server.log" # only the benchmark's own statements, not the initialisation's
pgb -n -M simple -b tpcb-like -c 4 -j 2 -t $((tx * 9 / 40)) bench >/dev/null 2>&1
pgb -n -M simple -b tpcb-like -C -c 2 -j 2 -t $((tx / 20)) bench >/dev/null 2>&1
sleep 1 # the logging collector writes asynchronously
cp "$work/log/server.log" "$out"
echo "$out: $(stat -c %s "$out") bytes, $(grep -c 'duration: .* statement: ' "$out") logged statements"
