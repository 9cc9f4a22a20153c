package dev.querylens.collect;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Logs where a library writes each statement before it runs, with JDBC's {@code ?} placeholders,
 * and then one line per bound value, through the application's logging framework:
 * <ul>
 * <li>Hibernate ORM: the {@code org.hibernate.SQL} logger at debug (or {@code o.h.SQL} as Spring Boot
 * abbreviates it, or {@code Hibernate: } from {@code show_sql}); {@code org.hibernate.orm.jdbc.bind}
 * at trace ({@code binding parameter (1:BIGINT) <- [42]}, or {@code binding parameter [1] as [BIGINT] - [42]}
 * before Hibernate 6.2). {@code format_sql}'s indented continuation lines are joined.
 * <li>Spring's JdbcTemplate at debug: {@code Executing prepared SQL statement [select ...]} (or
 * {@code Executing SQL query [...]}, {@code Executing SQL update [...]}); StatementCreatorUtils at
 * trace: {@code Setting SQL statement parameter value: column index 1, parameter value [42], ...}.
 * {@code batchUpdate(sql, rows)} logs {@code Executing SQL batch update [sql]}, then the statement,
 * then each row's values from index 1 again: one execution per row, marked as sent in a batch.
 * </ul>
 * An IDENTITY insert reaches the server with pgjdbc's {@code RETURNING *} after it, which
 * Hibernate's own line does not show; with {@code org.hibernate.orm.action} at trace Hibernate
 * announces each one ({@code HHH90032015: Executing identity insert immediately}; Hibernate 6: {@code Executing
 * identity-insert immediately} from org.hibernate.engine.spi.ActionQueue at debug) and the
 * insert is read as sent. Without that line the log cannot tell such an insert from another.
 * The line's time ({@link LogLineTime}: the logging frameworks' default layouts) is the
 * statement's; these logs carry no durations. Hibernate's JDBC batches (hibernate.jdbc.batch_size)
 * log each row's statement and values like any other; with {@code org.hibernate.orm.jdbc.batch} at
 * trace its {@code Adding to JDBC batch (k / n)} and {@code Executing JDBC batch (k / n)} lines say
 * which rows went in one batch, and they are marked so; where the log shows the JDBC URL with
 * pgjdbc's reWriteBatchedInserts=true (Hibernate's start-up "Database info"), a batch of INSERTs is
 * read as the multi-row INSERTs the driver sends ({@link RewrittenBatchInserts}). Hibernate's
 * "Transaction begun/committed/rolled-back via JDBC Connection" lines (trace) are read as BEGIN,
 * COMMIT and ROLLBACK.
 * Whatever layout the logging framework has, the thread is the last {@code [name]} before the
 * statement when there is one; each thread is a session, else the whole process is one. A
 * statement is complete at its thread's next statement, or at the end of the log.
 */
final class LoggedStatementLines implements AppLogFormat.Lines {
    /**
     * Where a library's statement is, and where its values are; {@code batch} announces that the
     * next statement of the thread is sent as a JDBC batch, its rows' values one after another
     * (null when the library logs no such line). Group 1 of {@code batch}: the SQL; group 2: a count
     * of statements whose SQL the library does not log.
     */
    record Shape(Pattern statement, Pattern value, Pattern batch) {
    }

    /**
     * Group 1 the SQL, which must start with a statement keyword so that a comment naming the logger
     * in a .sql file is not taken for a log; absent when format_sql puts it on the lines after.
     */
    static final Shape HIBERNATE = new Shape(
            Pattern.compile("(?:^|\\s)(?:org\\.hibernate\\.SQL|o\\.h\\.SQL)\\s*(?:-|:)?(?:\\s+((?i:select|insert|update|delete|with"
                    + "|merge|call|values|create|alter|drop|truncate|lock)\\b.*))?\\s*$"),
            // groups 1 and 2 (6.2 and later) or 3 and 4: index and value
            Pattern.compile("binding parameter (?:\\((\\d+):[^)]*\\) <- \\[(.*)\\]|\\[(\\d+)\\] as \\[[^\\]]*\\] - \\[(.*)\\])\\s*$"),
            null);
    static final Shape SPRING = new Shape(
            Pattern.compile("Executing (?:prepared )?SQL (?:query|statement|update) \\[(.*)\\]\\s*$"),
            Pattern.compile("Setting SQL statement parameter value: column index (\\d+), parameter value \\[(.*?)\\], value class"),
            // batchUpdate(sql, rows) logs the SQL, then executes it as a prepared statement; batchUpdate(String...) only counts
            Pattern.compile("Executing SQL batch update (?:\\[(.*)\\]|of (\\d+) statements)\\s*$"));
    private static final String SHOW_SQL = "Hibernate: ";
    private static final Pattern BRACKETED = Pattern.compile("\\[\\s*([^\\[\\]]*?)\\s*\\]");

