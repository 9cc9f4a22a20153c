package dev.querylens.workload;

import dev.querylens.collect.Execution;
import dev.querylens.collect.FingerprintsAhead;
import dev.querylens.collect.SourceKind;
import dev.querylens.collect.SourceLocation;
import dev.querylens.plan.PlanNode;
import dev.querylens.sql.Fingerprint;
import dev.querylens.sql.RecentFingerprints;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Groups executions by fingerprint as they stream in. Memory grows with the number of distinct
 * fingerprints (up to a limit), not with the number of executions: per group it keeps counters and a bounded
 * number of locations and parameter samples. Executions with a session are also handed, in
 * order, to the session listener (the sequence rules), and the end of each session to the
 * session-end listener. Server logs' connection and disconnection markers are tallied as
 * {@link LogSessions}, in fixed memory.
 *
 * <p>Memory is bounded even when the shapes or sessions are not (see {@link MemoryLimits}): a full
 * table folds its lightest quarter (least total time, then fewest calls) into a counted remainder,
 * so the heaviest shapes are kept whole and every execution is still counted; and at most so many
 * sessions are open at once. Folding a quarter at a time, not one group per new shape, keeps the
 * cost of finding the lightest off the per-execution path.
 */
public final class Workload {
    private static final int MAX_LOCATIONS = 5;
    private static final int MAX_SAMPLES = 3;
    /** Statements whose values repeat (or have none) stop being sampled after this many tries. */
    private static final int MAX_SAMPLE_ATTEMPTS = 50;
    /** A tuple longer than this (a bulk value) is not kept as a sample: samples must stay small per group. */
    private static final int MAX_SAMPLE_CHARS = 8_192;

    private final RecentFingerprints fingerprints = new RecentFingerprints();
    private final FingerprintsAhead ahead;
    private final Map<String, Accumulator> groups = new HashMap<>();
    private final List<PlanOnly> plansWithoutSql = new ArrayList<>();
    private final Consumer<SessionEvent> sessionListener;
    private final MemoryLimits limits;
    private final OpenSessions sessions;
    private final ConnectionLog connections;
    private final Timeline.Tally timeline = new Timeline.Tally();
    private long executions;
    /** The input files of pg_stat_statements rows and of logged executions, for the overlap's note (a few per run). */
    private final Set<String> aggregateFiles = new java.util.LinkedHashSet<>();
    private final Set<String> loggedFiles = new java.util.LinkedHashSet<>();
    private boolean overlapFolded;
    private long foldedGroups;
    private long foldedExecutions;
    private double foldedTimeMs;

    /** A plan whose source did not say which statement it belongs to. */
    public record PlanOnly(SourceLocation location, PlanNode plan) {
    }

    public Workload(Consumer<SessionEvent> sessionListener) {
        this(sessionListener, session -> { }, MemoryLimits.DEFAULT);
    }

    /** @param sessionEnds told each session that ended (disconnected, or closed early past the limit) */
    public Workload(Consumer<SessionEvent> sessionListener, Consumer<String> sessionEnds, MemoryLimits limits) {
        this(sessionListener, sessionEnds, limits, null);
    }

    /**
     * @param ahead where not null, the fingerprints the thread reading a log worked out ahead for the
     *              execution being added (the same as working them out here, on this thread's time)
     */
    public Workload(Consumer<SessionEvent> sessionListener, Consumer<String> sessionEnds, MemoryLimits limits, FingerprintsAhead ahead) {
        this.ahead = ahead;
        this.sessionListener = sessionListener;
        this.limits = limits;
        this.sessions = new OpenSessions(limits.openSessions(), sessionEnds);
        this.connections = new ConnectionLog(limits.openSessions());
    }

