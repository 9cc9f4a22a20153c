package dev.querylens.rules;

import dev.querylens.schema.Catalog;
import dev.querylens.schema.FunctionWrites;
import dev.querylens.schema.Trigger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The row triggers a trigger's function sets off by writing other tables, followed through their
 * functions in turn: what the function bodies show with plain INSERT/UPDATE/DELETE, nothing more.
 * A write's row count is not in the text, so each link is counted as one row per firing of the
 * function before it (an estimate the finding says is one); dynamic SQL, functions called from the
 * body and conditional branches are not followed, and a function whose body builds SQL is named.
 *
 * @param links      "table.trigger (TIMING EVENT ROW) -> function", each with the depth it is at
 * @param unseen     the functions whose writes the text cannot show (EXECUTE of built SQL)
 */
record TriggerChain(List<Link> links, List<String> unseen) {
    /** A row trigger reached through a function's write; {@code via} is the function whose write fires it. */
    record Link(Trigger trigger, String via, Trigger.Event event, int depth) {
    }

    private static final int MAX_DEPTH = 5;

    static TriggerChain from(List<Trigger> fired, Catalog catalog) {
        List<Link> links = new ArrayList<>();
        List<String> unseen = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Trigger t : fired) {
            follow(t.function(), catalog, 1, links, unseen, seen);
        }
        return new TriggerChain(List.copyOf(links), List.copyOf(unseen));
    }

    private static void follow(String function, Catalog catalog, int depth, List<Link> links, List<String> unseen, Set<String> seen) {
        if (depth > MAX_DEPTH || !seen.add(function)) {
            return; // a cycle (a function whose write fires itself again) or a very deep chain: shown as far as here
        }
        FunctionWrites writes = catalog.triggers().writesOf(function).orElse(null);
        if (writes == null) {
            unseen.add(function + " (its body is not in the input)");
            return;
        }
        if (writes.dynamic()) {
            unseen.add(function + " (builds SQL at run time: EXECUTE)");
        }
        for (FunctionWrites.Write write : writes.writes()) {
            String table = catalog.table(write.table()).map(dev.querylens.schema.Table::qualifiedName).orElse(null);
            if (table == null) {
                continue;
            }
            for (Trigger next : catalog.triggers().on(table)) {
                if (next.enabled() && next.forEachRow() && next.timing() != Trigger.Timing.INSTEAD_OF && next.events().contains(write.kind())) {
                    links.add(new Link(next, function, write.kind(), depth));
                    follow(next.function(), catalog, depth + 1, links, unseen, seen);
                }
            }
        }
    }
}
