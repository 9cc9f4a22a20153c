package dev.querylens.schema;

import java.util.List;
import java.util.Optional;

/**
 * Triggers, what their functions write, and (from a live server that tracks functions) how often
 * and how long each function ran. {@code trackFunctions} is the server's track_functions setting
 * (none, pl, all), null from DDL: without pl or all, pg_stat_user_functions stays empty.
 */
public record TriggerFacts(List<Trigger> triggers, List<FunctionWrites> functionWrites, List<FunctionCalls> functionCalls,
                           String trackFunctions) {
    public static final TriggerFacts NONE = new TriggerFacts(List.of(), List.of(), List.of(), null);

    /**
     * One row of pg_stat_user_functions: calls since the statistics were reset, total time (with
     * what it calls) and self time, in milliseconds.
     */
    public record FunctionCalls(String function, long calls, double totalMs, double selfMs) {
        public double msPerCall() {
            return calls == 0 ? 0 : totalMs / calls;
        }
    }

    public TriggerFacts {
        triggers = List.copyOf(triggers);
        functionWrites = List.copyOf(functionWrites);
        functionCalls = List.copyOf(functionCalls);
    }

    /** The triggers on the table (qualified name). */
    public List<Trigger> on(String table) {
        return triggers.stream().filter(t -> t.table().equals(table)).toList();
    }

    public Optional<FunctionWrites> writesOf(String function) {
        return functionWrites.stream().filter(w -> w.function().equals(function)).findFirst();
    }

    public Optional<FunctionCalls> callsOf(String function) {
        return functionCalls.stream().filter(c -> c.function().equals(function)).findFirst();
    }

    /** Whether the server counts PL functions' calls (track_functions pl or all). */
    public boolean tracked() {
        return "pl".equals(trackFunctions) || "all".equals(trackFunctions);
    }

    public TriggerFacts withCalls(List<FunctionCalls> calls, String track) {
        return new TriggerFacts(triggers, functionWrites, calls, track);
    }
}