    public void add(Execution e) {
        if (e.connection() != null) {
            connections.add(e);
        } else if (e.timestamp() != null && e.kind().isServerLog()) {
            connections.seen(e.timestamp());
        }
        if (e.endsSession()) {
            sessions.end(e.session());
            return;
        }
        if (e.sql() == null || e.sql().isBlank()) {
            if (e.plan() != null) {
                plansWithoutSql.add(new PlanOnly(e.location(), e.plan()));
            }
            return;
        }
        // a simple-protocol statement in a session carries its values inline: the sequence rules need them,
        // and the lexer pass that fingerprints the text gives them too (a second pass cost as much again)
        List<String> inline = e.session() != null && e.params().isEmpty() ? new ArrayList<>() : null;
        Fingerprint fp = ahead == null ? null : ahead.fingerprint(e.sql(), inline);
        if (fp == null) {
            fp = fingerprints.of(e.sql(), inline);
        }
        Accumulator a = groups.get(fp.id());
        if (a == null) {
            if (groups.size() >= limits.statementShapes()) {
                foldLightest();
            }
            a = new Accumulator(fp, e.sql());
            groups.put(fp.id(), a);
        }
        long before = a.calls();
        a.add(e);
        long added = a.calls() - before;
        executions += added;
        if (added > 0) {
            timeline.add(e.timestamp(), added, e.durationMs());
        }
        String file = e.location() == null ? "?" : e.location().file();
        if (e.kind() == SourceKind.PG_STAT_STATEMENTS) {
            aggregateFiles.add(file);
        } else if (logged(e.kind())) {
            loggedFiles.add(file);
        }
        if (e.session() != null) {
            sessions.touch(e.session());
            // a simple-protocol statement carries its values inline: they are its parameters, so a
            // loop over distinct values is not mistaken for one repeated identical statement
            List<String> params = inline != null && fp.normalizedSql().indexOf('$') >= 0 ? ParameterValues.inline(e, inline) : e.params();
            a.largest(params);
            sessionListener.accept(new SessionEvent(e.session(), fp, a.command, params,
                    e.timestamp(), e.durationMs(), e.location(), e.sql(), e.batchSize(), e.resultKeys(), e.tags()));
        }
    }

    public long executions() {
        return executions;
    }

    /** Executions and their time per interval (a minute, unless the log is much shorter or longer). */
    public Timeline timeline() {
        return timeline.timeline();
    }

    /** What the server logs' connection and disconnection lines said about sessions; {@link LogSessions#NONE} without them. */
    public LogSessions logSessions() {
        return connections.facts();
    }

    /** What was folded or closed early to stay within the limits; {@link Folded#NONE} on ordinary inputs. */
    public Folded folded() {
        return new Folded(foldedGroups, foldedExecutions, foldedTimeMs, sessions.evicted());
    }

    /** Folds the lightest quarter of the groups into the remainder, making room for new shapes. */
    private void foldLightest() {
        List<Accumulator> lightestFirst = new ArrayList<>(groups.values());
        lightestFirst.sort(java.util.Comparator.comparingDouble((Accumulator g) -> g.total()).thenComparingLong(Accumulator::calls));
        for (Accumulator g : lightestFirst.subList(0, Math.max(1, lightestFirst.size() / 4))) {
            groups.remove(g.fingerprint.id());
            foldedGroups++;
            foldedExecutions += g.calls();
            foldedTimeMs += g.total();
            overlapFolded |= g.overlaps();
        }
    }

    /** The groups, most total time first, then most calls, then by SQL for a stable order. */
    public List<StatementGroup> groups() {
        return groups.values().stream()
                .map(Accumulator::snapshot)
                .sorted(java.util.Comparator.comparingDouble(StatementGroup::totalTimeMs).reversed()
                        .thenComparing(java.util.Comparator.comparingLong(StatementGroup::calls).reversed())
                        .thenComparing(StatementGroup::sql))
                .toList();
    }

    public List<PlanOnly> plansWithoutSql() {
        return List.copyOf(plansWithoutSql);
    }

    static String commandOf(String normalizedSql) {
        int end = 0;
        while (end < normalizedSql.length() && Character.isLetter(normalizedSql.charAt(end))) {
            end++;
        }
        return normalizedSql.substring(0, end).toLowerCase(Locale.ROOT);
    }

    /**
     * A server's log (or an application's, matched against it) and a pg_stat_statements export of
     * the same server see the same executions: one as events, one as totals. Where a statement is
     * in both, it counts as the larger of the two (the log may leave out what ran under
     * log_min_duration_statement, the export what ran before its last reset), never their sum; the
     * per-session order, and so every loop, comes from the log's events alone, since an export has
     * none. Statements only one of them holds count as that one says.
     */
    public record AggregateOverlap(List<String> aggregateFiles, List<String> loggedFiles, long rows, long aggregateRows,
                                   long countedOnce, boolean incomplete) {
    }

    /** How the pg_stat_statements rows read and the logs read overlapped; null when they did not (or one is missing). */
    public AggregateOverlap aggregateOverlap() {
        if (aggregateFiles.isEmpty() || loggedFiles.isEmpty()) {
            return null;
        }
        long rows = 0;
        long aggregateRows = 0;
        long once = 0;
        for (Accumulator g : groups.values()) {
            aggregateRows += g.aggregateRows;
            if (g.overlaps()) {
                rows += g.aggregateRows;
                once += Math.min(g.logged.calls, g.aggregate.calls);
            }
        }
        return rows == 0 ? null : new AggregateOverlap(List.copyOf(aggregateFiles), List.copyOf(loggedFiles), rows, aggregateRows, once,
                overlapFolded);
    }

    private static boolean logged(SourceKind kind) {
        return kind.isServerLog() || kind == SourceKind.APP_LOG;
    }

