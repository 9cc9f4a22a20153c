package dev.querylens.database;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.querylens.sql.Quote;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Roles left on a user's server by a trace that was killed before it could undo its sandbox
 * ({@code kill -9}, a lost machine): the next trace on that server removes them, as its own
 * {@link TraceSandbox#close} would have.
 *
 * <p>A role is taken as such only when all of this holds, so that no role of anyone else's, and no
 * trace still running, is touched: its name is {@code querylens_trace_} and 16 hex digits, it is no
 * superuser, it holds the record {@link TraceSandbox} wrote into its setting {@value #SETTING}
 * (a custom setting on a role can be written by a superuser alone, and the trace's own role cannot
 * change it: so a role someone else created with that name has none), and the session that created
 * it, named in the record by process id and start time, is no longer connected. Objects are given
 * back only to the owners the record names, and only those the stale role still owns.
 */
final class StaleTraceRoles {
    static final String SETTING = "querylens.trace_sandbox";
    private static final ObjectMapper JSON = new ObjectMapper();

    private StaleTraceRoles() {
    }

    /** The record of a sandbox: its creating session ({@code pid:start epoch}), database, lent objects, created extensions and schemas. */
    static String record(String creator, String database, List<String[]> lent, List<String> extensions, List<String> schemas) {
        ObjectNode r = JSON.createObjectNode();
        r.put("creator", creator);
        r.put("database", database);
        ArrayNode objects = r.putArray("lent");
        for (String[] o : lent) {
            ArrayNode a = objects.addArray();
            Arrays.stream(o).forEach(a::add);
        }
        extensions.forEach(r.putArray("extensions")::add);
        schemas.forEach(r.putArray("schemas")::add);
        return r.toString();
    }

    /**
     * Removes the stale roles of traces of the connected database, in the user's (superuser's)
     * session; returns one line per role removed or left, for the trace's listing. A stale role of
     * another database is left, and said: its objects are there.
     */
    static List<String> remove(UserDatabase admin) {
        List<String> notes = new ArrayList<>();
        try {
            Connection c = admin.disposableConnection();
            c.rollback();
            List<String[]> candidates = new ArrayList<>();
            try (Statement s = UserDatabase.statement(c); ResultSet rs = s.executeQuery(UserDatabase.MARK
                    + "SELECT r.rolname, substr(cfg, length('" + SETTING + "=') + 1), current_database() FROM pg_roles r, unnest(r.rolconfig) cfg"
                    + " WHERE r.rolname ~ '^querylens_trace_[0-9a-f]{16}$' AND NOT r.rolsuper AND cfg LIKE '" + SETTING + "=%' ORDER BY 1")) {
                while (rs.next()) {
                    candidates.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
                }
            }
            for (String[] candidate : candidates) {
                removeOne(c, candidate[0], candidate[1], candidate[2], admin.settings(), notes);
            }
            c.rollback();
        } catch (SQLException e) {
            notes.add("could not look for roles left by interrupted traces: "
                    + ServerMessages.normalized(admin.settings().redact(DatabaseUnavailable.firstLine(e.getMessage()))));
        }
        return notes;
    }

    private static void removeOne(Connection c, String role, String recordText, String current, ConnectionSettings settings, List<String> notes)
            throws SQLException {
        JsonNode record;
        try {
            record = JSON.readTree(recordText);
        } catch (IOException e) {
            return; // not a record QueryLens wrote
        }
        String creator = record.path("creator").asText("");
        int colon = creator.indexOf(':');
        if (colon <= 0 || !creator.substring(0, colon).matches("\\d{1,10}")) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement(UserDatabase.MARK
                + "SELECT 1 FROM pg_stat_activity WHERE pid = ? AND extract(epoch FROM backend_start)::text = ?")) {
            s.setQueryTimeout(UserDatabase.QUERY_TIMEOUT_S);
            s.setInt(1, Integer.parseInt(creator.substring(0, colon)));
            s.setString(2, creator.substring(colon + 1));
            try (ResultSet rs = s.executeQuery()) {
                if (rs.next()) {
                    return; // its trace is still running
                }
            }
        }
        String database = record.path("database").asText("");
        if (!database.equals(current)) {
            notes.add("role " + role + ", left by an interrupted trace of database " + database + ", remains: a trace there removes it"
                    + " (or see docs/safety.md)");
            return;
        }
        List<String[]> owned = new ArrayList<>();
        for (String[] o : LendableObjects.of(c)) {
            if (role.equals(o[4])) {
                owned.add(o);
            }
        }
        c.rollback();
        List<String> failed = new ArrayList<>();
        int given = 0;
        c.setAutoCommit(true);
        try {
            step(c, failed, settings, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = " + Quote.literal(role));
            for (JsonNode o : record.path("lent")) {
                String[] lent = new String[5];
                for (int i = 0; i < 5; i++) {
                    lent[i] = o.path(i).isNull() || o.path(i).isMissingNode() ? null : o.path(i).asText();
                }
                boolean stillLent = owned.stream().anyMatch(x -> java.util.Objects.equals(x[0], lent[0]) && java.util.Objects.equals(x[1], lent[1])
                        && java.util.Objects.equals(x[2], lent[2]) && java.util.Objects.equals(x[3], lent[3]));
                if (stillLent && lent[4] != null && step(c, failed, settings, LendableObjects.alterOwner(lent, lent[4]))) {
                    given++;
                }
            }
            List<String> extensions = new ArrayList<>();
            record.path("extensions").forEach(e -> extensions.add(e.asText()));
            java.util.Collections.reverse(extensions);
            for (String e : extensions) {
                step(c, failed, settings, "DROP EXTENSION IF EXISTS " + Quote.ident(e));
            }
            for (JsonNode schema : record.path("schemas")) {
                step(c, failed, settings, "DROP SCHEMA IF EXISTS " + Quote.ident(schema.asText()));
            }
            step(c, failed, settings, "REVOKE ALL ON DATABASE " + Quote.ident(database) + " FROM " + Quote.ident(role));
            step(c, failed, settings, "DROP ROLE IF EXISTS " + Quote.ident(role));
        } finally {
            c.setAutoCommit(false);
        }
        notes.add(failed.isEmpty()
                ? "removed role " + role + ", left by an interrupted trace, and gave its " + given + " lent objects back to their owners"
                : "could not fully remove role " + role + ", left by an interrupted trace (" + failed.get(0) + "): see docs/safety.md");
    }

    private static boolean step(Connection c, List<String> failed, ConnectionSettings settings, String sql) {
        try {
            TraceSandbox.run(c, sql);
            return true;
        } catch (SQLException e) {
            failed.add(ServerMessages.normalized(settings.redact(DatabaseUnavailable.firstLine(e.getMessage()))));
            return false;
        }
    }
}
