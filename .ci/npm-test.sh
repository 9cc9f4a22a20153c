#!/usr/bin/env bash
# `npx querylens` on a machine with Node and no Java: the npm packages `mvn package` left in dist/target
# are packed again with npm pack (and must equal them), installed from the tarballs into an empty folder
# with a PATH that holds node, npm and basic tools but no java (and no JAVA_HOME), and run there:
# `analyze` on samples/taskboard must report what the samples promise, and for a set of commands the
# exit code, stdout and stderr must be exactly those of `java -jar analyzer/target/querylens.jar`,
# through node_modules/.bin/querylens, through npx and through the Node launcher it falls back on,
# and so must the end of a run by a signal (the installed command, and npx for its process group).
# Also: the bundle's module list (dist/jlink-modules) must hold every module jdeps finds the jar needs.
# Run from the repository root after: mvn -B package (tests may be skipped). Needs jdeps, node and npm.
set -euo pipefail
root=$(pwd)
dist=$root/dist/target
platform=linux-x64
version=$(sed -n 's/^ *"version": "\(.*\)",$/\1/p' "$dist/querylens/package.json")
jar=$root/analyzer/target/querylens.jar
work=$(mktemp -d /tmp/querylens-npm.XXXXXX)
# a JVM a failed step leaves waiting on the fifo below reads its end when this script exits, and ends
trap '[ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT
fail() { echo "npm package test FAILED: $*" >&2; exit 1; }
main_tgz=querylens-$version.tgz
bundle_tgz=querylens-$platform-$version.tgz
[ -f "$dist/$main_tgz" ] || fail "mvn package left no dist/target/$main_tgz"
[ -f "$dist/$bundle_tgz" ] || fail "mvn package left no dist/target/$bundle_tgz"

