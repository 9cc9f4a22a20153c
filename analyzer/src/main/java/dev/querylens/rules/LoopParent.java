package dev.querylens.rules;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether the statement before a loop can be the one whose rows the loop iterates, from what the
 * input shows. Result keys (JDBC traces that sample them) prove or refute it; without them, a
 * parent that returns at most one row cannot have given a loop several distinct values: an
 * aggregate without GROUP BY, a LIMIT smaller than the loop, a lookup by id. Anything else is
 * named as inferred from order, and said to be so.
 */
record LoopParent(String sql, Verdict verdict, String reason) {
    enum Verdict { PROVEN, INFERRED, REFUTED, NONE }

    private static final Pattern AGGREGATE = Pattern.compile("^select\\s+(?:count|sum|avg|min|max|bool_and|bool_or|exists|array_agg|json_agg|jsonb_agg|string_agg)\\s*\\(");
    private static final Pattern LIMIT = Pattern.compile("\\blimit\\s+\\$(\\d+)");
    private static final Pattern BY_ID = Pattern.compile("\\bwhere\\s+(?:[a-z_][a-z0-9_]*\\.)?id\\s*=\\s*\\$\\d+\\s*(?:limit\\s+\\$\\d+\\s*)?$");

    static LoopParent of(LoopRun run) {
        if (run.parentSql == null) {
            return new LoopParent(null, Verdict.NONE, null);
        }
        String parent = run.parentSql;
        if (!run.parentKeys.isEmpty()) {
            return run.fromParentRows > 0
                    ? new LoopParent(parent, Verdict.PROVEN, run.fromParentRows + " of " + run.count
                            + " executions bound one of the parent's first-column values (" + run.parentKeys.column() + ") as $1")
                    : new LoopParent(parent, Verdict.REFUTED, "the trace's result keys of the statement before the loop ("
                            + run.parentKeys.column() + ") do not contain the loop's values");
        }
        int distinct = run.distinctParams();
        if (distinct > 1) {
            if (AGGREGATE.matcher(parent).find() && !parent.contains(" group by ")) {
                return new LoopParent(parent, Verdict.REFUTED, "the statement before the loop is an aggregate that returns one row");
            }
            Matcher limit = LIMIT.matcher(parent);
            if (limit.find()) {
                int position = Integer.parseInt(limit.group(1)) - 1;
                if (position < run.parentParams.size()) {
                    try {
                        long rows = Long.parseLong(String.valueOf(run.parentParams.get(position)).strip());
                        if (rows < distinct) {
                            return new LoopParent(parent, Verdict.REFUTED, "the statement before the loop returns at most " + rows
                                    + " row(s), the loop used " + distinct + " different values");
                        }
                    } catch (NumberFormatException notANumber) {
                        // an unknown limit refutes nothing
                    }
                }
            }
            if (BY_ID.matcher(parent).find() && !parent.contains(" join ")) {
                return new LoopParent(parent, Verdict.REFUTED, "the statement before the loop reads one row by id");
            }
        }
        return new LoopParent(parent, Verdict.INFERRED, "the log does not carry result rows, so that the repeated values came from the"
                + " parent query's rows is inferred from the order, not proven");
    }

    /** Whether the finding may name it as the loop's parent. */
    boolean named() {
        return verdict == Verdict.PROVEN || verdict == Verdict.INFERRED;
    }
}
