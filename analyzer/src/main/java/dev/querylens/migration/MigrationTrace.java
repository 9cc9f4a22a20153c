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
 */
public record MigrationTrace(String server, List<Entry> entries, List<String> notes) {
    public record Entry(TraceScript.Statement statement, TracedStatement traced) {
    }

    public MigrationTrace {
        entries = List.copyOf(entries);
        notes = List.copyOf(notes);
    }

    public static MigrationTrace none() {
        return new MigrationTrace(null, List.of(), List.of());
    }

    public static MigrationTrace of(String server, TraceScript script, List<TracedStatement> traced) {
        return of(server, script, traced, List.of());
    }

    private static MigrationTrace of(String server, TraceScript script, List<TracedStatement> traced, List<String> notes) {
        return new MigrationTrace(server, traced.stream().map(t -> new Entry(script.statements().get(t.index()), t)).toList(), notes);
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
            List<TracedStatement> traced;
            int version = admin.serverVersion();
            String role;
            List<String> notes;
            try (TraceSandbox sandbox = TraceSandbox.onDisposable(admin, plan)) {
                role = sandbox.role();
                notes = sandbox.notes();
                try (UserDatabase db = UserDatabase.open(sandbox.login(), UserDatabase.Access.DISPOSABLE)) {
                    sandbox.verify(db);
                    traced = MigrationTracer.rolledBack(db, plan).trace(steps);
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
                List<TracedStatement> traced = server.tracer(db, observer, plan, sandbox).trace(steps);
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
