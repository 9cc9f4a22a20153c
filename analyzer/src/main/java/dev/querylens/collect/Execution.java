package dev.querylens.collect;

import dev.querylens.plan.PlanNode;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * One statement as a source saw it: executed once (a log line) or written once (a .sql file).
 *
 * @param sql         the statement text as sent, literals included
 * @param params      bound parameter values in $1..$n order, as text; null entries are SQL NULL
 * @param session     the session key (pid for stderr logs), null for files
 * @param timestamp   when it ran, null when the source does not say
 * @param durationMs  how long it ran, NaN when the source does not say
 * @param plan        the plan the source carried, or null
 * @param suppressed  rule ids the user suppressed inline for this statement
 * @param calls       executions this stands for: 1, or a count from an aggregated source
 *                    (pg_stat_statements), where {@code durationMs} is then their total
 * @param batchSize   the JDBC batch it was sent in (0 when not batched or unknown)
 * @param resultKeys  a masked sample of the keys a query returned (JDBC traces that opted in), else
 *                    {@link ResultKeys#NONE}
 * @param connection  for a marker that stands for no execution: the session's start or end as
 *                    log_connections / log_disconnections logged it; null otherwise
 * @param tags        where it came from: its sqlcommenter-style comment (read from {@code sql} when
 *                    not given) and the session's application_name where the source logged it
 * @param rows        rows the {@code calls} executions returned or wrote in all (pg_stat_statements'
 *                    {@code rows}), -1 where the source does not say
 */
public record Execution(
        SourceKind kind,
        SourceLocation location,
        String sql,
        List<String> params,
        String session,
        Instant timestamp,
        double durationMs,
        PlanNode plan,
        Set<String> suppressed,
        long calls,
        int batchSize,
        ResultKeys resultKeys,
        ConnectionEvent connection,
        QueryTags tags,
        long rows) {

    /** An execution or marker whose source does not count rows. */
    public Execution(SourceKind kind, SourceLocation location, String sql, List<String> params, String session,
                     Instant timestamp, double durationMs, PlanNode plan, Set<String> suppressed, long calls, int batchSize,
                     ResultKeys resultKeys, ConnectionEvent connection, QueryTags tags) {
        this(kind, location, sql, params, session, timestamp, durationMs, plan, suppressed, calls, batchSize, resultKeys, connection, tags, -1);
    }

    /** An execution or marker whose tags are read from its SQL. */
    public Execution(SourceKind kind, SourceLocation location, String sql, List<String> params, String session,
                     Instant timestamp, double durationMs, PlanNode plan, Set<String> suppressed, long calls, int batchSize,
                     ResultKeys resultKeys, ConnectionEvent connection) {
        this(kind, location, sql, params, session, timestamp, durationMs, plan, suppressed, calls, batchSize, resultKeys, connection, null);
    }

    /** An execution (not a connection marker). */
    public Execution(SourceKind kind, SourceLocation location, String sql, List<String> params, String session,
                     Instant timestamp, double durationMs, PlanNode plan, Set<String> suppressed, long calls, int batchSize,
                     ResultKeys resultKeys) {
        this(kind, location, sql, params, session, timestamp, durationMs, plan, suppressed, calls, batchSize, resultKeys, null);
    }

    /** An execution whose source keeps no result sample: every source but an opted-in JDBC trace. */
    public Execution(SourceKind kind, SourceLocation location, String sql, List<String> params, String session,
                     Instant timestamp, double durationMs, PlanNode plan, Set<String> suppressed, long calls, int batchSize) {
        this(kind, location, sql, params, session, timestamp, durationMs, plan, suppressed, calls, batchSize, ResultKeys.NONE);
    }

    /** One execution, as every per-statement source sees it. */
    public Execution(SourceKind kind, SourceLocation location, String sql, List<String> params, String session,
                     Instant timestamp, double durationMs, PlanNode plan, Set<String> suppressed) {
        this(kind, location, sql, params, session, timestamp, durationMs, plan, suppressed, 1, 0);
    }

    public Execution {
        // no copy of an empty list (most executions): an unmodifiable empty list that, like the copy, answers contains(null)
        params = params == null ? List.of() : params.isEmpty() ? java.util.Collections.emptyList()
                : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(params));
        suppressed = suppressed == null ? Set.of() : Set.copyOf(suppressed);
        resultKeys = resultKeys == null ? ResultKeys.NONE : resultKeys;
        tags = tags != null ? tags : QueryTags.of(sql);
    }

    /** What an aggregated source counted: {@code calls} executions that returned or wrote {@code rows} rows in all. */
    public static Execution aggregate(SourceKind kind, SourceLocation location, String sql, double totalMs, long calls, long rows) {
        return new Execution(kind, location, sql, List.of(), null, null, totalMs, null, null, calls, 0, ResultKeys.NONE, null, null, rows);
    }

    /** The same execution, its session's application_name known (a log line's %a, a csvlog column). */
    public Execution withApplication(String application) {
        QueryTags t = tags.withApplication(application);
        return t == tags ? this : new Execution(kind, location, sql, params, session, timestamp, durationMs, plan, suppressed, calls,
                batchSize, resultKeys, connection, t, rows);
    }

    /**
     * The same execution, known to be sent by this framework (an ORM's own log says which ORM wrote
     * it): a {@code framework} tag the statement's own comment did not give.
     */
    public Execution withFramework(String framework) {
        QueryTags t = tags.withFramework(framework);
        return t == tags ? this : new Execution(kind, location, sql, params, session, timestamp, durationMs, plan, suppressed, calls,
                batchSize, resultKeys, connection, t, rows);
    }

    /**
     * The end of a session (a disconnection): it stands for no execution, and tells whoever keeps
     * state per session that it can let go of it, so memory does not grow with the sessions a log has.
     */
    public static Execution sessionEnd(SourceKind kind, SourceLocation location, String session) {
        return new Execution(kind, location, null, List.of(), session, null, Double.NaN, null, null, 0, 0);
    }

    /**
     * A session's start or end as the log says it (log_connections, log_disconnections): it stands
     * for no execution; a disconnection also ends the session, as {@link #sessionEnd} does.
     */
    public static Execution connection(SourceKind kind, SourceLocation location, String session, Instant at, ConnectionEvent event) {
        return new Execution(kind, location, null, List.of(), session, at, Double.NaN, null, null, 0, 0, ResultKeys.NONE, event);
    }

    public boolean endsSession() {
        return sql == null && plan == null && calls == 0 && session != null
                && (connection == null || connection.kind() == ConnectionEvent.Kind.DISCONNECTED);
    }

    public boolean hasDuration() {
        return !Double.isNaN(durationMs);
    }
}
