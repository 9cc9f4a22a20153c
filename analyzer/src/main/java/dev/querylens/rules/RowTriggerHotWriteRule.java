package dev.querylens.rules;

import dev.querylens.engine.Finding;
import dev.querylens.engine.RuleContext;
import dev.querylens.engine.StatementRule;
import dev.querylens.schema.Table;
import dev.querylens.schema.Trigger;
import dev.querylens.schema.TriggerFacts;
import dev.querylens.sql.Quote;
import dev.querylens.sql.StatementFacts;
import dev.querylens.workload.StatementGroup;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A write the workload runs in bulk or often, on a table with an enabled FOR EACH ROW trigger for
 * that kind of write: the trigger's function runs once per row written, inside the statement. The
 * rows it fires for are the statement's executions times its rows per execution where
 * pg_stat_statements counted them or the text shows them (a multi-row VALUES), else at least one
 * per execution. Where the live server tracks
 * functions, pg_stat_user_functions' calls and times stand beside the estimate. MERGE and COPY are
 * not modelled as writes, so they are not judged here. UPDATE OF fires only where SET names a listed column;
 * an upsert fires UPDATE triggers for the rows that conflict; a partition written directly fires the
 * row triggers its partitioned parents clone onto it.
 */
public final class RowTriggerHotWriteRule implements StatementRule {
    @Override
    public String id() {
        return "row-trigger-hot-write";
    }

