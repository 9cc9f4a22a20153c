package dev.querylens.schema;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The facts the security rules read besides tables, as comparable lines (see {@link CatalogFacts}):
 * functions and procedures (input types, SECURITY DEFINER, whether they set search_path, language,
 * who holds EXECUTE, which API client roles may execute them), views' security_invoker, and
 * extensions with their schema, from pg_catalog and from QueryLens's {@link Catalog}. Argument
 * types QueryLens keeps as written are spelled by the server (format_type(to_regtype(...))).
 */
final class SecurityFacts {
    private static final String ROUTINES = """
            SELECT n.nspname || '.' || p.proname, p.prokind,
              array_to_string(array(SELECT format_type(a.t, NULL) FROM unnest(p.proargtypes::oid[]) WITH ORDINALITY a(t, o) ORDER BY a.o), ', '),
              p.prosecdef, EXISTS (SELECT 1 FROM unnest(p.proconfig) c WHERE c LIKE 'search_path=%'), l.lanname,
              array_to_string(array(SELECT DISTINCT CASE WHEN x.grantee = 0 THEN 'public' ELSE pg_get_userbyid(x.grantee)::text END
                FROM aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) x
                WHERE x.privilege_type = 'EXECUTE' AND x.grantee <> p.proowner ORDER BY 1), ','),
              array_to_string(array(SELECT r.rolname FROM pg_roles r WHERE r.rolname IN ('anon', 'authenticated')
                AND has_function_privilege(r.oid, p.oid, 'EXECUTE') ORDER BY 1), ','),
              p.prorettype IN ('trigger'::regtype, 'event_trigger'::regtype)
            FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace JOIN pg_language l ON l.oid = p.prolang
            WHERE p.prokind IN ('f', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'
              AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype IN ('e', 'i'))
            """;

    private SecurityFacts() {
    }

    static TreeSet<String> ofServer(Connection db) throws SQLException {
        TreeSet<String> facts = new TreeSet<>();
        try (Statement s = db.createStatement()) {
            try (ResultSet r = s.executeQuery(ROUTINES)) {
                while (r.next()) {
                    String head = r.getString(1) + " " + ("p".equals(r.getString(2)) ? "procedure" : "function") + " (" + r.getString(3) + ")";
                    facts.add(head + (r.getBoolean(4) ? " definer" : " invoker") + (r.getBoolean(5) ? " sets" : " no") + " search_path, "
                            + r.getString(6) + (r.getBoolean(9) ? ", trigger" : ""));
                    facts.add(head + " EXECUTE to [" + r.getString(7) + "]");
                    facts.add(head + " client roles [" + r.getString(8) + "]");
                }
            }
            try (ResultSet r = s.executeQuery("SELECT n.nspname || '.' || c.relname, coalesce(c.reloptions::text[], '{}') FROM pg_class c"
                    + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'v'"
                    + " AND n.nspname NOT IN ('pg_catalog', 'information_schema')"
                    + " AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')")) {
                while (r.next()) {
                    boolean invoker = List.of((String[]) r.getArray(2).getArray()).stream()
                            .anyMatch(o -> o.matches("(?i)security_invoker=(true|on|yes|1)"));
                    facts.add(r.getString(1) + " view security_invoker " + invoker);
                }
            }
            // plpgsql is in every database before any migration runs
            try (ResultSet r = s.executeQuery("SELECT e.extname, n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace"
                    + " WHERE e.extname <> 'plpgsql'")) {
                while (r.next()) {
                    facts.add(r.getString(1) + " extension in " + r.getString(2));
                }
            }
        }
        return facts;
    }

    static TreeSet<String> ofReader(Catalog catalog, Connection db) throws SQLException {
        TreeSet<String> facts = new TreeSet<>();
        Set<String> clientRoles = new TreeSet<>();
        try (Statement s = db.createStatement(); ResultSet r = s.executeQuery("SELECT rolname FROM pg_roles WHERE rolname IN ('anon', 'authenticated')")) {
            while (r.next()) {
                clientRoles.add(r.getString(1));
            }
        }
        String self = db.getMetaData().getUserName();
        for (Routine f : catalog.routines()) {
            List<String> types = new ArrayList<>();
            for (String t : f.argumentTypes()) {
                types.add(serverType(db, t));
            }
            String head = f.schema() + "." + f.name() + " " + (f.procedure() ? "procedure" : "function") + " (" + String.join(", ", types) + ")";
            facts.add(head + (f.securityDefiner() ? " definer" : " invoker") + (f.searchPath() != null ? " sets" : " no") + " search_path, "
                    + (f.language() == null ? "sql" : f.language()) + (f.trigger() ? ", trigger" : ""));
            TreeSet<String> grantees = new TreeSet<>(f.grantees());
            grantees.remove(self); // the owner: the test's own role runs the migrations
            facts.add(head + " EXECUTE to [" + String.join(",", grantees) + "]");
            facts.add(head + " client roles [" + String.join(",", clientRoles.stream().filter(f::executableBy).toList()) + "]");
        }
        for (View v : catalog.views()) {
            facts.add(v.qualifiedName() + " view security_invoker " + v.securityInvoker());
        }
        for (Extension e : catalog.extensions()) {
            if (!e.name().equals("plpgsql")) {
                facts.add(e.name() + " extension in " + e.schema());
            }
        }
        return facts;
    }

    private static String serverType(Connection db, String written) throws SQLException {
        try (PreparedStatement p = db.prepareStatement("SELECT format_type(to_regtype(?), NULL)")) {
            p.setString(1, written);
            try (ResultSet r = p.executeQuery()) {
                r.next();
                return r.getString(1) == null ? "<unknown type " + written + ">" : r.getString(1);
            }
        } catch (SQLException e) {
            return "<unreadable type " + written + ">";
        }
    }
}
