package dev.querylens.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Triggers, what their functions write, and (from a live server that tracks functions) how often
 * and how long each function ran. {@code trackFunctions} is the server's track_functions setting
 * (none, pl, all), null from DDL: without pl or all, pg_stat_user_functions stays empty.
 * {@code partitionOf} maps each partition (qualified) to the partitioned table it is attached to.
 */
public record TriggerFacts(List<Trigger> triggers, List<FunctionWrites> functionWrites, List<FunctionCalls> functionCalls,
                           String trackFunctions, Map<String, String> partitionOf) {
    public static final TriggerFacts NONE = new TriggerFacts(List.of(), List.of(), List.of(), null, Map.of());

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
        partitionOf = Map.copyOf(partitionOf);
    }

    /** The triggers on the table (qualified name). */
    public List<Trigger> on(String table) {
        return triggers.stream().filter(t -> t.table().equals(table)).toList();
    }

    /**
     * The triggers a write to the table fires: its own and, for a partition written directly, those
     * of every partitioned table above it, which the server clones onto each partition (a row
     * written through the parent is routed to its partition and fires the same clones).
     */
    public List<Trigger> firedBy(String table) {
        List<Trigger> fired = new ArrayList<>(on(table));
        ancestors(table).forEach(parent -> fired.addAll(on(parent)));
        return fired;
    }

    private List<String> ancestors(String table) {
        List<String> up = new ArrayList<>();
        for (String parent = partitionOf.get(table); parent != null && !up.contains(parent); parent = partitionOf.get(parent)) {
            up.add(parent);
        }
        return up;
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

    /**
     * These facts from a live database, plus the DDL's triggers and partitions of tables it does not
     * have ({@code liveHas} says which it has) and the DDL's reading of functions it did not scan;
     * its function statistics as they are.
     */
    public TriggerFacts withDdl(TriggerFacts ddl, java.util.function.Predicate<String> liveHas) {
        java.util.Set<String> scanned = new java.util.HashSet<>();
        functionWrites.forEach(w -> scanned.add(w.function()));
        List<Trigger> allTriggers = new ArrayList<>(triggers);
        ddl.triggers.stream().filter(t -> !liveHas.test(t.table())).forEach(allTriggers::add);
        List<FunctionWrites> allWrites = new ArrayList<>(functionWrites);
        ddl.functionWrites.stream().filter(w -> !scanned.contains(w.function())).forEach(allWrites::add);
        Map<String, String> allPartitions = new java.util.HashMap<>(partitionOf);
        ddl.partitionOf.forEach((partition, parent) -> {
            if (!liveHas.test(partition)) {
                allPartitions.putIfAbsent(partition, parent);
            }
        });
        return new TriggerFacts(allTriggers, allWrites, functionCalls, trackFunctions, allPartitions);
    }

    public TriggerFacts withCalls(List<FunctionCalls> calls, String track) {
        return new TriggerFacts(triggers, functionWrites, calls, track, partitionOf);
    }
}