    @Override
    public List<Finding> check(StatementGroup group, StatementFacts facts, RuleContext context) {
        if (!facts.parsed() || !facts.isWrite() || facts.targetTable() == null) {
            return List.of();
        }
        Optional<Table> target = context.catalog().table(facts.targetTable());
        if (target.isEmpty()) {
            return List.of();
        }
        Trigger.Event event = Trigger.Event.valueOf(facts.kind().name());
        TriggerFacts all = context.catalog().triggers();
        // a partition written directly fires its partitioned parents' row triggers too (the server's clones)
        List<Trigger> rowTriggers = all.firedBy(target.get().qualifiedName()).stream()
                .filter(t -> t.enabled() && t.forEachRow() && t.timing() != Trigger.Timing.INSTEAD_OF).toList();
        // an UPDATE OF trigger fires only when SET names one of its columns; ON CONFLICT DO UPDATE updates the rows that conflict
        List<Trigger> forEvent = rowTriggers.stream().filter(t -> t.events().contains(event)
                && (event != Trigger.Event.UPDATE || t.firesForUpdateOf(facts.assignedColumns()))).toList();
        List<Trigger> forConflicts = !facts.conflictUpdate() ? List.of() : rowTriggers.stream()
                .filter(t -> t.events().contains(Trigger.Event.UPDATE) && t.firesForUpdateOf(facts.assignedColumns()) && !forEvent.contains(t)).toList();
        if (forEvent.isEmpty() && forConflicts.isEmpty()) {
            return List.of();
        }
        // an upsert on a table whose row triggers are for UPDATE only: they fire for each row that conflicts
        List<Trigger> fired = forEvent.isEmpty() ? forConflicts : forEvent;
        List<Trigger> onConflict = forEvent.isEmpty() ? List.of() : forConflicts;
        // rows per execution: pg_stat_statements counts the rows each statement wrote; else a multi-row VALUES
        // says it; an UPDATE, DELETE or INSERT ... SELECT in a log does not (0: unknown)
        boolean counted = !Double.isNaN(group.rowsPerCall());
        double rowsPerExecution = counted ? group.rowsPerCall()
                : facts.kind() == StatementFacts.Kind.INSERT && facts.insertedRows() > 0 ? facts.insertedRows() : 0;
        boolean bulk = rowsPerExecution >= context.number("minRowsPerExecution");
        boolean often = group.calls() >= context.number("minExecutions");
        if (!bulk && !often || counted && group.rows() == 0) {
            return List.of(); // pg_stat_statements saw it write no row: no row trigger fired
        }
        long firings = counted ? Math.round(group.calls() * rowsPerExecution) : group.calls() * (long) Math.max(1, rowsPerExecution);
        TriggerChain chain = TriggerChain.from(fired, context.catalog());
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("triggers", fired.stream().map(RowTriggerHotWriteRule::describe).toList());
        evidence.put("executions", group.calls());
        evidence.put("rowsPerExecution", counted ? Math.round(rowsPerExecution * 100) / 100.0 : rowsPerExecution > 0 ? (long) rowsPerExecution
                : "not in the input (at least 1 per execution counted)");
        if (counted) {
            evidence.put("rowsCounted", group.rows() + " rows over " + group.rowsCalls() + " calls, as pg_stat_statements counted them");
        }
        evidence.put("rowFirings", firings);
        evidence.put("rowFiringsMeaning", forEvent.isEmpty() ? "executions x rows per execution, per trigger: an upper bound (only rows that conflict fire)"
                : rowsPerExecution > 0 ? "executions x rows per execution, per trigger"
                : "executions x 1: a lower bound, per trigger (each execution that writes rows fires once per row)");
        if (fired.stream().anyMatch(Trigger::when)) {
            evidence.put("firingsUpperBound", "a WHEN condition can keep some rows from firing");
        }
        if (!onConflict.isEmpty()) {
            evidence.put("onConflict", onConflict.stream().map(RowTriggerHotWriteRule::describe).toList());
            evidence.put("onConflictMeaning", "ON CONFLICT DO UPDATE: these UPDATE triggers fire once more for each row that conflicts");
        }
        List<String> inherited = fired.stream().filter(t -> !t.table().equals(target.get().qualifiedName())).map(Trigger::table).distinct().toList();
        if (!inherited.isEmpty()) {
            evidence.put("inheritedFrom", "the partitioned table" + (inherited.size() == 1 ? " " : "s ") + String.join(", ", inherited)
                    + ": PostgreSQL clones a partitioned table's row triggers onto each partition");
        }
        if (!chain.links().isEmpty()) {
            evidence.put("chain", chain.links().stream().map(l -> "  ".repeat(l.depth() - 1) + l.via() + " " + l.event()
                    + " -> " + describe(l.trigger())).toList());
            evidence.put("chainFiringsEstimate", firings);
            evidence.put("chainFiringsMeaning", "one row per write statement per firing of the function before it: conditional branches and"
                    + " INSERT ... SELECT in the bodies are not counted");
        }
        if (!chain.unseen().isEmpty()) {
            evidence.put("notFollowed", chain.unseen());
        }
        double timeAtStake = Double.NaN;
        if (all.tracked()) {
            List<Map<String, Object>> measured = new ArrayList<>();
            double ms = 0;
            List<String> functions = new ArrayList<>(fired.stream().map(Trigger::function).distinct().toList());
            chain.links().stream().map(l -> l.trigger().function()).filter(f -> !functions.contains(f)).distinct().forEach(functions::add);
            for (String function : functions) {
                Optional<TriggerFacts.FunctionCalls> calls = all.callsOf(function);
                if (calls.isPresent()) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("function", function);
                    m.put("calls", calls.get().calls());
                    m.put("totalMs", round(calls.get().totalMs()));
                    m.put("selfMs", round(calls.get().selfMs()));
                    m.put("msPerCall", round(calls.get().msPerCall()));
                    measured.add(m);
                    if (fired.stream().anyMatch(t -> t.function().equals(function))) {
                        ms += firings * calls.get().msPerCall(); // this statement's share: its firings at the measured time per call
                    }
                }
            }
            if (!measured.isEmpty()) {
                evidence.put("measured", measured);
                evidence.put("measuredMeaning", "pg_stat_user_functions (track_functions = " + all.trackFunctions()
                        + "): every caller since the statistics were reset, not only this statement");
                timeAtStake = ms;
            }
        } else if (all.trackFunctions() != null) {
            evidence.put("measured", "track_functions is " + all.trackFunctions() + ": set it to pl to measure trigger functions");
        }
        String table = target.get().qualifiedName();
        String names = String.join(", ", fired.stream().map(t -> t.table().equals(table) ? t.name() : t.name() + " (of " + t.table() + ")").toList());
        String message = (fired.size() == 1 ? "Row trigger " : "Row triggers ") + names + " on " + table + " run "
                + (fired.size() == 1 ? "its function" : "their functions") + " once per row this "
                + (forEvent.isEmpty() ? "INSERT ... ON CONFLICT DO UPDATE updates: up to " : facts.kind().name() + " writes: ")
                + String.format(Locale.ROOT, "%,d", firings) + (rowsPerExecution > 0 || counted || forEvent.isEmpty() ? "" : "+")
                + " firings over " + group.calls() + " execution" + (group.calls() == 1 ? "" : "s")
                + (chain.links().isEmpty() ? "" : ", and " + chain.links().size() + " more row trigger"
                + (chain.links().size() == 1 ? "" : "s") + " down the chain ("
                + String.join(", ", chain.links().stream().map(l -> l.trigger().name() + " on " + l.trigger().table()).toList()) + ")");
        return List.of(new Finding(id(), context.severity(), message, group.sql(), table, List.of(), group.locations(), evidence,
                fix(fired.get(0), forEvent.isEmpty() ? Trigger.Event.UPDATE : event, table), timeAtStake));
    }

    private static String describe(Trigger t) {
        return t.table() + "." + t.name() + ": " + t.timing().sql() + " " + t.eventsText() + " FOR EACH ROW"
                + (t.when() ? " WHEN (...)" : "") + " EXECUTE FUNCTION " + t.function() + "()";
    }

    /** A statement-level trigger over the transition table: one run per statement whatever the rows. */
    private static String fix(Trigger t, Trigger.Event event, String table) {
        String transition = event == Trigger.Event.DELETE ? "OLD TABLE AS old_rows" : "NEW TABLE AS new_rows";
        String name = Quote.ident(t.name() + "_per_statement");
        String sql = "CREATE TRIGGER " + name + " AFTER " + event + " ON " + Quote.qualified(table) + " REFERENCING " + transition
                + " FOR EACH STATEMENT EXECUTE FUNCTION " + Quote.qualified(t.function() + "_per_statement") + "();";
        return "Do the per-row work once per statement: an AFTER ... FOR EACH STATEMENT trigger with a transition table reads every"
                + " row the statement wrote as a set (" + sql + ", its function writing with one INSERT ... SELECT FROM "
                + (event == Trigger.Event.DELETE ? "old_rows" : "new_rows") + "), then drop the row trigger; or move the work out of"
                + " the write path (the application, a queue, or a periodic job). A BEFORE trigger that changes NEW has no"
                + " statement-level form: set the value in the INSERT/UPDATE or a column DEFAULT instead.";
    }

    private static double round(double ms) {
        return Math.round(ms * 1000) / 1000.0;
    }
}
