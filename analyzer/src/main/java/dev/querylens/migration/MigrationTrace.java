package dev.querylens.migration;

import dev.querylens.collect.SourceLocation;
import dev.querylens.database.ConnectionSettings;
import dev.querylens.database.DatabaseUnavailable;
import dev.querylens.database.MigrationTracer;
import dev.querylens.database.SandboxPlan;
import dev.querylens.database.ThrowawayServer;
import dev.querylens.database.TraceSandbox;
import dev.querylens.database.TracedStatement;
import dev.querylens.database.UserDatabase;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a trace on a real PostgreSQL found, per migration statement, keyed by where the statement is
 * written, for the migration rules ({@link MigrationStep#trace()}) and the per-statement listing.
 *
 * @param server  which server traced it and its version ("the throwaway PostgreSQL 16.9", or the --db URL shown)
 * @param entries each traced statement of the script with what the trace saw, in order
 * @param notes   what the user must know besides: how far the trace could reach (the throwaway server had the host's
 *                network), roles of interrupted traces removed or left
 * @param undone  per migration whose down the trace applied (up, down, up again), where the migration starts and what it found
 */
public record MigrationTrace(String server, List<Entry> entries, List<String> notes, List<Undone> undone) {
    public record Entry(TraceScript.Statement statement, TracedStatement traced) {
    }

    /** A migration's first statement (where, and as written), and what applying it, its down, and it again did. */
    public record Undone(SourceLocation migration, String sql, MigrationRollback rollback) {
    }

    public MigrationTrace {
        entries = List.copyOf(entries);
        notes = List.copyOf(notes);
        undone = List.copyOf(undone);
    }

    public MigrationTrace(String server, List<Entry> entries, List<String> notes) {
        this(server, entries, notes, List.of());
    }

    public static MigrationTrace none() {
        return new MigrationTrace(null, List.of(), List.of());
    }

    public static MigrationTrace of(String server, TraceScript script, List<TracedStatement> traced) {
        return of(server, script, new MigrationTracer.Traced(traced, List.of()), List.of());
    }

    private static MigrationTrace of(String server, TraceScript script, MigrationTracer.Traced traced, List<String> notes) {
        List<Undone> undone = new ArrayList<>();
        for (MigrationTracer.Undone u : traced.undone()) {
            TraceScript.Undo undo = script.undos().get(u.undo());
            MigrationRollback found = new MigrationRollback(undo.at(), undo.down().size(),
                    undo.down().isEmpty() ? java.util.Set.of() : undo.down().get(0).suppressed(),
                    u.down() == null ? null : undo.down().get(u.down().statement()), u.down() == null ? null : u.down().message(),
                    u.notRestored(), u.upAgain() == null ? null : script.statements().get(u.upAgain().statement()),
                    u.upAgain() == null ? null : u.upAgain().message(), u.upAgainDiffers(), u.notChecked(), server, undo.migrator());
            TraceScript.Statement first = script.statements().get(undo.from());
            undone.add(new Undone(first.at(), first.sql(), found));
        }
        return new MigrationTrace(server, traced.statements().stream().map(t -> new Entry(script.statements().get(t.index()), t)).toList(),
                notes, undone);
    }

    /**
     * Traced on a database the user marked disposable: one transaction, rolled back at the end, in a
     * session of a {@link TraceSandbox} role that the database's objects are lent to for the trace.
     * {@code allowed} are the extensions the user allows the sandbox although they reach outside the database.
     */
    public static MigrationTrace onDisposable(ConnectionSettings settings, TraceScript script, Set<String> allowed)
            throws DatabaseUnavailable, SQLException {
        List<MigrationTracer.Step> steps = script.steps();
        try (UserDatabase admin = UserDatabase.open(settings, UserDatabase.Access.DISPOSABLE)) {
            SandboxPlan plan = SandboxPlan.of(steps, allowed, admin);
            MigrationTracer.Traced traced;
            int version = admin.serverVersion();
            String role;
            List<String> notes;
            try (TraceSandbox sandbox = TraceSandbox.onDisposable(admin, plan)) {
                role = sandbox.role();
                notes = sandbox.notes();
                try (UserDatabase db = UserDatabase.open(sandbox.login(), UserDatabase.Access.DISPOSABLE)) {
                    sandbox.verify(db);
                    traced = MigrationTracer.rolledBack(db, plan).trace(steps, script.undoSteps(), CatalogDifferences::between);
                }
            }
            return of(settings.shown() + " (PostgreSQL " + version(version) + "), as a role of its own (" + role
                    + "), in one transaction rolled back at the end", script, traced, notes);
        }
    }

    /** Traced on a PostgreSQL started for it and removed afterwards, each statement committed, as a role of its own in a database it owns. */
    public static MigrationTrace onThrowawayServer(TraceScript script, Set<String> allowed) throws DatabaseUnavailable, SQLException {
        List<MigrationTracer.Step> steps = script.steps();
        try (ThrowawayServer server = ThrowawayServer.start();
             UserDatabase admin = UserDatabase.open(server.superuserSettings(), UserDatabase.Access.DISPOSABLE)) {
            SandboxPlan plan = SandboxPlan.of(steps, allowed, admin);
            try (TraceSandbox sandbox = server.sandbox(admin, "trace", plan);
                 UserDatabase db = UserDatabase.open(sandbox.login(), UserDatabase.Access.DISPOSABLE);
                 UserDatabase observer = UserDatabase.open(sandbox.login(), UserDatabase.Access.DISPOSABLE)) {
                sandbox.verify(db);
                MigrationTracer.Traced traced = server.tracer(db, observer, plan, sandbox)
                        .trace(steps, script.undoSteps(), CatalogDifferences::between);
                String network = server.networkAccess();
                return of("a throwaway PostgreSQL " + version(db.serverVersion()) + " (embedded, run by OS user " + server.serverUser()
                        + (network == null ? ", with no network" : ", in this machine's network")
                        + "; your server's version may lock differently), as a role of its own, each statement committed", script, traced,
                        network == null ? List.of() : List.of("warning: the throwaway PostgreSQL had network access (" + network
                                + "): a migration could connect from it to other hosts and to services on this machine; with util-linux's"
                                + " unshare, as root or where the kernel allows user namespaces, the trace has no network (docs/safety.md)"));
            }
        }
    }

    private static String version(int v) {
        return (v / 10000) + "." + (v % 100);
    }

    /**
     * The steps with what the trace saw of their statement attached, to the first operation of each
     * statement (one finding per statement), without the locks on tables created earlier in the same
     * file: as for every migration rule, nobody else uses those yet.
     */
    public List<MigrationStep> attach(List<MigrationStep> steps) {
        if (entries.isEmpty()) {
            return steps;
        }
        Map<SourceLocation, TracedStatement> at = new HashMap<>();
        entries.forEach(e -> at.put(e.statement().at(), e.traced()));
        Map<String, Set<String>> createdInFile = new HashMap<>();
        Set<SourceLocation> attached = new HashSet<>();
        List<MigrationStep> out = new ArrayList<>();
        for (MigrationStep s : steps) {
            Set<String> created = createdInFile.computeIfAbsent(s.at().file(), f -> new HashSet<>());
            TracedStatement t = at.get(s.at());
            out.add(t != null && attached.add(s.at()) ? s.withTrace(withoutTables(t, created), server) : s);
            if (s.op().kind() == Operation.Kind.CREATE_TABLE && s.op().table() != null) {
                created.add(Operation.bare(s.op().table()).toLowerCase(Locale.ROOT));
            }
        }
        return withRollbacks(out);
    }

    /**
     * Each rollback on the first step of its migration (the first at or after the migration's first
     * traced statement in its file); a migration none of whose statements is a step (CREATE TYPE,
     * CREATE FUNCTION only) gets a step of its own, of kind OTHER, for it.
     */
    private List<MigrationStep> withRollbacks(List<MigrationStep> steps) {
        List<MigrationStep> out = new ArrayList<>(steps);
        dev.querylens.sql.Fingerprinter fingerprinter = null;
        for (Undone u : undone) {
            int first = -1;
            for (int i = 0; i < out.size() && first < 0; i++) {
                SourceLocation s = out.get(i).at();
                if (s.file().equals(u.migration().file()) && s.line() >= u.migration().line()) {
                    first = i;
                }
            }
            if (first >= 0) {
                out.set(first, out.get(first).withRollback(u.rollback()));
                continue;
            }
            fingerprinter = fingerprinter == null ? new dev.querylens.sql.Fingerprinter() : fingerprinter;
            Migrator m = u.rollback().migrator();
            out.add(new MigrationStep(u.migration(), u.sql(), fingerprinter.normalize(u.sql()), Set.of(), Operation.of(Operation.Kind.OTHER, null),
                    false, false, m, m.transaction(), 0, false, false, null, false, false, Set.of(), false).withRollback(u.rollback()));
        }
        return out;
    }

    private static TracedStatement withoutTables(TracedStatement t, Set<String> created) {
        Map<String, List<String>> locks = new TreeMap<>(t.locks());
        locks.keySet().removeIf(q -> created.contains(q.substring(q.indexOf('.') + 1).toLowerCase(Locale.ROOT)));
        List<String> rewritten = t.rewritten().stream().filter(q -> !created.contains(q.substring(q.indexOf('.') + 1).toLowerCase(Locale.ROOT)))
                .toList();
        return new TracedStatement(t.index(), locks, rewritten, t.durationMs(), t.error(), t.notTraced(), t.alreadyHeld());
    }
}