    /** Rows of one batch held at most: past it the rows so far go out as a batch of their own. */
    static final int MAX_BATCH_ROWS = 10_000;

    private final AppLogFormat.Target target;
    /** Statements go on in the order they were logged, though each is complete only at its thread's next one. */
    private final LogOrder order;
    private final Shape shape;
    private final LogLineTime times = new LogLineTime();
    /** The statement each thread has logged and not yet completed; a thread holds at most one. */
    private final Map<String, Pending> pending = new HashMap<>();
    /** Threads whose next statement is a batch's (the library said so on the line before). */
    private final Map<String, Long> batchAnnounced = new HashMap<>();
    /** Threads whose next statement Hibernate announced as an IDENTITY insert (org.hibernate.orm.action at trace). */
    private final java.util.Set<String> identityAnnounced = new java.util.HashSet<>();
    /** The statement whose format_sql lines are being joined, if any. */
    private Pending continuing;
    /**
     * Hibernate's line before an insert whose generated id it reads back: HHH90032015 from
     * org.hibernate.orm.action at trace (Hibernate 7), "Executing identity-insert immediately" from
     * org.hibernate.engine.spi.ActionQueue at debug (Hibernate 6).
     */
    private static final Pattern IDENTITY_INSERT = Pattern.compile("HHH90032015|Executing identity-insert immediately");
    /**
     * org.hibernate.orm.jdbc.batch at trace: a row added to a JDBC batch (its statement follows), the
     * batch sent. Hibernate 7 writes "Adding to JDBC batch (k / n)", Hibernate 6.6 "(k)".
     */
    private static final Pattern HIBERNATE_BATCH = Pattern.compile("(Adding to|Executing) JDBC batch \\(\\d+(?: / \\d+)?\\)");
    /** Whether the log showed a JDBC URL with reWriteBatchedInserts=true: the driver sends batched INSERTs as multi-row ones. */
    private boolean rewriteBatchedInserts;
    /**
     * Hibernate's JDBC transaction lines (org.hibernate.resource.jdbc.internal.AbstractLogicalConnectionImplementor
     * at trace in Hibernate 6, the same text in Hibernate 7): read as the BEGIN, COMMIT and ROLLBACK
     * the driver sends, so a loop's transaction is known as in a server log.
     */
    private static final Pattern HIBERNATE_TRANSACTION = Pattern.compile("Transaction (begun|committed|rolled-back) via JDBC Connection");
    /** Per thread, the rows of a Hibernate batch not sent yet: one statement each, complete. */
    private final Map<String, List<Pending>> held = new HashMap<>();

    private static final class Pending {
        final String session;
        final long line;
        final java.time.Instant time;
        final boolean batch;
        boolean identity;
        /** A row of a Hibernate batch: held until the batch is sent, when its size is known. */
        boolean heldForBatch;
        final StringBuilder sql = new StringBuilder();
        /** Its place in the log's order. */
        LogOrder.Slot slot;
        /** The values of each row: one row unless the statement is a batch's. */
        final List<List<String>> rows = new ArrayList<>(List.of(new ArrayList<>()));

        Pending(String session, long line, java.time.Instant time, boolean batch) {
            this.session = session;
            this.line = line;
            this.time = time;
            this.batch = batch;
        }

        List<String> params() {
            return rows.get(rows.size() - 1);
        }
    }

    LoggedStatementLines(AppLogFormat.Target target, Shape shape) {
        this.target = target;
        this.shape = shape;
        this.order = new LogOrder(target.executions());
    }

    static boolean isStatement(String line, Shape shape) {
        return (shape == HIBERNATE && line.startsWith(SHOW_SQL)) || shape.statement().matcher(line).find()
                || (shape.batch() != null && shape.batch().matcher(line).find());
    }

