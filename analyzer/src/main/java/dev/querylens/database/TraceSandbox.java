package dev.querylens.database;

import dev.querylens.sql.Quote;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.postgresql.util.PasswordUtil;

/**
 * The role a migration trace runs as, so that migration text (and --trace-setup files) can change
 * the database being traced and nothing else. QueryLens creates it for one trace and drops it
 * afterwards (also on Ctrl-C):
 * <ul>
 * <li>a LOGIN role of its own with a random name and a random password (only its SCRAM verifier is
 *     sent, so not even the server's log holds the password), NOSUPERUSER NOCREATEDB NOCREATEROLE
 *     NOREPLICATION NOBYPASSRLS NOINHERIT and no membership in any role: no COPY TO/FROM PROGRAM or
 *     files, no pg_read_file, no signals to other roles' sessions, no other database's data;</li>
 * <li>the trace is a separate login session as that role, never SET ROLE in a privileged session
 *     (RESET ROLE would undo it), and {@link #verify} checks what the session really holds before
 *     the first statement is sent;</li>
 * <li>it owns what it traces: on the throwaway server a database created for it; on a disposable
 *     --db the schemas, tables, views, sequences, functions and types of that database are lent to
 *     it (ALTER ... OWNER TO, committed) and given back to their owners afterwards, so a SECURITY
 *     DEFINER function there runs as the sandbox too;</li>
 * <li>extensions the history creates that the role may not create itself are created first, by the
 *     privileged session, before the sandbox has run anything (so no object of the sandbox's can be
 *     in their way): {@link SandboxPlan} says which, and refuses those that reach outside the database.</li>
 * </ul>
 */
public final class TraceSandbox implements AutoCloseable {
    /** The rights a sandbox must not hold: each would let migration text reach outside the traced database. */
    static final List<String> FORBIDDEN_ROLES = List.of("pg_execute_server_program", "pg_read_server_files", "pg_write_server_files",
            "pg_signal_backend");

    private final UserDatabase admin;
    private final String role;
    private final String password;
    private final String database;
    private final List<String[]> lent = new ArrayList<>();
    private final List<String> createdExtensions = new ArrayList<>();
    private final List<String> createdSchemas = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final Thread onInterrupt;
    private final boolean ownServer;
    private boolean closed;

    private TraceSandbox(UserDatabase admin, String role, String password, String database, boolean ownServer) {
        this.ownServer = ownServer;
        this.admin = admin;
        this.role = role;
        this.password = password;
        this.database = database;
        this.onInterrupt = new Thread(this::closeQuietly, "querylens-trace-sandbox-cleanup");
    }

    public String role() {
        return role;
    }

    /** What the user should know about the sandbox's setup: roles left by interrupted traces that it removed, or could not. */
    public List<String> notes() {
        return List.copyOf(notes);
    }

    /**
     * Writes what this sandbox must undo into a setting of its role ({@value StaleTraceRoles#SETTING}),
     * in the privileged session's transaction, so that a trace killed before it could undo it (kill
     * -9) leaves a role the next trace can identify and undo: which session created it (its end means
     * the trace is over), the database, the objects lent with their owners, and what was created.
     * Only a superuser may set a custom setting on a role, so no other role can forge one.
     */
    private void record(Connection c) throws SQLException {
        record(c, role, database, lent, createdExtensions, createdSchemas);
    }

    private static void record(Connection c, String role, String database, List<String[]> lent, List<String> extensions, List<String> schemas)
            throws SQLException {
        String creator;
        try (Statement s = UserDatabase.statement(c); ResultSet rs = s.executeQuery(UserDatabase.MARK
                + "SELECT pid || ':' || extract(epoch FROM backend_start) FROM pg_stat_activity WHERE pid = pg_backend_pid()")) {
            if (!rs.next()) {
                throw new SQLException("cannot read this session's own start time");
            }
            creator = rs.getString(1);
        }
        String json = StaleTraceRoles.record(creator, database, lent, extensions, schemas);
        run(c, "ALTER ROLE " + Quote.ident(role) + " SET " + StaleTraceRoles.SETTING + " = " + Quote.literal(json));
    }

