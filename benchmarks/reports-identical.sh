#!/bin/bash
# Byte-identity check for a change meant to leave reports alone (a speed-up): runs
# `java -XX:TieredStopAtLevel=1 -jar JAR analyze -q --format json -o X INPUT` with both jars on each
# input and compares the JSON report, stdout, stderr and exit code.
#
#   bash benchmarks/reports-identical.sh BEFORE.jar AFTER.jar [INPUT...]
#
# Without inputs: samples/taskboard/logs, each samples/orms/*/logs/* directory, each samples/formats/*
# file and every other samples/**/*.log. Exit code 0 when every output is identical, 1 otherwise.
set -u
before=$1; after=$2; shift 2
cd "$(dirname "$0")/.." || exit 2
if [ $# -eq 0 ]; then
    set -- samples/taskboard/logs samples/orms/*/logs/* samples/formats/* \
        $(find samples -name '*.log' -not -path '*/orms/*' -not -path '*/formats/*' -not -path 'samples/taskboard/logs/*' | sort)
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
differ=0
for input in "$@"; do
    name=$(echo "$input" | tr '/' '_')
    for side in before after; do
        jar=$before
        [ "$side" = after ] && jar=$after
        java -XX:TieredStopAtLevel=1 -jar "$jar" analyze -q --format json -o "$out/$side-$name.json" "$input" \
            >"$out/$side-$name.out" 2>"$out/$side-$name.err"
        echo $? >"$out/$side-$name.rc"
    done
    for part in json out err rc; do
        if ! cmp -s "$out/before-$name.$part" "$out/after-$name.$part"; then
            echo "differs: $input ($part)"
            differ=$((differ + 1))
        fi
    done
done
echo "$# inputs, $differ outputs differ"
[ "$differ" -eq 0 ]