    @Override
    public void line(long lineNumber, long offset, String raw) {
        if (continuing != null && !raw.isEmpty() && Character.isWhitespace(raw.charAt(0))) {
            continuing.sql.append(continuing.sql.length() == 0 ? "" : " ").append(raw.strip());
            return;
        }
        continuing = null;
        if (!rewriteBatchedInserts && RewrittenBatchInserts.turnedOnBy(raw)) {
            rewriteBatchedInserts = true; // Hibernate's "Database info" lists the URL at start-up
        }
        Matcher sql = shape.statement().matcher(raw);
        boolean statement = sql.find();
        int loggerAt = statement ? sql.start() : 0;
        Matcher bind = shape.value().matcher(raw);
        boolean value = !statement && bind.find();
        Matcher batch = !statement && !value && shape.batch() != null ? shape.batch().matcher(raw) : null;
        boolean batchLine = batch != null && batch.find();
        String session = session(raw, statement ? loggerAt : value ? bind.start() : batchLine ? batch.start() : raw.length());
        if (value) {
            Pending p = pending.get(session);
            if (p != null) {
                boolean first = bind.group(1) != null;
                int index = Integer.parseInt(first ? bind.group(1) : bind.group(3));
                String v = first ? bind.group(2) : bind.group(4);
                if (index >= 1 && index <= ParameterList.MAX_INDEX) {
                    bound(p, index, v.equals("null") ? null : v);
                }
            }
            return;
        }
        Matcher transaction = shape == HIBERNATE ? HIBERNATE_TRANSACTION.matcher(raw) : null;
        if (transaction != null && transaction.find()) {
            session = session(raw, transaction.start());
            complete(pending.remove(session));
            Pending control = new Pending(session, lineNumber, times.of(raw), false);
            control.sql.append(switch (transaction.group(1)) {
                case "begun" -> "BEGIN";
                case "committed" -> "COMMIT";
                default -> "ROLLBACK";
            });
            control.slot = order.reserve(() -> { });
            complete(control);
            return;
        }
        if (shape == HIBERNATE && IDENTITY_INSERT.matcher(raw).find()) {
            identityAnnounced.add(session);
            return;
        }
        Matcher hibernateBatch = shape == HIBERNATE ? HIBERNATE_BATCH.matcher(raw) : null;
        if (hibernateBatch != null && hibernateBatch.find()) {
            session = session(raw, hibernateBatch.start()); // the line ends with [Entity#INSERT], not a thread
            complete(pending.remove(session));
            if (hibernateBatch.group(1).equals("Executing")) {
                release(session);
            } else {
                batchAnnounced.put(session, lineNumber);
            }
            return;
        }
        if (batchLine) {
            complete(pending.remove(session));
            if (batch.group(2) != null) {
                target.diagnostics().accept(Diagnostic.lost(target.file(), lineNumber, offset, "a batch of " + batch.group(2)
                        + " statements whose SQL the library does not log (JdbcTemplate.batchUpdate(String...)): not read"));
            } else {
                batchAnnounced.put(session, lineNumber);
            }
            return;
        }
        if (shape == HIBERNATE && raw.startsWith(SHOW_SQL)) {
            statement = true;
            session = "process";
        }
        if (statement) {
            // other lines of the thread may come between a statement and its values (Spring logs
            // fetching the connection there): a statement is complete at its thread's next one
            complete(pending.remove(session));
            boolean announced = batchAnnounced.remove(session) != null;
            if (!(announced && shape == HIBERNATE)) {
                release(session); // a batch whose sending was not logged still ran before this
            }
            Pending p = new Pending(session, lineNumber, times.of(raw), announced && shape != HIBERNATE);
            p.heldForBatch = announced && shape == HIBERNATE;
            String text = shape == HIBERNATE && raw.startsWith(SHOW_SQL) ? raw.substring(SHOW_SQL.length()) : sql.group(1);
            if (text != null) {
                p.sql.append(text.strip());
            }
            p.identity = identityAnnounced.remove(session);
            p.slot = order.reserve(() -> forceComplete(p));
            pending.put(session, p);
            continuing = shape == HIBERNATE ? p : null;
        }
    }