    /**
     * A sandbox on a user's database marked disposable: the role, the extensions the history needs,
     * then the database's objects lent to the role. {@code admin} is the user's session there, and
     * must be a superuser's (no other role can lend another role's objects).
     */
    public static TraceSandbox onDisposable(UserDatabase admin, SandboxPlan extensions) throws DatabaseUnavailable {
        TraceSandbox sandbox = create(admin, admin.settings().database(), false);
        try {
            Connection c = admin.disposableConnection();
            sandbox.createExtensions(c, extensions);
            sandbox.lendOwnership(c);
            run(c, "GRANT CONNECT, CREATE, TEMPORARY ON DATABASE " + Quote.ident(sandbox.database) + " TO " + Quote.ident(sandbox.role));
            // committed with what it records: a trace killed from here on leaves a role the next trace can undo
            sandbox.record(c);
            c.commit();
            return sandbox;
        } catch (SQLException e) {
            sandbox.closeQuietly();
            throw new DatabaseUnavailable("cannot prepare the trace's sandbox on " + admin.settings().shown() + ": "
                    + ServerMessages.normalized(admin.settings().redact(DatabaseUnavailable.firstLine(e.getMessage()))));
        }
    }

    /**
     * A sandbox on the throwaway server: the role, a database {@code database} it owns (marked
     * disposable), the roles the history creates as plain NOLOGIN roles, and the extensions it needs.
     * {@code admin} is the server's superuser in its postgres database.
     */
    static TraceSandbox onThrowaway(ThrowawayServer server, UserDatabase admin, String database, SandboxPlan extensions)
            throws DatabaseUnavailable {
        TraceSandbox sandbox = create(admin, database, true);
        try {
            Connection c = admin.disposableConnection();
            c.setAutoCommit(true);
            try {
                run(c, "CREATE DATABASE " + Quote.ident(database) + " OWNER " + Quote.ident(sandbox.role));
                run(c, "COMMENT ON DATABASE " + Quote.ident(database) + " IS " + Quote.literal(UserDatabase.DISPOSABLE_MARK));
                for (String name : extensions.roles()) {
                    if (!exists(c, "SELECT 1 FROM pg_roles WHERE rolname = ?", name) && !name.startsWith("pg_")) {
                        run(c, "CREATE ROLE " + Quote.ident(name) + " NOLOGIN NOINHERIT");
                    }
                }
            } finally {
                c.setAutoCommit(false);
            }
            try (UserDatabase inTrace = UserDatabase.open(server.superuser(database), UserDatabase.Access.DISPOSABLE)) {
                Connection t = inTrace.disposableConnection();
                sandbox.createExtensions(t, extensions);
                t.commit();
            }
            return sandbox;
        } catch (SQLException | RuntimeException e) {
            throw new DatabaseUnavailable("cannot prepare the trace's sandbox: " + DatabaseUnavailable.firstLine(e.getMessage()));
        }
    }