# the runtime holds every module the jar needs, and the solver's jar beside it (advise --exact: protobuf
# needs jdk.unsupported, which querylens.jar alone no longer does)
exact=$root/analyzer/target/querylens-exact.jar
needed=$(jdeps --multi-release 17 --ignore-missing-deps --print-module-deps "$jar")
needed_exact=$(jdeps --multi-release 17 --ignore-missing-deps --print-module-deps -cp "$jar" "$exact")
for module in ${needed//,/ } ${needed_exact//,/ }; do
  grep -qx "$module" dist/jlink-modules || fail "the jars need $module (jdeps), which dist/jlink-modules lacks"
done
tar xzf "$dist/$bundle_tgz" -O package/lib/querylens-exact.jar | cmp -s - "$exact" \
  || fail "the bundle's lib/querylens-exact.jar is not analyzer/target/querylens-exact.jar"

# npm pack of the staged packages gives the tarballs the build left, entry for entry
mkdir "$work/packed"
(cd "$work/packed" && npm pack --silent --cache "$work/npm-cache" "$dist/querylens-$platform" "$dist/querylens" > /dev/null)
for tgz in "$main_tgz" "$bundle_tgz"; do
  cmp -s <(tar tvzf "$work/packed/$tgz") <(tar tvzf "$dist/$tgz") || fail "npm pack gives another $tgz than the build left"
done

# a PATH with Node and the basic tools only; java stays out (it is /usr/bin/java here)
bin=$work/bin
mkdir "$bin"
for tool in node npm npx sh bash env cat ls mkdir rm cp mv ln chmod sed grep head tail tr uname dirname basename readlink sleep tar gzip; do
  ln -s "$(command -v "$tool")" "$bin/$tool"
done
mkdir "$work/home" "$work/app"
nojava() { env -i PATH="$bin" HOME="$work/home" LANG=C.UTF-8 npm_config_cache="$work/npm-cache" npm_config_update_notifier=false "$@"; }
nojava sh -c 'command -v java' > /dev/null && fail "java is on the test PATH"

cd "$work/app"
nojava npm init -y > /dev/null
nojava npm install --offline --no-audit --no-fund "$work/packed/$bundle_tgz" "$work/packed/$main_tgz" > "$work/install.log" 2>&1 \
  || { cat "$work/install.log" >&2; fail "npm install from the tarballs failed"; }
[ -x node_modules/@querylens/$platform/runtime/bin/java ] || fail "the bundle's java is not installed executable"
[ -x node_modules/@querylens/$platform/runtime/lib/jspawnhelper ] || fail "the bundle's jspawnhelper is not executable"

# what a user runs first
set +e
nojava npx --offline querylens analyze "$root/samples/taskboard" > "$work/taskboard.out" 2> "$work/taskboard.err"
status=$?
set -e
[ $status = 0 ] || { cat "$work/taskboard.err" >&2; fail "npx querylens analyze samples/taskboard: exit $status"; }
head -1 "$work/taskboard.out" | grep -q "^QueryLens $version: 8 inputs, 328 executions, 23 statement shapes, 6 tables known$" \
  || fail "npx querylens analyze samples/taskboard: unexpected first line: $(head -1 "$work/taskboard.out")"
grep -q '^Findings: 1 error(s), .* | 3 index recommendation(s) | 0 diagnostic(s) | 1 suppressed$' "$work/taskboard.out" \
  || fail "npx querylens analyze samples/taskboard: unexpected summary: $(sed -n 2p "$work/taskboard.out")"
for rule in rls-disabled n-plus-one missing-index unbatched-writes repeated-identical-query; do
  grep -q "^[A-Z]* *$rule" "$work/taskboard.out" || fail "npx querylens analyze samples/taskboard: no $rule finding"
done

# the same bytes and exit code as java -jar, through the installed command and through npx
awk 'length($0) <= 1000' "$root/samples/taskboard/logs/taskboard-stderr.log" > "$work/taskboard-stderr.log"
printf 'select * from tasks where project_id = 7 order by created_at;\n' > "$work/stdin.sql"
compare() {  # compare NAME EXPECTED-STATUS ARGS...: java -jar, the installed command and npx agree
  local name=$1 expected=$2 status
  shift 2
  set +e
  java -jar "$jar" "$@" < "$work/stdin.sql" > "$work/java.out" 2> "$work/java.err"
  status=$?
  set -e
  [ "$status" = "$expected" ] || fail "$name: java -jar exits $status, the test expects $expected"
  # the last: the Node launcher the command hands over to where no node_modules directory holds the bundle
  for launcher in "node_modules/.bin/querylens" "npx --offline querylens" "node node_modules/querylens/bin/querylens.js"; do
    set +e
    # shellcheck disable=SC2086 # the launcher is a command and its options
    nojava $launcher "$@" < "$work/stdin.sql" > "$work/npm.out" 2> "$work/npm.err"
    status=$?
    set -e
    [ "$status" = "$expected" ] || fail "$name: $launcher exits $status, java -jar $expected"
    cmp -s "$work/java.out" "$work/npm.out" || fail "$name: $launcher writes another stdout than java -jar"
    cmp -s "$work/java.err" "$work/npm.err" || fail "$name: $launcher writes another stderr than java -jar"
  done
}
compare "--version" 0 --version
compare "a mistyped command" 2 anlyze
compare "a missing input" 2 analyze "$work/no-such-log.log"
compare "analyze a log" 0 analyze -q "$work/taskboard-stderr.log"
compare "analyze standard input" 0 analyze -q --format json -
compare "check finds new findings" 1 check -q --fail-on info "$work/taskboard-stderr.log"

# without its bundle (npm install --omit=optional), the command names what is missing and exits 2
mv "node_modules/@querylens/$platform" "$work/bundle-aside"
set +e
nojava node_modules/.bin/querylens --version > "$work/missing.out" 2> "$work/missing.err"
status=$?
set -e
mv "$work/bundle-aside" "node_modules/@querylens/$platform"
[ "$status" = 2 ] || fail "without its bundle the command exits $status, not 2"
grep -q "^querylens: no QueryLens bundle for $platform: @querylens/$platform is not installed" "$work/missing.err" \
  || fail "without its bundle the command says: $(cat "$work/missing.err")"
[ ! -s "$work/missing.out" ] || fail "without its bundle the command writes on stdout"

# signals: a run waiting on its standard input is ended by SIGTERM, SIGINT and SIGHUP sent to the
# command, and by SIGKILL sent to its JVM; the command ends as java -jar does (143, 130, 129, 137).
# The installed command leaves no process between the caller and the JVM (its pid is the JVM's), so
# a signal its starter ignored stays ignored: a background job of this script ignores SIGINT (no job
# control), and so must the JVM. (env --default-signal undoes that for the other cases.)
mkfifo "$work/fifo"
exec 3<> "$work/fifo"   # a writer that never writes: analyze - waits
started() {  # started PID: waits until PID is a JVM that has opened the jar, prints the JVM's pid
  local pid=$1 tries=0
  until ls -l "/proc/$pid/fd" 2>/dev/null | grep -q 'querylens.jar'; do
    sleep 0.1; tries=$((tries + 1))
    [ $tries -lt 600 ] || { echo "no JVM"; return; }
  done
  sleep 1
  echo "$pid"
}
ended() {  # ended NAME SIGNAL IGNORE LAUNCHER...: the exit status after SIGNAL reaches the command
  local name=$1 signal=$2 ignored=$3 pid status
  shift 3
  if [ "$ignored" = ignored ]; then
    "$@" analyze - < "$work/fifo" > "$work/$name.out" 2> "$work/$name.err" &
  else
    env --default-signal "$@" analyze - < "$work/fifo" > "$work/$name.out" 2> "$work/$name.err" &
  fi
  pid=$!
  [ "$(started "$pid")" = "$pid" ] || fail "$name: process $pid is not the JVM ($(tr '\0' ' ' < "/proc/$pid/cmdline"))"
  kill -s "$signal" "$pid"
  if [ "$ignored" = ignored ]; then
    sleep 2
    kill -0 "$pid" 2>/dev/null || fail "$name: an ignored SIG$signal ended the JVM"
    kill -s TERM "$pid"
  fi
  set +e
  wait "$pid" 2> /dev/null
  status=$?
  set -e
  echo "$status" > "$work/$name.status"
}
expect_end() {  # expect_end SIGNAL IGNORED STATUS
  local signal=$1 ignored=$2 expected=$3 got
  ended "java-$signal" "$signal" "$ignored" java -jar "$jar"
  got=$(cat "$work/java-$signal.status")
  [ "$got" = "$expected" ] || fail "java -jar ends with $got after SIG$signal ($ignored), the test expects $expected"
  ended "npm-$signal" "$signal" "$ignored" env -i PATH="$bin" HOME="$work/home" node_modules/.bin/querylens
  got=$(cat "$work/npm-$signal.status")
  [ "$got" = "$expected" ] || fail "the installed querylens ends with $got after SIG$signal ($ignored), java -jar with $expected"
  cmp -s "$work/java-$signal.err" "$work/npm-$signal.err" || fail "the installed querylens: another stderr after SIG$signal than java -jar"
  cmp -s "$work/java-$signal.out" "$work/npm-$signal.out" || fail "the installed querylens: another stdout after SIG$signal than java -jar"
}
expect_end TERM default 143
expect_end INT default 130
expect_end HUP default 129
expect_end KILL default 137
expect_end INT ignored 143

# through npx, npm exec and a shell stand between the caller and the JVM, and npm handles a signal
# sent to its own pid (SIGTERM ends npm and leaves the JVM running); a terminal's Ctrl-C and a CI
# runner's cancel signal the whole process group, and then the run ends as java -jar's does
in_group() {  # in_group GROUP [TEXT]: is a process of process group GROUP (with TEXT in its command line) running
  local pid
  for pid in $(cat /proc/[0-9]*/stat 2> /dev/null | sed 's/^\([0-9]*\) .*) . [0-9-]* \([0-9]*\) .*/\1 \2/' | awk -v g="$1" '$2 == g {print $1}'); do
    [ -z "${2:-}" ] || tr '\0' ' ' < "/proc/$pid/cmdline" 2> /dev/null | grep -q -- "$2" || continue
    return 0
  done
  return 1
}
for signal in TERM:143 INT:130; do
  env --default-signal setsid env -i PATH="$bin" HOME="$work/home" npm_config_cache="$work/npm-cache" \
    npx --offline querylens analyze - < "$work/fifo" > "$work/npx.out" 2> "$work/npx.err" &
  group=$!
  tries=0
  until in_group "$group" 'querylens.jar analyze -'; do
    sleep 0.1; tries=$((tries + 1)); [ $tries -lt 600 ] || fail "npx: no JVM started"
  done
  sleep 2
  kill -s "${signal%:*}" -- "-$group"
  set +e
  wait "$group"
  status=$?
  set -e
  [ "$status" = "${signal#*:}" ] || fail "npx ends with $status after SIG${signal%:*} to its process group, java -jar with ${signal#*:}"
  tries=0
  while in_group "$group"; do
    sleep 0.1; tries=$((tries + 1)); [ $tries -lt 300 ] || fail "npx: the JVM outlived SIG${signal%:*} to the process group"
  done
done
exec 3>&-
echo "npm package test passed: npx querylens $version ($platform) without java"