    /**
     * Records a value. In a batch the rows' values come one row after another, each from index 1:
     * an index the current row already has starts the next row.
     */
    private void bound(Pending p, int index, String v) {
        List<String> row = p.params();
        if (p.batch && index <= row.size() && index == 1) {
            if (p.rows.size() >= MAX_BATCH_ROWS) {
                emit(p, p.rows, p.rows.size());
                p.rows.clear();
            }
            row = new ArrayList<>();
            p.rows.add(row);
        }
        while (row.size() < index) {
            row.add(null);
        }
        row.set(index - 1, v);
    }

    /** "thread:NAME" for the last [NAME] before {@code end}, else "process". */
    private static String session(String raw, int end) {
        Matcher m = BRACKETED.matcher(raw).region(0, end);
        String thread = null;
        while (m.find()) {
            thread = m.group(1);
        }
        return thread == null || thread.isEmpty() ? "process" : "thread:" + thread;
    }

    private void complete(Pending p) {
        if (p == null) {
            return;
        }
        if (p.sql.length() == 0) {
            p.slot.done();
            return;
        }
        if (p.batch && p.rows.size() == 1 && p.params().isEmpty()) {
            target.diagnostics().accept(Diagnostic.lost(target.file(), p.line, -1, "a batch whose rows are not logged"
                    + " (StatementCreatorUtils at trace is off): read as one execution, its row count unknown"));
        }
        if (p.heldForBatch) {
            List<Pending> rows = held.computeIfAbsent(p.session, k -> new ArrayList<>());
            rows.add(p);
            if (rows.size() >= MAX_BATCH_ROWS) {
                release(p.session);
            }
            return;
        }
        emit(p, p.rows, p.batch ? p.rows.size() : 0);
        p.slot.done();
    }

    /** Too many statements wait before this one: it is complete as it stands (its batch sent as far as it goes). */
    private void forceComplete(Pending p) {
        if (pending.get(p.session) == p) {
            pending.remove(p.session);
            complete(p);
        }
        if (!p.slot.isDone()) {
            release(p.session);
        }
    }

    /**
     * Sends out a thread's held Hibernate batch rows, each marked with the batch's size, or, where
     * the driver rewrites batched INSERTs, the multi-row INSERTs it sends for them.
     */
    private void release(String session) {
        List<Pending> rows = held.remove(session);
        if (rows != null && rewriteBatchedInserts && rows.stream().allMatch(r -> r.sql.toString().contentEquals(rows.get(0).sql))) {
            List<RewrittenBatchInserts.Block> blocks = RewrittenBatchInserts.of(rows.get(0).sql.toString(),
                    rows.stream().map(Pending::params).toList());
            if (!blocks.isEmpty()) {
                Pending first = rows.get(0);
                for (RewrittenBatchInserts.Block b : blocks) {
                    Pending sent = new Pending(first.session, first.line, first.time, false);
                    sent.sql.append(b.sql());
                    sent.slot = first.slot;
                    emit(sent, b.rows(), blocks.size() > 1 ? blocks.size() : 0);
                }
                rows.forEach(r -> r.slot.done());
                return;
            }
        }
        if (rows != null) {
            rows.forEach(r -> {
                emit(r, r.rows, rows.size());
                r.slot.done();
            });
        }
    }

    /**
     * One execution per row: a batch's rows are separate executions for the server (and
     * pg_stat_statements counts each), sent in one round trip, which batchSize records so that
     * unbatched-writes leaves them alone.
     */
    private void emit(Pending p, List<List<String>> rows, int batchSize) {
        String sql = JdbcPlaceholders.toPositional(p.sql.toString());
        if (p.identity && sql.regionMatches(true, 0, "insert", 0, 6) && !sql.toLowerCase(java.util.Locale.ROOT).contains("returning")) {
            // Hibernate asks pgjdbc for the generated keys (RETURN_GENERATED_KEYS), and pgjdbc sends
            // the INSERT with this suffix: the statement the server (and pg_stat_statements) sees
            sql = sql + "\nRETURNING *";
        }
        for (List<String> row : rows) {
            p.slot.add(new Execution(SourceKind.APP_LOG, new SourceLocation(target.file(), p.line),
                    sql, row, p.session, p.time, Double.NaN, null, null, 1, batchSize));
        }
    }

    @Override
    public void finish() {
        // in the order they were logged, so the sessions' last statements come out the same on every run
        pending.values().stream().sorted(java.util.Comparator.comparingLong(p -> p.line)).forEach(this::complete);
        pending.clear();
        held.keySet().stream().sorted().toList().forEach(this::release);
        order.finish();
    }
}
