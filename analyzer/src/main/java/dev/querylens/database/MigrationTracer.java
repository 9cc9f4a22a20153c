package dev.querylens.database;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Applies a migration history's statements in order and records, per statement, the relation locks
 * it took on tables that existed before it (pg_locks of its own backend, read before its transaction
 * ends), which pre-existing tables and indexes it rewrote (relfilenode changed) and how long it took.
 * The statements are the user's own migration files, never workload text, and only a session on a
 * database marked disposable gets here ({@link UserDatabase#disposableConnection}), as the trace's own role.
 *
 * <p>Two ways, by whose server it is:
 * <ul>
 * <li>{@link #rolledBack} (a user's disposable database, --db): nothing is ever committed. The
 *     history is applied in one transaction that is rolled back at the end, so the database is left
 *     exactly as it was; each statement's locks are those held after it and not before it. One
 *     thing a rolled-back trace cannot see: a lock an earlier statement of the history already holds
 *     on the same table (PostgreSQL keeps one entry per mode), so for the tables a statement names
 *     those are reported as already held, apart from its own. A statement that cannot run in a
 *     transaction block (CONCURRENTLY) is reported as not traced, and its transactional equivalent
 *     is applied for the statements after it.</li>
 * <li>{@link #committing} (the throwaway server QueryLens started itself): each statement in its own
 *     transaction, committed, so each sees every lock it takes; one that cannot run in a transaction
 *     runs as written, in autocommit, while a second session holding an open snapshot keeps it
 *     waiting at its end (CREATE INDEX CONCURRENTLY waits for older snapshots) and reads the locks it
 *     holds then.</li>
 * </ul>
 * Either way the session is a {@link TraceSandbox} role's: a statement that needs more than that
 * role has (permission denied, dblink refused) is listed as not traced with the server's reason and
 * the trace goes on (on --db from a savepoint taken before it); a statement the sandbox's setup
 * took over, and transaction control, are not sent. The trace stops at the first statement that
 * fails for a reason of its own.
 */
public final class MigrationTracer {
    /**
     * A statement to apply. {@code transactional} is false for one that cannot run in a transaction
     * block; {@code replayAs} is then what leaves the same catalog inside one (the plain CREATE INDEX
     * for a CONCURRENTLY one), or null when nothing later depends on it.
     */
    public record Step(String sql, boolean transactional, String replayAs, List<String> tables) {
        public Step {
            tables = tables == null ? List.of() : List.copyOf(tables);
        }
    }

    private static final String MARK = UserDatabase.MARK;
    private static final long OBSERVE_MS = 10_000;

    private final UserDatabase db;
    private final UserDatabase observer;
    private final boolean commit;
    private final SandboxPlan plan;
    private final java.util.function.Predicate<String> missingRole;

    private MigrationTracer(UserDatabase db, UserDatabase observer, boolean commit, SandboxPlan plan,
                            java.util.function.Predicate<String> missingRole) {
        this.missingRole = missingRole;
        this.db = db;
        this.observer = observer;
        this.commit = commit;
        this.plan = plan;
    }

    /**
     * On a user's database marked disposable: every statement traced in a transaction that is rolled
     * back. {@code db} is the {@link TraceSandbox}'s session; {@code plan} says which statements its setup took over.
     */
    public static MigrationTracer rolledBack(UserDatabase db, SandboxPlan plan) {
        return new MigrationTracer(db, null, false, plan, name -> false);
    }

    /**
     * On the throwaway server: each statement committed; {@code observer} is a second session of the
     * sandbox's, for statements outside a transaction; {@code missingRole} creates a role a statement
     * found missing (true when it did), and the statement is tried again.
     */
    static MigrationTracer committing(UserDatabase db, UserDatabase observer, SandboxPlan plan,
                                      java.util.function.Predicate<String> missingRole) {
        return new MigrationTracer(db, observer, true, plan, missingRole);
    }

    private static final java.util.regex.Pattern ROLE_MISSING = java.util.regex.Pattern.compile("role \"(.+)\" does not exist");

    /**
     * Transaction control in a migration is not sent: the trace decides the transactions (END and
     * ABORT are COMMIT and ROLLBACK too), and on --db a COMMIT would keep what the sandbox did.
     */
    private static final java.util.regex.Pattern TRANSACTION_CONTROL = java.util.regex.Pattern.compile(
            "(?is)^\\s*(begin|start\\s+transaction|commit|end|rollback|abort|savepoint|release|prepare\\s+transaction)\\b.*");

    /**
     * A migration the trace also undoes: steps {@code from} (inclusive) to {@code to} (exclusive) are
     * its up file, {@code down} the statements of its down file (or section).
     */
    public record Undo(int from, int to, List<Step> down) {
        public Undo {
            down = List.copyOf(down);
        }
    }

    /** A statement of a down (its index in the down) or of the up applied again (its index in the history) that failed, and why. */
    public record Failure(int statement, String message) {
    }

    /**
     * What applying a migration, its down, and the migration again did (see {@link UndoCheck}):
     * {@code down} the down statement that failed (null when all ran), {@code notRestored} how the
     * catalog after the down differs from the catalog before the up, {@code upAgain} the up statement
     * that failed when applied again, {@code upAgainDiffers} how the catalog after it differs from the
     * one after the first up; {@code notChecked} says why the check could not run (then the rest is empty).
     *
     * @param undo which of the trace's undos this is
     */
    public record Undone(int undo, Failure down, List<String> notRestored, Failure upAgain, List<String> upAgainDiffers,
                         String notChecked) {
        public Undone {
            notRestored = List.copyOf(notRestored);
            upAgainDiffers = List.copyOf(upAgainDiffers);
        }

        static Undone notChecked(int undo, String why) {
            return new Undone(undo, null, List.of(), null, List.of(), why);
        }

        /** The down restored the catalog the up found, and the up applied again gave the same catalog as the first time. */
        public boolean restored() {
            return notChecked == null && down == null && notRestored.isEmpty() && upAgain == null && upAgainDiffers.isEmpty();
        }
    }

    /** How two reads of the catalog differ, in words (empty when they are the same): the migration stage says it, this stage reads it. */
    public interface CatalogComparison {
        List<String> differences(CatalogSnapshot was, CatalogSnapshot now);
    }

    /** The traced statements, and per undo what its down did. */
    public record Traced(List<TracedStatement> statements, List<Undone> undone) {
        public Traced {
            statements = List.copyOf(statements);
            undone = List.copyOf(undone);
        }
    }

    public List<TracedStatement> trace(List<Step> steps) throws SQLException {
        return trace(steps, List.of(), (a, b) -> List.of()).statements();
    }

    /**
     * The history traced; each undo's migration is, right after its last statement, also undone and
     * applied again in a transaction (a savepoint on --db) that is then rolled back, so the rest of
     * the history runs on the catalog the migration left whatever its down did.
     */
    public Traced trace(List<Step> steps, List<Undo> undos, CatalogComparison comparison) throws SQLException {
        Connection c = db.disposableConnection();
        c.rollback();
        List<TracedStatement> out = new ArrayList<>();
        List<Undone> undone = new ArrayList<>();
        UndoCheck check = new UndoCheck(this, c, commit, comparison);
        Map<Integer, CatalogSnapshot> before = new HashMap<>();
        Map<Integer, String> notApplied = new TreeMap<>();
        try {
            int retries = 0;
            for (int i = 0; i < steps.size(); i++) {
                for (int u = 0; u < undos.size(); u++) {
                    if (undos.get(u).from() == i && !before.containsKey(u)) {
                        before.put(u, check.snapshot());
                    }
                }
                Step step = steps.get(i);
                TracedStatement traced;
                if (plan.notSent().containsKey(i)) {
                    traced = TracedStatement.notTraced(i, plan.notSent().get(i));
                } else if (TRANSACTION_CONTROL.matcher(step.sql()).matches()) {
                    traced = TracedStatement.notTraced(i, "transaction control is not sent: the trace decides the transactions");
                } else {
                    if (!commit) {
                        execute(c, "SAVEPOINT querylens_step");
                    }
                    try {
                        if (commit) {
                            traced = step.transactional() ? traceInTransaction(c, i, step) : traceOutsideTransaction(c, i, step.sql());
                            c.commit();
                        } else if (!step.transactional()) {
                            if (step.replayAs() != null) {
                                execute(c, step.replayAs());
                            }
                            traced = TracedStatement.notTraced(i, "cannot run inside a transaction block, and a trace on --db runs in"
                                    + " one transaction that is rolled back" + (step.replayAs() == null ? ""
                                    : "; the statements after it see it applied without CONCURRENTLY"));
                        } else {
                            traced = traceInTransaction(c, i, step);
                        }
                        if (!commit) {
                            execute(c, "RELEASE SAVEPOINT querylens_step");
                        }
                    } catch (SQLException e) {
                        if (c.isClosed() || e.getSQLState() != null && e.getSQLState().startsWith("08") && !c.isValid(5)) {
                            throw e;
                        }
                        if (commit) {
                            c.rollback();
                        } else {
                            execute(c, "ROLLBACK TO SAVEPOINT querylens_step");
                        }
                        java.util.regex.Matcher role = ROLE_MISSING.matcher(DatabaseUnavailable.firstLine(e.getMessage()));
                        if ("42704".equals(e.getSQLState()) && role.find() && retries < 50 && missingRole.test(role.group(1))) {
                            retries++;
                            i--; // the role exists now: the same statement again
                            continue;
                        }
                        String message = message(e);
                        String needs = needsMore(e, message);
                        traced = needs != null ? TracedStatement.notTraced(i, needs) : TracedStatement.failed(i, message);
                        if (needs != null) {
                            notApplied.put(i, needs);
                        }
                    }
                }
                out.add(traced);
                if (traced.error() != null) {
                    break;
                }
                for (int u = 0; u < undos.size(); u++) {
                    Undo undo = undos.get(u);
                    if (undo.to() == i + 1 && before.containsKey(u)) {
                        String skipped = notApplied.entrySet().stream().filter(e -> e.getKey() >= undo.from() && e.getKey() < undo.to())
                                .map(Map.Entry::getValue).findFirst().orElse(null);
                        undone.add(skipped != null ? Undone.notChecked(u, "a statement of the up file was not applied: " + skipped)
                                : check.run(u, undo, steps, before.remove(u)));
                    }
                }
            }
        } finally {
            if (!c.isClosed()) {
                c.rollback();
            }
        }
        return new Traced(out, undone);
    }

    /** The server's message, masked over the whole text before it is cut to one line: a value can hold a newline. */
    String message(SQLException e) {
        return ServerMessages.normalized(db.settings().redact(e.getMessage()));
    }

    /** The server's version, for the catalog reads of {@link UndoCheck}. */
    int serverVersion() {
        return db.serverVersion();
    }

    /** Steps the sandbox's setup took over (not sent). */
    boolean notSent(int index) {
        return plan.notSent().containsKey(index);
    }

    static boolean transactionControl(String sql) {
        return TRANSACTION_CONTROL.matcher(sql).matches();
    }

    /**
     * Why a failed statement needs more than the sandbox has, or null when it failed for a reason of
     * its own (the trace stops there, as the deploy would). Permission errors (42501), a refused
     * connection to elsewhere (dblink: 2F003, 08001 on a session that still works), and a missing
     * function while an extension was refused for the sandbox, are the sandbox's doing: the
     * statement is not traced, and the trace goes on.
     */
    String needsMore(SQLException e, String message) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String why = switch (state) {
            case "42501" -> "needs rights the trace's role does not have: ";
            case "2F003", "08001", "08004" -> "reaches outside the traced database, which the trace's role may not: ";
            case "42883", "42704", "3F000" -> plan.refused().isEmpty() ? null
                    : "needs what the trace did not create (extension " + String.join(", ", plan.refused()) + "): ";
            default -> null;
        };
        return why == null ? null : why + message;
    }

    private TracedStatement traceInTransaction(Connection c, int index, Step step) throws SQLException {
        Map<Long, Relation> before = relations(c);
        List<long[]> heldBefore = commit ? List.of() : heldLocks(c, "pid = pg_backend_pid()");
        long start = System.nanoTime();
        execute(c, step.sql());
        double ms = (System.nanoTime() - start) / 1e6;
        List<long[]> held = new ArrayList<>(heldLocks(c, "pid = pg_backend_pid()"));
        held.removeIf(l -> heldBefore.stream().anyMatch(b -> b[0] == l[0] && b[1] == l[1]));
        Map<String, List<String>> already = tableLocks(before, heldBefore);
        already.keySet().removeIf(table -> step.tables().stream().noneMatch(named -> sameTable(table, named)));
        return new TracedStatement(index, tableLocks(before, held), rewritten(before, relations(c)), ms, null, null, already);
    }

    /** A qualified name from the catalog and a name as the migration wrote it (maybe bare, maybe quoted). */
    private static boolean sameTable(String qualified, String written) {
        String bare = written.replace("\"", "");
        return qualified.equals(bare) || qualified.endsWith("." + bare);
    }

    /**
     * A statement that cannot run in a transaction, on the throwaway server: run in autocommit while
     * the observer's open snapshot holds it at its wait for older snapshots; the observer reads the
     * locks it holds there, then lets it finish. Its duration includes that wait.
     */
    private TracedStatement traceOutsideTransaction(Connection c, int index, String sql) throws SQLException {
        Map<Long, Relation> before = relations(c);
        int pid;
        try (Statement s = UserDatabase.statement(c); ResultSet rs = s.executeQuery(MARK + "SELECT pg_backend_pid()")) {
            rs.next();
            pid = rs.getInt(1);
        }
        c.rollback();
        Connection watch = observer.disposableConnection();
        watch.rollback();
        watch.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        Map<String, List<String>> locks = new TreeMap<>();
        long start;
        CompletableFuture<Void> run;
        try {
            heldLocks(watch, "pid = " + pid);
            c.setAutoCommit(true);
            start = System.nanoTime();
            run = CompletableFuture.runAsync(() -> {
                try {
                    execute(c, sql);
                } catch (SQLException e) {
                    throw new java.util.concurrent.CompletionException(e);
                }
            });
            long deadline = System.currentTimeMillis() + OBSERVE_MS;
            while (!run.isDone() && System.currentTimeMillis() < deadline) {
                if (waiting(watch, pid)) {
                    locks = tableLocks(before, heldLocks(watch, "pid = " + pid));
                    break;
                }
                sleep();
            }
        } finally {
            watch.rollback();
            watch.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
        }
        try {
            run.get(UserDatabase.QUERY_TIMEOUT_S, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof SQLException q ? q : new SQLException(e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new SQLException("the statement did not finish", "57014");
        } finally {
            c.setAutoCommit(false);
        }
        double ms = (System.nanoTime() - start) / 1e6;
        Map<Long, Relation> after = relations(c);
        return new TracedStatement(index, locks, rewritten(before, after), ms, null,
                locks.isEmpty() ? "ran outside a transaction and finished before its locks could be read" : null, Map.of());
    }

    private static boolean waiting(Connection watch, int pid) throws SQLException {
        try (PreparedStatement s = watch.prepareStatement(MARK + "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE pid = ? AND NOT granted)")) {
            s.setQueryTimeout(UserDatabase.QUERY_TIMEOUT_S);
            s.setInt(1, pid);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = UserDatabase.statement(c)) {
            s.execute(MARK + sql);
        }
    }

    /** A user table, materialized view or index: its qualified name, relfilenode and whether it is a table. */
    private record Relation(String name, long filenode, boolean table) {
    }

    private static Map<Long, Relation> relations(Connection c) throws SQLException {
        Map<Long, Relation> out = new HashMap<>();
        try (Statement s = UserDatabase.statement(c); ResultSet rs = s.executeQuery(MARK + "SELECT c.oid, n.nspname || '.' || c.relname,"
                + " c.relfilenode, c.relkind <> 'i' FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE c.relkind IN ('r', 'p', 'm', 'i') AND n.nspname NOT IN ('pg_catalog', 'information_schema')"
                + " AND n.nspname NOT LIKE 'pg_toast%'")) {
            while (rs.next()) {
                out.put(rs.getLong(1), new Relation(rs.getString(2), rs.getLong(3), rs.getBoolean(4)));
            }
        }
        return out;
    }

    /** The granted relation locks of the backend {@code who} selects, as oid and mode. */
    private static List<long[]> heldLocks(Connection c, String who) throws SQLException {
        List<long[]> out = new ArrayList<>();
        try (Statement s = UserDatabase.statement(c); ResultSet rs = s.executeQuery(MARK + "SELECT relation::bigint, mode FROM pg_locks"
                + " WHERE " + who + " AND granted AND relation IS NOT NULL")) {
            while (rs.next()) {
                out.add(new long[] {rs.getLong(1), MODES.indexOf(rs.getString(2))});
            }
        }
        return out;
    }

    private static final List<String> MODES = List.of("AccessShareLock", "RowShareLock", "RowExclusiveLock",
            "ShareUpdateExclusiveLock", "ShareLock", "ShareRowExclusiveLock", "ExclusiveLock", "AccessExclusiveLock");

    private static Map<String, List<String>> tableLocks(Map<Long, Relation> before, List<long[]> held) {
        Map<String, TreeSet<Integer>> modes = new TreeMap<>();
        for (long[] lock : held) {
            Relation r = before.get(lock[0]);
            if (r != null && r.table() && lock[1] >= 0) {
                modes.computeIfAbsent(r.name(), k -> new TreeSet<>()).add((int) lock[1]);
            }
        }
        Map<String, List<String>> out = new TreeMap<>();
        modes.forEach((table, m) -> out.put(table, m.stream().map(MODES::get).toList()));
        return out;
    }

    /** Relations with a new relfilenode, and those rebuilt under a new oid (the index of a column whose type changed). */
    private static List<String> rewritten(Map<Long, Relation> before, Map<Long, Relation> after) {
        List<String> out = new ArrayList<>();
        java.util.Set<String> namesAfter = new java.util.HashSet<>();
        after.values().forEach(r -> namesAfter.add(r.name()));
        before.forEach((oid, r) -> {
            Relation now = after.get(oid);
            if (now != null ? r.filenode() != 0 && now.filenode() != r.filenode() : namesAfter.contains(r.name())) {
                out.add(r.name());
            }
        });
        out.sort(null);
        return out;
    }
}
