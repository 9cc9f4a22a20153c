package dev.querylens.migration;

import dev.querylens.collect.SourceLocation;
import dev.querylens.database.ConnectionSettings;
import dev.querylens.database.DatabaseUnavailable;
import dev.querylens.database.MigrationTracer;
import dev.querylens.database.ThrowawayServer;
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
 */
public record MigrationTrace(String server, List<Entry> entries) {
    public record Entry(TraceScript.Statement statement, TracedStatement traced) {
    }

    public MigrationTrace {
        entries = List.copyOf(entries);
    }

    public static MigrationTrace none() {
        return new MigrationTrace(null, List.of());
    }

    public static MigrationTrace of(String server, TraceScript script, List<TracedStatement> traced) {
        return new MigrationTrace(server, traced.stream().map(t -> new Entry(script.statements().get(t.index()), t)).toList());
    }

    /** Traced on a database the user marked disposable: one transaction, rolled back at the end. */
    public static MigrationTrace onDisposable(ConnectionSettings settings, TraceScript script) throws DatabaseUnavailable, SQLException {
        try (UserDatabase db = UserDatabase.open(settings, UserDatabase.Access.DISPOSABLE)) {
            List<TracedStatement> traced = MigrationTracer.rolledBack(db).trace(script.steps());
            return of(settings.shown() + " (PostgreSQL " + version(db) + "), in one transaction rolled back at the end", script, traced);
        }
    }

    /** Traced on a PostgreSQL started for it and removed afterwards, each statement committed. */
    public static MigrationTrace onThrowawayServer(TraceScript script) throws DatabaseUnavailable, SQLException {
        try (ThrowawayServer server = ThrowawayServer.start();
             UserDatabase db = UserDatabase.open(server.settings(), UserDatabase.Access.DISPOSABLE);
             UserDatabase observer = UserDatabase.open(server.settings(), UserDatabase.Access.DISPOSABLE)) {
            List<TracedStatement> traced = server.tracer(db, observer).trace(script.steps());
            return of("a throwaway PostgreSQL " + version(db) + " (embedded; your server's version may lock differently),"
                    + " each statement committed", script, traced);
        }
    }

    private static String version(UserDatabase db) {
        int v = db.serverVersion();
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
