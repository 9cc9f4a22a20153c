#!/usr/bin/env bash
# Captures samples/taskboard/logs, samples/taskboard/plans and samples/formats from a real PostgreSQL 15 server: starts a throwaway
# cluster in a temporary directory, applies the migrations, seeds data, runs TaskBoardWorkload
# over JDBC with statement logging on (stderr, csvlog and jsonlog at once), captures EXPLAIN
# plans, stops the server and copies the results into samples/. Touches no other server.
#
# Needs: PostgreSQL 15 server binaries (Debian: apt-get install postgresql-15), Java 17, Maven.
# Run from anywhere: bash samples/capture/capture.sh
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
samples=$(cd "$here/.." && pwd)
app="$samples/taskboard"
pgbin=${PGBIN:-/usr/lib/postgresql/15/bin}
port=${PORT:-54329}
work=$(mktemp -d /tmp/querylens-capture.XXXXXX)
chmod 755 "$work"

as_pg() {
  # initdb refuses to run as root: run the server as the postgres user then
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
[ "$(id -u)" = 0 ] && chown postgres "$work"

cleanup() { as_pg "$pgbin/pg_ctl" -D "$work/data" -m fast stop >/dev/null 2>&1 || true; }
trap cleanup EXIT

as_pg "$pgbin/initdb" -D "$work/data" -U postgres --auth=trust --locale=C.UTF-8 >/dev/null
cat >> "$work/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$work'
logging_collector = on
log_destination = 'stderr,csvlog,jsonlog'
log_directory = '$work/log'
log_filename = 'postgresql.log'
log_rotation_size = 0
log_line_prefix = '%m [%p] %q%u@%d '
log_min_duration_statement = 0
log_timezone = 'UTC'
lc_messages = 'C'
shared_preload_libraries = 'auto_explain'
auto_explain.log_min_duration = '40ms'
auto_explain.log_format = 'text'
CONF
as_pg "$pgbin/pg_ctl" -D "$work/data" -l "$work/server.out" -w start >/dev/null

# setup runs with logging off for its own sessions, so the log holds only the application's work
quiet=(env PGOPTIONS="-c log_min_duration_statement=-1 -c log_statement=none -c auto_explain.log_min_duration=-1" psql -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres)
"${quiet[@]}" -d postgres -c "CREATE DATABASE taskboard"
"${quiet[@]}" -d taskboard -f "$here/supabase-stub.sql"
for m in "$app"/migrations/*.sql; do "${quiet[@]}" -d taskboard -f "$m"; done
"${quiet[@]}" -d taskboard -f "$here/seed.sql"
"${quiet[@]}" -d taskboard -c "GRANT ALL ON ALL TABLES IN SCHEMA public TO app; GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO app"

jar=$(ls ~/.m2/repository/org/postgresql/postgresql/42.7.4/postgresql-42.7.4.jar 2>/dev/null || true)
if [ -z "$jar" ]; then
  mvn -B -q dependency:get -Dartifact=org.postgresql:postgresql:42.7.4 >/dev/null
  jar=~/.m2/repository/org/postgresql/postgresql/42.7.4/postgresql-42.7.4.jar
fi
java -cp "$jar" "$here/TaskBoardWorkload.java" "jdbc:postgresql://127.0.0.1:$port/taskboard" app

# the same workload again with log_statement = 'all' as well, into its own file: the statement is
# logged before it runs and a bare "duration:" line follows it
"${quiet[@]}" -d postgres -c "ALTER SYSTEM SET log_statement = 'all'" -c "ALTER SYSTEM SET log_filename = 'statement-all.log'" -c "SELECT pg_reload_conf()" >/dev/null
sleep 1
"${quiet[@]}" -d postgres -c "SELECT pg_rotate_logfile()" >/dev/null
java -cp "$jar" "$here/TaskBoardWorkload.java" "jdbc:postgresql://127.0.0.1:$port/taskboard" app

# plans of the statements the samples README talks about, as EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON)
explain() {
  "${quiet[@]}" -d taskboard -At -c "EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) $2" > "$app/plans/$1.json"
}
explain task-list "select id, title, status, priority from tasks where project_id = 11 and status = 'todo' order by created_at desc limit 50"
explain comments-of-task "select id, author_id, body, created_at from comments where task_id = 4242 order by created_at"
explain project-open-counts "select p.name, count(t.id) from projects p join tasks t on t.project_id = p.id where p.org_id = 4 and t.status in ('todo', 'doing') group by p.name"
explain org-by-slug "select id, name from organizations where slug = 'org-8'"

as_pg "$pgbin/pg_ctl" -D "$work/data" -m fast -w stop >/dev/null
# the stderr log is the app's workload; the same run as csvlog and jsonlog goes to formats/
install -m 644 "$work/log/postgresql.log" "$app/logs/taskboard-stderr.log"
install -m 644 "$work/log/postgresql.csv" "$samples/formats/taskboard-csvlog.csv"
install -m 644 "$work/log/postgresql.json" "$samples/formats/taskboard-jsonlog.json"
install -m 644 "$work/log/statement-all.log" "$samples/formats/taskboard-log-statement-all.log"
chmod 644 "$app"/plans/*.json
rm -rf "$work"
trap - EXIT
echo "captured: $(wc -l < "$app/logs/taskboard-stderr.log") stderr log lines, $(ls "$app/plans" | wc -l) plans"
