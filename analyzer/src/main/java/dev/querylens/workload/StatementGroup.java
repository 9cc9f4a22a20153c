package dev.querylens.workload;

import dev.querylens.collect.SourceKind;
import dev.querylens.collect.SourceLocation;
import dev.querylens.plan.PlanNode;
import dev.querylens.sql.Fingerprint;
import java.util.List;
import java.util.Set;

/**
 * All executions of one statement shape. Durations are summed only over executions whose source
 * reported one ({@code timedCalls}); {@code totalTimeMs} is 0 when none did.
 *
 * @param locations    the first places it was seen (bounded), for the report and file-based findings
 * @param sampleParams a few distinct parameter tuples seen with it (bounded)
 * @param suppressed   rule ids suppressed inline at any of its locations
 * @param largest      per parameter position, the largest whole number it was given (null where none was
 *                     one): a page walk's deepest OFFSET, which the few samples may not hold
 * @param rows         rows pg_stat_statements counted for it (returned or written), over {@code rowsCalls} of its calls;
 *                     both 0 where no source counted rows
 */
public record StatementGroup(
        Fingerprint fingerprint,
        String exampleSql,
        long calls,
        long timedCalls,
        double totalTimeMs,
        double maxTimeMs,
        Set<SourceKind> sourceKinds,
        List<SourceLocation> locations,
        List<List<String>> sampleParams,
        Set<String> suppressed,
        PlanNode plan,
        List<Long> largest,
        long rows,
        long rowsCalls) {

    public StatementGroup(Fingerprint fingerprint, String exampleSql, long calls, long timedCalls, double totalTimeMs, double maxTimeMs,
                          Set<SourceKind> sourceKinds, List<SourceLocation> locations, List<List<String>> sampleParams,
                          Set<String> suppressed, PlanNode plan) {
        this(fingerprint, exampleSql, calls, timedCalls, totalTimeMs, maxTimeMs, sourceKinds, locations, sampleParams, suppressed, plan,
                List.of(), 0, 0);
    }

    public StatementGroup {
        largest = largest == null ? List.of() : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(largest));
    }

    /** The largest whole number parameter $n was given, or -1 when it had none. */
    public long largestValueOf(int parameter) {
        Long v = parameter >= 1 && parameter <= largest.size() ? largest.get(parameter - 1) : null;
        return v == null ? -1 : v;
    }

    /** Rows per call where pg_stat_statements counted them (an UPDATE's or DELETE's rows written), NaN where nothing did. */
    public double rowsPerCall() {
        return rowsCalls == 0 ? Double.NaN : (double) rows / rowsCalls;
    }

    public double meanTimeMs() {
        return timedCalls == 0 ? 0 : totalTimeMs / timedCalls;
    }

    public String sql() {
        return fingerprint.normalizedSql();
    }

    /** The statement as first seen, its case and layout kept, literals as $n: what a report shows people. */
    public String text() {
        return exampleSql == null ? sql() : new dev.querylens.sql.Fingerprinter().displayText(exampleSql);
    }

    /** The sampled tuples that give a value to every $n of the statement: enough to run it as it ran. */
    public List<List<String>> completeSamples() {
        int params = dev.querylens.sql.Fingerprinter.highestParameter(sql());
        return sampleParams.stream().filter(p -> p.size() >= params && !p.subList(0, params).contains(null)).toList();
    }

    /** The sampled values of parameter $n (bound, or a literal that normalization replaced). */
    public List<String> valuesOf(int parameter) {
        return sampleParams.stream()
                .filter(p -> parameter >= 1 && p.size() >= parameter && p.get(parameter - 1) != null)
                .map(p -> p.get(parameter - 1))
                .toList();
    }
}
