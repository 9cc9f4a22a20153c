#!/usr/bin/env bash
# bin/querylens against plain `java -jar`: the same bytes on stdout and stderr on the first run
# (which writes the cache), on later runs (which must load classes from it), with a damaged or
# mismatched cache (ignored without a word), and a rebuilt jar gets a new cache. Run once with the
# default JVM (Java 17: an AppCDS archive, *.jsa) and once more with every JDK 25 or newer found
# under /usr/lib/jvm or in QUERYLENS_TEST_JDKS (the JDK's ahead-of-time cache, *.aot).
# Run from the repository root after: mvn -B -q package -DskipTests
set -euo pipefail
work=$(mktemp -d /tmp/querylens-launcher.XXXXXX)
trap '[ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT
cp analyzer/target/querylens.jar "$work/querylens.jar"
# beside it, as it ships: the solver advise --exact loads (OR-Tools), which no other run may load
cp analyzer/target/querylens-exact.jar "$work/querylens-exact.jar"
cp bin/querylens "$work/querylens"
# the sample log without its 128-row INSERTs: their parse can hit the parser's 1 s timeout on a
# loaded machine, which would make two runs differ for a reason that is not the launcher's
log=$work/taskboard-stderr.log
awk 'length($0) <= 1000' samples/taskboard/logs/taskboard-stderr.log > "$log"
fail() { echo "launcher test FAILED ($label): $*" >&2; exit 1; }

label="the two jars"
jar tf "$work/querylens.jar" | sort > "$work/main.entries"
jar tf "$work/querylens-exact.jar" | sort > "$work/exact.entries"
shared=$(comm -12 "$work/main.entries" "$work/exact.entries" | grep '\.class$' || true)
[ -z "$shared" ] || fail "classes in both querylens.jar and querylens-exact.jar: $(echo "$shared" | head -3)"
! grep -q '^com/google/ortools/\|^com/google/protobuf/\|^com/sun/jna/\|^dev/querylens/advisor/cpsat/' "$work/main.entries" \
  || fail "querylens.jar holds classes of the solver's jar"
grep -q '^dev/querylens/advisor/cpsat/CpSatSolver.class$' "$work/exact.entries" || fail "querylens-exact.jar has no CpSatSolver"

check() {  # $1: label, $2: the cache's file extension; JAVA_HOME chooses the JVM
  label=$1 ext=$2
  export QUERYLENS_CACHE=$work/cache-$ext
  local java=${JAVA_HOME:+$JAVA_HOME/bin/}java
  touch -d '2 minutes ago' "$work/querylens.jar"
  "$java" -jar "$work/querylens.jar" analyze "$log" > "$work/plain.out" 2> "$work/plain.err"
  same() {  # the launcher's output equals plain java -jar's
    "$work/querylens" analyze "$log" > "$work/l.out" 2> "$work/l.err" || fail "$1: exit $?"
    cmp -s "$work/plain.out" "$work/l.out" || fail "$1: stdout differs"
    cmp -s "$work/plain.err" "$work/l.err" || fail "$1: stderr differs"
  }

  "$work/querylens" --version > /dev/null
  [ ! -d "$QUERYLENS_CACHE" ] || [ -z "$(ls -A "$QUERYLENS_CACHE")" ] || fail "--version wrote a cache"
  same "first run"
  cache=$(ls "$QUERYLENS_CACHE"/querylens-*."$ext") || fail "no cache after the first analyze"
  [ "$(ls -A "$QUERYLENS_CACHE" | wc -l)" = 1 ] || fail "the first run left more than its cache: $(ls -A "$QUERYLENS_CACHE")"
  same "second run"
  QUERYLENS_JAVA_OPTS="-Xlog:class+load:file=$work/classes-$ext.txt" "$work/querylens" analyze -q "$log" > /dev/null 2>&1
  grep -q 'dev.querylens.collect.StderrLogSource source: shared objects file' "$work/classes-$ext.txt" \
    || fail "the second run did not load the application's classes from the cache"
  ! grep -q ' com\.google\.ortools\.\| com\.google\.protobuf\.\| dev\.querylens\.advisor\.cpsat\.' "$work/classes-$ext.txt" \
    || fail "analyze loaded classes of the solver (OR-Tools, protobuf), which only advise --exact needs"

  chmod u+w "$cache"
  echo damaged > "$cache"
  same "damaged cache"
  # a cache another jar wrote, under this jar's name: the JVM must reject it silently
  cp "$work/querylens.jar" "$work/other.jar"
  QUERYLENS_JAR=$work/other.jar QUERYLENS_CACHE=$work/other-cache-$ext "$work/querylens" analyze -q "$log" > /dev/null 2>&1
  cp "$work"/other-cache-"$ext"/querylens-*."$ext" "$cache"
  same "cache of another jar"

  touch -d '1 minute ago' "$work/querylens.jar"
  same "rebuilt jar"
  [ "$(ls "$QUERYLENS_CACHE"/querylens-*."$ext")" != "$cache" ] || fail "a rebuilt jar kept the old cache"
  [ "$(ls "$QUERYLENS_CACHE"/querylens-*."$ext" | wc -l)" = 1 ] || fail "the old cache was not removed"
  echo "launcher test passed ($label)"
}

check "$(java -version 2>&1 | head -1)" jsa
found=0
for home in ${QUERYLENS_TEST_JDKS:-} /usr/lib/jvm/*/; do
  home=${home%/}
  major=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$home/release" 2>/dev/null || true)
  if [ "${major:-0}" -ge 25 ] && [ -x "$home/bin/java" ]; then
    JAVA_HOME=$home check "$home (Java $major)" aot
    found=$((found + 1))
  fi
done
[ "$found" -gt 0 ] || echo "launcher test: no JDK 25 or newer under /usr/lib/jvm: its ahead-of-time cache was not tested"
