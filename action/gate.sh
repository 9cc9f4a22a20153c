#!/usr/bin/env bash
# Fails the step as querylens check judged; the check step itself always succeeds so the comment is posted first.
case "${QL_EXIT:-}" in
  0) exit 0 ;;
  1) echo "QueryLens: new findings at or above fail-on (see the annotations and the job summary)"; exit 1 ;;
  "") echo "::error title=QueryLens::querylens check did not run"; exit 2 ;;
  *) echo "QueryLens: querylens check could not judge (exit $QL_EXIT; its messages are in the 'Run querylens check' step)"; exit "$QL_EXIT" ;;
esac