    /**
     * On the throwaway server only: a role a statement names that does not exist, created as a plain
     * NOLOGIN role (no attributes, no memberships), so that GRANT ... TO it and policies for it trace
     * where the history creates its roles in ways no statement shows (EXECUTE 'CREATE ROLE ' || name).
     * False on a user's server, for a reserved name, or where it cannot be created.
     */
    boolean createMissingRole(String name) {
        if (!ownServer || name.isEmpty() || name.startsWith("pg_")) {
            return false;
        }
        try {
            Connection c = admin.disposableConnection();
            c.rollback();
            if (exists(c, "SELECT 1 FROM pg_roles WHERE rolname = ?", name)) {
                return false;
            }
            run(c, "CREATE ROLE " + Quote.ident(name) + " NOLOGIN NOINHERIT");
            c.commit();
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    private static TraceSandbox create(UserDatabase admin, String database, boolean ownServer) throws DatabaseUnavailable {
        List<String> notes = ownServer ? List.of() : StaleTraceRoles.remove(admin);
        byte[] id = new byte[8];
        new SecureRandom().nextBytes(id);
        String role = "querylens_trace_" + HexFormat.of().formatHex(id);
        String password = ThrowawayServer.random();
        try {
            Connection c = admin.disposableConnection();
            if (!exists(c, "SELECT 1 FROM pg_roles WHERE rolname = current_user AND rolsuper", null)) {
                throw new DatabaseUnavailable("--trace runs the migrations as a role it creates for them and lends it the objects of "
                        + admin.settings().shown() + ", which needs a superuser's session: connect to the disposable database as a superuser");
            }
            // the verifier, not the password: the password itself is never sent, so no log of the server's holds it
            run(c, "CREATE ROLE " + Quote.ident(role) + " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT NOREPLICATION NOBYPASSRLS"
                    + " CONNECTION LIMIT 4 PASSWORD " + Quote.literal(PasswordUtil.encodeScramSha256(password.toCharArray())));
            if (!ownServer) {
                record(c, role, database, List.of(), List.of(), List.of());
            }
            c.commit();
        } catch (SQLException e) {
            throw new DatabaseUnavailable("cannot create the trace's role: "
                    + ServerMessages.normalized(admin.settings().redact(DatabaseUnavailable.firstLine(e.getMessage()))));
        }
        TraceSandbox sandbox = new TraceSandbox(admin, role, password, database, ownServer);
        sandbox.notes.addAll(notes);
        Runtime.getRuntime().addShutdownHook(sandbox.onInterrupt);
        return sandbox;
    }

    /** The sandbox's own session settings: the admin session's server, the traced database, the role and its password. */
    public ConnectionSettings login() {
        ConnectionSettings a = admin.settings();
        return new ConnectionSettings(a.hosts(), database, role, password, a.params());
    }

    /**
     * What the sandbox's session really is, asked in that session before the first statement: not a
     * superuser nor any other privileged kind of role, and no member of a role in {@link #FORBIDDEN_ROLES}.
     */
    public void verify(UserDatabase session) throws DatabaseUnavailable {
        try (Statement s = UserDatabase.statement(session.disposableConnection()); ResultSet rs = s.executeQuery(UserDatabase.MARK
                + "SELECT session_user, r.rolsuper OR r.rolcreaterole OR r.rolcreatedb OR r.rolreplication OR r.rolbypassrls,"
                + " array(SELECT g.rolname FROM pg_roles g WHERE g.rolname IN ('" + String.join("', '", FORBIDDEN_ROLES) + "')"
                + " AND pg_has_role(session_user, g.oid, 'MEMBER'))::text FROM pg_roles r WHERE r.rolname = session_user")) {
            if (!rs.next() || !role.equals(rs.getString(1)) || rs.getBoolean(2) || !"{}".equals(rs.getString(3))) {
                throw new DatabaseUnavailable("the trace's role " + role + " holds more than it should; not tracing");
            }
            session.disposableConnection().rollback();
        } catch (SQLException e) {
            throw new DatabaseUnavailable("cannot check the trace's role: " + DatabaseUnavailable.firstLine(e.getMessage()));
        }
    }

    /** Extensions the history needs that the role may not create itself, created in the traced database before the sandbox runs. */
    private void createExtensions(Connection c, SandboxPlan plan) throws SQLException {
        for (SandboxPlan.Create e : plan.toCreate()) {
            if (exists(c, "SELECT 1 FROM pg_extension WHERE extname = ?", e.name())) {
                continue;
            }
            if (e.schema() != null && !exists(c, "SELECT 1 FROM pg_namespace WHERE nspname = ?", e.schema())) {
                run(c, "CREATE SCHEMA " + Quote.ident(e.schema()));
                run(c, "GRANT USAGE, CREATE ON SCHEMA " + Quote.ident(e.schema()) + " TO " + Quote.ident(role));
                createdSchemas.add(e.schema());
            }
            List<String> before = extensions(c);
            run(c, "CREATE EXTENSION IF NOT EXISTS " + Quote.ident(e.name()) + (e.schema() == null ? "" : " SCHEMA " + Quote.ident(e.schema()))
                    + (e.cascade() ? " CASCADE" : ""));
            List<String> after = extensions(c);
            after.removeAll(before);
            createdExtensions.addAll(after);
            grantWrappers(c, after);
        }
    }

    /**
     * A foreign-data wrapper (postgres_fdw, file_fdw) of an extension created for the trace is of no
     * use to the role without USAGE, which CREATE SERVER needs: the user allowed the extension by
     * name, so the role gets it. It goes with the extension when the sandbox ends.
     */
    private void grantWrappers(Connection c, List<String> created) throws SQLException {
        List<String> wrappers = new ArrayList<>();
        for (String extension : created) {
            try (PreparedStatement s = c.prepareStatement(UserDatabase.MARK + "SELECT w.fdwname FROM pg_foreign_data_wrapper w"
                    + " JOIN pg_depend d ON d.classid = 'pg_foreign_data_wrapper'::regclass AND d.objid = w.oid AND d.deptype = 'e'"
                    + " JOIN pg_extension e ON e.oid = d.refobjid AND d.refclassid = 'pg_extension'::regclass WHERE e.extname = ?")) {
                s.setQueryTimeout(UserDatabase.QUERY_TIMEOUT_S);
                s.setString(1, extension);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        wrappers.add(rs.getString(1));
                    }
                }
            }
        }
        for (String w : wrappers) {
            run(c, "GRANT USAGE ON FOREIGN DATA WRAPPER " + Quote.ident(w) + " TO " + Quote.ident(role));
        }
    }

