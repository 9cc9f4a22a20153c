#!/usr/bin/env bash
# Runs `querylens check` once for every output the action needs: the annotations (github), the
# Markdown report for the comment, and JSON for the counts; the job summary is appended by the CLI.
# This step always succeeds and leaves the verdict in the exit-code output: the comment is posted
# before the gate step fails the job.
set -uo pipefail
out="${RUNNER_TEMP:-${TMPDIR:-/tmp}}/querylens"
rm -rf "$out"
mkdir -p "$out"

# spaces or newlines separate paths and arguments; no glob is expanded
read -r -d '' -a paths <<< "${QL_PATHS:-.}" || true
read -r -d '' -a extra <<< "${QL_ARGS:-}" || true
[ ${#paths[@]} -gt 0 ] || paths=(.)

args=(check --fail-on "${QL_FAIL_ON:-error}" --format github,markdown,json --output-dir "$out"
      --repo-root "${GITHUB_WORKSPACE:-$PWD}")
[ -n "${QL_BASELINE:-}" ] && args+=(--baseline "$QL_BASELINE")
[ -n "${QL_CONFIG:-}" ] && args+=(--config "$QL_CONFIG")
if [ -n "${QL_DATABASE_URL:-}" ]; then
  # masked in the log even when the workflow passed it as plain text (a multi-line value cannot be a URL)
  case "$QL_DATABASE_URL" in *$'\n'*|*$'\r'*) ;; *) echo "::add-mask::$QL_DATABASE_URL" ;; esac
  args+=(--db "$QL_DATABASE_URL")
fi

# Nothing the CLI prints (its gate summary names statements and files from the repository) may be
# read as a workflow command: command processing is stopped around it with a one-time token.
token="querylens-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
echo "::stop-commands::$token"
java -jar "${QL_JAR:?}" "${args[@]}" "${extra[@]}" -- "${paths[@]}"
code=$?
echo "::$token::"

# the annotations, written by the CLI with every part escaped for the runner
if [ -f "$out/querylens-github.txt" ]; then
  cat "$out/querylens-github.txt"
fi

{
  echo "exit-code=$code"
  if [ -f "$out/querylens-report.md" ]; then
    echo "report=$out/querylens-report.md"
  fi
  if [ -f "$out/querylens-report.json" ]; then
    echo "json-report=$out/querylens-report.json"
    node -e '
      const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
      const n = s => r.findings.filter(f => f.severity === s).length;
      console.log(`errors=${n("error")}\nwarnings=${n("warning")}\ninfos=${n("info")}`);
    ' "$out/querylens-report.json"
  fi
} >> "${GITHUB_OUTPUT:?}"
exit 0
