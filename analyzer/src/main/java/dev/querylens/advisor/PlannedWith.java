package dev.querylens.advisor;

import dev.querylens.database.PlannerStatistics;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * The statistics advice was planned with, for the tables the workload reads, and how they differ
 * from the previous advise run's on the same database. What-if costs follow the row estimates and
 * column statistics of the last ANALYZE, so two runs on either side of an autovacuum can advise
 * differently; the report says which tables changed rather than leaving two answers unexplained.
 *
 * @param now      the tables' statistics read just before planning
 * @param previous the previous run's, by qualified name (empty: no previous run recorded)
 * @param previousAtEpoch when the previous run read them, seconds since 1970 (NaN: none)
 */
public record PlannedWith(Map<String, PlannerStatistics> now, Map<String, PlannerStatistics> previous, double previousAtEpoch) {
    /** An analyze time within this of the previous run's is the same analyze (the times are read to the microsecond). */
    private static final double SAME_ANALYZE_SECONDS = 0.001;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

    public PlannedWith {
        now = Map.copyOf(now);
        previous = Map.copyOf(previous);
    }

    /** The notes for a workload on {@code tables} (qualified names): what it was planned with, and what changed. */
    public List<String> notes(Collection<String> tables) {
        List<String> known = new TreeSet<>(tables).stream().filter(now::containsKey).toList();
        List<String> out = new ArrayList<>();
        if (known.isEmpty()) {
            return out;
        }
        List<String> parts = new ArrayList<>();
        List<String> never = new ArrayList<>();
        for (String t : known) {
            PlannerStatistics s = now.get(t);
            parts.add(describe(s));
            if (!s.analyzed()) {
                never.add(t);
            }
        }
        out.add("planned with the statistics of " + known.size() + " table(s): " + String.join("; ", parts));
        if (!never.isEmpty()) {
            out.add("never analyzed, so planned on default estimates that can make an index look useless or vital: "
                    + String.join(", ", never) + " (run ANALYZE on them before trusting the advice)");
        }
        List<String> changed = changes(known);
        if (!changed.isEmpty()) {
            out.add("the statistics changed since the previous advise run on this database (" + TIME.format(instant(previousAtEpoch))
                    + "): " + String.join("; ", changed) + "; advice planned on other statistics can differ");
        }
        return out;
    }

    /** Per table whose statistics differ from the previous run's: what changed. Empty without a previous run. */
    public List<String> changes(Collection<String> tables) {
        List<String> out = new ArrayList<>();
        for (String t : new TreeSet<>(tables)) {
            PlannerStatistics was = previous.get(t);
            PlannerStatistics is = now.get(t);
            if (was == null || is == null) {
                continue;
            }
            boolean reanalyzed = is.analyzed() && (!was.analyzed() || Math.abs(is.analyzedAtEpoch() - was.analyzedAtEpoch()) > SAME_ANALYZE_SECONDS);
            boolean rows = is.rows() != was.rows();
            if (reanalyzed || rows) {
                out.add(t + (reanalyzed ? " analyzed again at " + TIME.format(instant(is.analyzedAtEpoch()))
                        + (is.byAutovacuum() ? " (by autovacuum)" : "") : "")
                        + (rows ? (reanalyzed ? "," : "") + " estimated rows " + rows(was.rows()) + " -> " + rows(is.rows()) : ""));
            }
        }
        return out;
    }

    private static String describe(PlannerStatistics s) {
        if (!s.analyzed()) {
            return s.qualifiedName() + " never analyzed" + (s.rows() >= 0 ? ", " + rows(s.rows()) + " rows estimated" : "");
        }
        return String.format(Locale.ROOT, "%s %s rows, analyzed %s%s, %d row(s) changed since", s.qualifiedName(), rows(s.rows()),
                TIME.format(instant(s.analyzedAtEpoch())), s.byAutovacuum() ? " by autovacuum" : "", s.modifiedSinceAnalyze());
    }

    private static String rows(double rows) {
        return rows < 0 ? "unknown" : String.format(Locale.ROOT, "%,.0f", rows);
    }

    private static Instant instant(double epochSeconds) {
        return Instant.ofEpochSecond((long) Math.floor(epochSeconds), (long) ((epochSeconds - Math.floor(epochSeconds)) * 1e9));
    }
}
