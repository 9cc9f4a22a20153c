package dev.querylens.database;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What must exist before a migration history runs in a {@link TraceSandbox}, read from the
 * history's own CREATE EXTENSION and CREATE ROLE statements: the sandbox role may create only
 * trusted extensions, and no roles.
 * <ul>
 * <li>An extension the server marks trusted is left to the history, as the role may create it.</li>
 * <li>One that reaches outside the database ({@link #REACHING_OUT}: other databases and servers,
 *     files, untrusted languages) is not created unless the user allows it by name; its statement is
 *     reported as not traced, and so is a later statement that fails because it is missing.</li>
 * <li>Any other extension the server has is created first by the privileged session, and its
 *     statement is not sent.</li>
 * <li>Roles the history creates become plain NOLOGIN roles on the throwaway server (so GRANT ...
 *     TO them and policies for them trace), without the attributes or memberships the history asks for.</li>
 * </ul>
 * QueryLens writes those statements itself from the names (quoted), never the history's text.
 *
 * @param notSent  step index to why it is not sent to the sandbox
 * @param refused  the extensions not created for the sandbox
 */
public record SandboxPlan(List<Create> toCreate, List<String> roles, Map<Integer, String> notSent, Set<String> refused) {
    /** An extension to create first, in {@code schema} (null: the default), with its dependencies when the history says CASCADE. */
    public record Create(String name, String schema, boolean cascade) {
    }

    /** Extensions a sandbox never gets unless the user allows each by name: each reaches outside the database. */
    public static final Set<String> REACHING_OUT = Set.of("dblink", "postgres_fdw", "file_fdw", "adminpack", "pg_cron", "pg_net", "http",
            "plperlu", "plpython3u", "plpythonu", "plpython2u", "pltclu");

    private static final String NAME = "(\"(?:[^\"]|\"\")+\"|[\\p{L}_][\\p{L}\\p{N}_$]*)";
    private static final Pattern EXTENSION = Pattern.compile("(?is)^\\s*create\\s+extension\\s+(?:if\\s+not\\s+exists\\s+)?" + NAME + "(.*)$");
    private static final Pattern SCHEMA = Pattern.compile("(?is)\\bschema\\s+" + NAME);
    private static final Pattern ROLE = Pattern.compile("(?is)\\bcreate\\s+(?:role|user|group)\\s+(?:if\\s+not\\s+exists\\s+)?" + NAME);

    public SandboxPlan {
        toCreate = List.copyOf(toCreate);
        roles = List.copyOf(roles);
        notSent = Map.copyOf(notSent);
        refused = Set.copyOf(refused);
    }

    /** The plan for these statements; {@code admin} (a privileged session on the server) says which extensions it has and trusts. */
    public static SandboxPlan of(List<MigrationTracer.Step> steps, Set<String> allowed, UserDatabase admin) throws SQLException {
        List<Create> create = new ArrayList<>();
        Set<String> roles = new LinkedHashSet<>();
        Map<Integer, String> notSent = new TreeMap<>();
        Set<String> refused = new LinkedHashSet<>();
        Connection c = admin.disposableConnection();
        try {
            for (int i = 0; i < steps.size(); i++) {
                String sql = steps.get(i).sql();
                Matcher r = ROLE.matcher(sql);
                while (r.find()) {
                    roles.add(name(r.group(1)));
                }
                Matcher m = EXTENSION.matcher(sql);
                if (!m.matches()) {
                    continue;
                }
                String name = name(m.group(1));
                Matcher s = SCHEMA.matcher(m.group(2));
                String schema = s.find() ? name(s.group(1)) : null;
                boolean cascade = m.group(2).toLowerCase(Locale.ROOT).matches("(?s).*\\bcascade\\b.*");
                if (REACHING_OUT.contains(name) && !allowed.contains(name)) {
                    refused.add(name);
                    notSent.put(i, "extension " + name + " is not created for the trace: it reaches outside the database"
                            + " (--trace-allow-extension " + name + " allows it)");
                    continue;
                }
                Boolean trusted = trusted(c, name);
                if (trusted == null || trusted) {
                    continue; // not on this server (the history fails here as it would on deploy), or the role may create it
                }
                create.add(new Create(name, schema, cascade));
                notSent.put(i, "extension " + name + " was created before the trace by QueryLens's setup (the trace's role may"
                        + " not create it)");
            }
        } finally {
            c.rollback();
        }
        return new SandboxPlan(create, new ArrayList<>(roles), notSent, refused);
    }

    /** Whether the server has the extension and marks its default version trusted; null when it does not have it. */
    private static Boolean trusted(Connection c, String name) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(UserDatabase.MARK + "SELECT v.trusted FROM pg_available_extension_versions v"
                + " JOIN pg_available_extensions a ON a.name = v.name AND a.default_version = v.version WHERE v.name = ?")) {
            s.setQueryTimeout(UserDatabase.QUERY_TIMEOUT_S);
            s.setString(1, name);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getBoolean(1) : null;
            }
        }
    }

    /** An identifier as the server reads it: quoted kept as written, bare folded to lower case. */
    private static String name(String written) {
        return written.startsWith("\"") ? written.substring(1, written.length() - 1).replace("\"\"", "\"") : written.toLowerCase(Locale.ROOT);
    }
}
