#!/usr/bin/env bash
# Captures the EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) plans the plan rules' examples use, from a
# throwaway PostgreSQL 15 cluster in a temporary directory (never another server), into
# src/main/resources/querylens/rules/plans/. Needs Debian's postgresql-15; run as root or as a user
# who can run initdb.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${OUT:-"$here/src/main/resources/querylens/rules/plans"}
pgbin=${PGBIN:-/usr/lib/postgresql/15/bin}
port=${PORT:-54330}
work=$(mktemp -d /tmp/querylens-plans.XXXXXX)
chmod 755 "$work"
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" = 0 ] && chown postgres "$work"
cleanup() { as_pg "$pgbin/pg_ctl" -D "$work/data" -m fast stop >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT
as_pg "$pgbin/initdb" -D "$work/data" -U postgres --auth=trust >/dev/null
as_pg "$pgbin/pg_ctl" -D "$work/data" -l "$work/server.log" -w \
  -o "-p $port -k $work -c listen_addresses=127.0.0.1 -c max_parallel_workers_per_gather=0" start >/dev/null
sql() { psql -q -X -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres -d postgres "$@"; }

sql <<'SQL'
CREATE TABLE items (id int PRIMARY KEY, group_id int NOT NULL, a int NOT NULL, b int NOT NULL, payload text NOT NULL);
INSERT INTO items SELECT g, g % 500, g % 100, g % 100, md5(g::text) FROM generate_series(1, 200000) g;
CREATE INDEX items_group_idx ON items (group_id);
CREATE TABLE groups (id int PRIMARY KEY, name text NOT NULL);
INSERT INTO groups SELECT g, 'group ' || g FROM generate_series(0, 499) g;
CREATE TABLE tiny (id int PRIMARY KEY, name text);
INSERT INTO tiny VALUES (1, 'a'), (2, 'b'), (3, 'c');
VACUUM ANALYZE;
SQL

plan() { # name, settings, query
  sql -At -c "$2" -c "EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) $3" | grep -v '^SET$' > "$out/$1.json"
}
plan seq-scan-filter "SET work_mem = '4MB'" "SELECT * FROM items WHERE payload = 'c4ca4238a0b923820dcc509a6f75849b'"
plan seq-scan-tiny "SET work_mem = '4MB'" "SELECT * FROM tiny WHERE name = 'b'"
plan index-scan "SET work_mem = '4MB'" "SELECT * FROM items WHERE id = 42"
plan misestimate "SET work_mem = '4MB'" "SELECT * FROM items WHERE a = 7 AND b = 7"
plan sort-spill "SET work_mem = '64kB'" "SELECT * FROM items ORDER BY payload"
plan sort-memory "SET work_mem = '64MB'" "SELECT * FROM items ORDER BY payload"
plan hash-batches "SET work_mem = '64kB'; SET enable_nestloop = off; SET enable_mergejoin = off" "SELECT count(*) FROM items i JOIN items j ON j.id = i.id"
plan hash-one-batch "SET work_mem = '64MB'" "SELECT count(*) FROM items i JOIN groups g ON g.id = i.group_id"
plan lossy-bitmap "SET work_mem = '64kB'; SET enable_seqscan = off; SET enable_indexscan = off" "SELECT count(*) FROM items WHERE group_id < 250"
plan exact-bitmap "SET work_mem = '64MB'; SET enable_seqscan = off; SET enable_indexscan = off" "SELECT count(*) FROM items WHERE group_id < 250"
plan nested-loop-many "SET enable_hashjoin = off; SET enable_mergejoin = off; SET enable_memoize = off" "SELECT count(*) FROM items i JOIN items j ON j.id = i.a + 1 WHERE i.group_id < 100"
plan nested-loop-few "SET enable_hashjoin = off; SET enable_mergejoin = off; SET enable_memoize = off" "SELECT g.name, i.payload FROM groups g JOIN items i ON i.group_id = g.id WHERE g.id = 3 AND i.a = 3"
# 1,000 outer rows with 20 distinct join keys: Memoize answers 980 probes from its cache, the index runs 20 times
plan nested-loop-memoize "SET enable_hashjoin = off; SET enable_mergejoin = off" "SELECT count(*) FROM items i JOIN groups g ON g.id = i.group_id WHERE i.group_id < 20 AND i.id <= 25000"
ls "$out"
