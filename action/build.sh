#!/usr/bin/env bash
# The jar the action runs: the one given (input `jar`), else one built from the action's own source
# (the checkout of this repository at the ref the workflow names), built once per job.
set -euo pipefail
root=${GITHUB_ACTION_PATH:?GITHUB_ACTION_PATH is set by the runner for composite actions}
if [ -n "${QL_JAR:-}" ]; then
  if [ ! -f "$QL_JAR" ]; then
    echo "::error title=QueryLens::jar input: no file at the path given"
    exit 2
  fi
  jar=$(cd "$(dirname "$QL_JAR")" && pwd)/$(basename "$QL_JAR")
else
  jar="$root/analyzer/target/querylens.jar"
  if [ ! -f "$jar" ]; then
    if ! command -v mvn >/dev/null 2>&1; then
      echo "::error title=QueryLens::Maven (mvn) is needed to build QueryLens; GitHub's hosted runners have it, or give the jar input"
      exit 2
    fi
    echo "Building QueryLens (mvn -B -q package -DskipTests in $root)"
    mvn -B -q -f "$root/pom.xml" -pl analyzer -am package -DskipTests
  fi
fi
echo "jar=$jar" >> "${GITHUB_OUTPUT:?}"