    private static List<String> extensions(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = UserDatabase.statement(c); ResultSet rs = s.executeQuery(UserDatabase.MARK + "SELECT extname FROM pg_extension")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    /**
     * Lends the disposable database's own objects (not those of extensions) to the role: what a
     * migration alters must be its own. Each is given back to its owner by {@link #close}.
     */
    private void lendOwnership(Connection c) throws SQLException {
        for (String[] o : LendableObjects.of(c)) {
            run(c, LendableObjects.alterOwner(o, role));
            lent.add(o);
        }
    }

    /**
     * Ends the sandbox: its sessions are ended, what was lent goes back to its owners, the extensions
     * and schemas created for it are dropped, and the role is dropped. On the throwaway server the
     * whole server goes anyway, so this is the --db case.
     */
    @Override
    public synchronized void close() throws DatabaseUnavailable {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Runtime.getRuntime().removeShutdownHook(onInterrupt);
        } catch (IllegalStateException shuttingDown) {
            // Ctrl-C: this is the hook
        }
        if (ownServer) {
            return; // the throwaway server goes with everything on it, the role included
        }
        List<String> failed = new ArrayList<>();
        try {
            Connection c = admin.disposableConnection();
            c.rollback();
            c.setAutoCommit(true);
            try {
                step(c, failed, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = " + Quote.literal(role));
                for (String[] o : reversed(lent)) {
                    step(c, failed, LendableObjects.alterOwner(o, o[4]));
                }
                for (String e : reversed(createdExtensions)) {
                    step(c, failed, "DROP EXTENSION IF EXISTS " + Quote.ident(e));
                }
                for (String s : createdSchemas) {
                    step(c, failed, "DROP SCHEMA IF EXISTS " + Quote.ident(s));
                }
                step(c, failed, "REVOKE ALL ON DATABASE " + Quote.ident(database) + " FROM " + Quote.ident(role));
                step(c, failed, "DROP ROLE IF EXISTS " + Quote.ident(role));
            } finally {
                c.setAutoCommit(false);
            }
        } catch (SQLException e) {
            failed.add(DatabaseUnavailable.firstLine(e.getMessage()));
        }
        if (!failed.isEmpty()) {
            throw new DatabaseUnavailable("the trace's sandbox was not fully removed (" + failed.get(0) + "); role " + role
                    + " may remain: see docs/safety.md for removing it by hand");
        }
    }

    private void closeQuietly() {
        try {
            close();
        } catch (DatabaseUnavailable ignored) {
            // Ctrl-C or a failed start: nothing more can be said than the error that got us here
        }
    }

    private static <T> List<T> reversed(List<T> list) {
        List<T> out = new ArrayList<>(list);
        java.util.Collections.reverse(out);
        return out;
    }

    private void step(Connection c, List<String> failed, String sql) {
        try {
            run(c, sql);
        } catch (SQLException e) {
            failed.add(ServerMessages.normalized(admin.settings().redact(DatabaseUnavailable.firstLine(e.getMessage()))));
        }
    }

    static void run(Connection c, String sql) throws SQLException {
        try (Statement s = UserDatabase.statement(c)) {
            s.execute(UserDatabase.MARK + sql);
        }
    }

    private static boolean exists(Connection c, String query, String arg) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(UserDatabase.MARK + query)) {
            s.setQueryTimeout(UserDatabase.QUERY_TIMEOUT_S);
            if (arg != null) {
                s.setString(1, arg);
            }
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }
}