    /** Calls, the timed ones among them, and their total time, of one kind of source. */
    private static final class Tally {
        long calls;
        long timedCalls;
        double total;

        void add(Execution e) {
            calls += e.calls();
            if (e.hasDuration()) {
                timedCalls += e.calls();
                total += e.durationMs();
            }
        }
    }

    private static final class Accumulator {
        final Fingerprint fingerprint;
        final String exampleSql;
        /** The statement's command word, once per shape rather than once per execution. */
        final String command;
        /** What server and application logs counted, what pg_stat_statements rows counted, and every other source. */
        final Tally logged = new Tally();
        final Tally aggregate = new Tally();
        final Tally other = new Tally();
        long aggregateRows;
        double max;
        final Set<SourceKind> kinds = EnumSet.noneOf(SourceKind.class);
        final List<SourceLocation> locations = new ArrayList<>();
        final List<List<String>> samples = new ArrayList<>();
        final Set<String> suppressed = new LinkedHashSet<>();
        int sampleAttempts;
        PlanNode plan;
        /** Per parameter position (the first {@value #MAX_LARGEST}), the largest whole number bound there. */
        final List<Long> largest = new ArrayList<>();
        static final int MAX_LARGEST = 32;
        /** Rows pg_stat_statements counted, and the calls those rows came from (rows per call: their ratio). */
        private long rowsCounted;
        private long rowsCalls;

        Accumulator(Fingerprint fingerprint, String exampleSql) {
            this.fingerprint = fingerprint;
            this.exampleSql = exampleSql;
            this.command = commandOf(fingerprint.normalizedSql());
        }

        /** Whether a log and a pg_stat_statements export both counted this statement. */
        boolean overlaps() {
            return logged.calls > 0 && aggregate.calls > 0;
        }

        /** The log's events and the export's totals, whichever counted more, when both hold it; else their sum. */
        private Tally counted() {
            return aggregate.calls > logged.calls ? aggregate : logged;
        }

        long calls() {
            return other.calls + (overlaps() ? counted().calls : logged.calls + aggregate.calls);
        }

        long timedCalls() {
            return other.timedCalls + (overlaps() ? counted().timedCalls : logged.timedCalls + aggregate.timedCalls);
        }

        double total() {
            return other.total + (overlaps() ? counted().total : logged.total + aggregate.total);
        }

        void add(Execution e) {
            if (e.kind() == SourceKind.PG_STAT_STATEMENTS) {
                aggregate.add(e);
                aggregateRows++;
                if (e.rows() >= 0) {
                    rowsCounted += e.rows();
                    rowsCalls += e.calls();
                }
            } else {
                (logged(e.kind()) ? logged : other).add(e);
            }
            if (e.hasDuration() && e.calls() > 0) {
                max = Math.max(max, e.durationMs() / e.calls()); // an aggregate only tells its mean
            }
            kinds.add(e.kind());
            if (locations.size() < MAX_LOCATIONS) {
                locations.add(e.location());
            }
            if (samples.size() < MAX_SAMPLES && sampleAttempts++ < MAX_SAMPLE_ATTEMPTS) {
                List<String> values = ParameterValues.of(e);
                if (!values.isEmpty() && !samples.contains(values) && length(values) <= MAX_SAMPLE_CHARS) {
                    samples.add(values);
                }
            }
            suppressed.addAll(e.suppressed());
            if (plan == null && e.plan() != null) {
                plan = e.plan();
            }
        }

        /** Each value of $n, bound or inline: a digit check per value. */
        void largest(List<String> params) {
            for (int i = 0; i < Math.min(params.size(), MAX_LARGEST); i++) {
                String v = params.get(i);
                if (v == null || v.isEmpty() || v.length() > 18 || !digits(v)) {
                    continue;
                }
                while (largest.size() <= i) {
                    largest.add(null);
                }
                long n = Long.parseLong(v);
                if (largest.get(i) == null || largest.get(i) < n) {
                    largest.set(i, n);
                }
            }
        }

        /** Character.isDigit of every char, as {@code v.chars().allMatch(Character::isDigit)} said, without a stream per value. */
        private static boolean digits(String v) {
            for (int i = 0; i < v.length(); i++) {
                if (!Character.isDigit(v.charAt(i))) {
                    return false;
                }
            }
            return true;
        }

        private static int length(List<String> values) {
            return values.stream().mapToInt(v -> v == null ? 0 : v.length()).sum();
        }

        StatementGroup snapshot() {
            return new StatementGroup(fingerprint, exampleSql, calls(), timedCalls(), total(), max,
                    Set.copyOf(kinds), List.copyOf(locations), samples.stream().map(s -> java.util.Collections.unmodifiableList(new ArrayList<>(s))).toList(),
                    Set.copyOf(suppressed), plan, largest, rowsCounted, rowsCalls);
        }
    }
}
