#!/usr/bin/env bash
# bin/querylens against plain `java -jar`: the same bytes on stdout and stderr on the first run
# (which writes the archive), on later runs (which must load classes from it), with a damaged or
# mismatched archive (ignored without a word), and a rebuilt jar gets a new archive.
# Run from the repository root after: mvn -B -q package -DskipTests
set -euo pipefail
work=$(mktemp -d /tmp/querylens-launcher.XXXXXX)
trap '[ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT
cp analyzer/target/querylens.jar "$work/querylens.jar"
cp bin/querylens "$work/querylens"
export QUERYLENS_CACHE=$work/cache
# the sample log without its 128-row INSERTs: their parse can hit the parser's 1 s timeout on a
# loaded machine, which would make two runs differ for a reason that is not the launcher's
log=$work/taskboard-stderr.log
awk 'length($0) <= 1000' samples/taskboard/logs/taskboard-stderr.log > "$log"
fail() { echo "launcher test FAILED: $*" >&2; exit 1; }

java -jar "$work/querylens.jar" analyze "$log" > "$work/plain.out" 2> "$work/plain.err"
same() {  # the launcher's output equals plain java -jar's
  "$work/querylens" analyze "$log" > "$work/l.out" 2> "$work/l.err" || fail "$1: exit $?"
  cmp -s "$work/plain.out" "$work/l.out" || fail "$1: stdout differs"
  cmp -s "$work/plain.err" "$work/l.err" || fail "$1: stderr differs"
}

"$work/querylens" --version > /dev/null
[ ! -d "$QUERYLENS_CACHE" ] || [ -z "$(ls -A "$QUERYLENS_CACHE")" ] || fail "--version wrote an archive"
same "first run"
archive=$(ls "$QUERYLENS_CACHE"/querylens-*.jsa) || fail "no archive after the first analyze"
same "second run"
QUERYLENS_JAVA_OPTS="-Xlog:class+load:file=$work/classes.txt" "$work/querylens" analyze -q "$log" > /dev/null
grep -q 'dev.querylens.collect.StderrLogSource source: shared objects file (top)' "$work/classes.txt" \
  || fail "the second run did not load the application's classes from the archive"

chmod u+w "$archive"
echo damaged > "$archive"
same "damaged archive"
# an archive another jar wrote, under this jar's name: the JVM must reject it silently
cp "$work/querylens.jar" "$work/other.jar"
QUERYLENS_JAR=$work/other.jar QUERYLENS_CACHE=$work/other-cache "$work/querylens" analyze -q "$log" > /dev/null
cp "$work"/other-cache/querylens-*.jsa "$archive"
same "archive of another jar"

touch -d '1 minute ago' "$work/querylens.jar"
same "rebuilt jar"
[ "$(ls "$QUERYLENS_CACHE"/querylens-*.jsa)" != "$archive" ] || fail "a rebuilt jar kept the old archive"
[ "$(ls "$QUERYLENS_CACHE"/querylens-*.jsa | wc -l)" = 1 ] || fail "the old archive was not removed"
echo "launcher test passed"
