package dev.querylens.junit;

import dev.querylens.capture.TraceRecord;
import dev.querylens.collect.JdbcPlaceholders;
import dev.querylens.sql.Fingerprinter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A test's statements grouped by shape (normalized, literals as $n), in the order each shape first
 * ran, with what the expectations need: how often it ran, the JDBC batches it was sent in, and how
 * many values were written into its text rather than bound.
 */
record StatementTally(List<Shape> shapes, int total) {

    /**
     * @param batches the size of each JDBC batch it was sent in, in order; an execution outside a batch adds nothing
     * @param unbatched executions sent on their own
     * @param inlineValues literals in its text that normalization made parameters (the most seen in one execution)
     */
    record Shape(StatementKind kind, String sql, int count, List<Integer> batches, int unbatched, int inlineValues) {
        String counted() {
            return sql + " (" + count + (count == 1 ? " time)" : " times)");
        }
    }

    static StatementTally of(List<TraceRecord> records) {
        Fingerprinter fingerprinter = new Fingerprinter();
        Map<String, Acc> shapes = new LinkedHashMap<>();
        int i = 0;
        while (i < records.size()) {
            TraceRecord first = records.get(i);
            // a JDBC batch's entries are recorded one after another, each marked with the batch's size; a Statement
            // batch may mix statements, and each of them was sent in a batch of that size
            int end = i + 1;
            while (first.batch() > 0 && end < records.size() && end - i < first.batch() && records.get(end).batch() == first.batch()) {
                end++;
            }
            java.util.Set<Acc> inBatch = new java.util.LinkedHashSet<>();
            for (TraceRecord r : records.subList(i, end)) {
                List<String> constants = new ArrayList<>();
                String positional = JdbcPlaceholders.toPositional(r.sql());
                Acc a = shapes.computeIfAbsent(fingerprinter.normalize(positional, constants), k -> new Acc(StatementKind.of(positional)));
                a.inline = Math.max(a.inline, constants.size());
                a.count++;
                if (first.batch() > 0) {
                    inBatch.add(a);
                } else {
                    a.unbatched++;
                }
            }
            int entries = end - i;
            inBatch.forEach(a -> a.batches.add(entries));
            i = end;
        }
        List<Shape> out = shapes.entrySet().stream()
                .map(e -> new Shape(e.getValue().kind, e.getKey(), e.getValue().count, List.copyOf(e.getValue().batches),
                        e.getValue().unbatched, e.getValue().inline))
                .toList();
        return new StatementTally(out, records.size());
    }

    private static final class Acc {
        final StatementKind kind;
        final List<Integer> batches = new ArrayList<>();
        int count;
        int unbatched;
        int inline;

        Acc(StatementKind kind) {
            this.kind = kind;
        }
    }

    int count(StatementKind kind) {
        return shapes.stream().filter(s -> s.kind() == kind).mapToInt(Shape::count).sum();
    }

    /** The shapes of one kind (all shapes for null) with their counts, for a failure message. */
    String listed(StatementKind kind) {
        List<Shape> of = shapes.stream().filter(s -> kind == null || s.kind() == kind).toList();
        return of.isEmpty() ? "none ran" : of.stream().map(Shape::counted).collect(Collectors.joining("; "));
    }
}
