package dev.querylens.database;

import dev.querylens.database.CatalogRows.ColumnRow;
import dev.querylens.database.CatalogRows.ConstraintIndexRow;
import dev.querylens.database.CatalogRows.DistinctRow;
import dev.querylens.database.CatalogRows.ForeignKeyRow;
import dev.querylens.database.CatalogRows.PolicyRow;
import dev.querylens.database.CatalogRows.TableName;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** The catalog and statistics reads: fixed SELECTs on pg_catalog views and pg_stat_statements, nothing taken from the workload. */
final class CatalogQueries {
    private static final String USER_SCHEMAS = "n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')"
            + " AND n.nspname NOT LIKE 'pg_temp%' AND n.nspname NOT LIKE 'pg_toast_temp%'";

    /**
     * The relation whose oid is the argument is not an extension's member (pg_depend deptype 'e'):
     * what CREATE EXTENSION made (pg_stat_statements' and hypopg's views, postgis's spatial_ref_sys)
     * is the extension's to define, and a finding on it would ask the user to change what the next
     * ALTER EXTENSION UPDATE puts back.
     */
    private static String notExtensionMember(String oid) {
        return " AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = " + oid
                + " AND d.deptype = 'e')";
    }

    interface Statements {
        Statement create() throws SQLException;
    }

    private final Statements statements;
    private final int serverVersion;

    CatalogQueries(Statements statements, int serverVersion) {
        this.statements = statements;
        this.serverVersion = serverVersion;
    }

    /** pg_stat_statements of the connected database, heaviest first, without QueryLens's own statements and transaction control. */
    List<StatementStatistics> statementStatistics() throws SQLException {
        String total;
        try (Statement s = statements.create(); ResultSet rs = s.executeQuery(UserDatabase.MARK + "SELECT EXISTS (SELECT 1 FROM pg_attribute"
                + " WHERE attrelid = to_regclass('pg_stat_statements') AND attname = 'total_exec_time')")) {
            rs.next();
            total = rs.getBoolean(1) ? "total_exec_time" : "total_time";
        }
        List<StatementStatistics> out = new ArrayList<>();
        try (Statement s = statements.create(); ResultSet rs = s.executeQuery(UserDatabase.MARK + "SELECT query, calls, " + total
                + ", rows FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())"
                + " AND calls > 0 ORDER BY " + total + " DESC")) {
            while (rs.next()) {
                String query = rs.getString(1);
                if (query != null && !OwnStatements.isOursOrControl(query)) {
                    out.add(new StatementStatistics(query, rs.getLong(2), rs.getDouble(3), rs.getLong(4)));
                }
            }
        }
        return out;
    }

    CatalogRows read() throws SQLException {
        List<ColumnRow> columns = new ArrayList<>();
        List<TableName> rls = new ArrayList<>();
        List<String> indexes = new ArrayList<>();
        List<ForeignKeyRow> fks = new ArrayList<>();
        List<PolicyRow> policies = new ArrayList<>();
        List<DistinctRow> distinct = new ArrayList<>();
        List<ConstraintIndexRow> constraintIndexes = new ArrayList<>();
        try (Statement s = statements.create()) {
            try (ResultSet rs = s.executeQuery(UserDatabase.MARK + "SELECT n.nspname, cl.relname, a.attname, format_type(a.atttypid, a.atttypmod),"
                    + " a.attnotnull, cl.reltuples::bigint FROM pg_class cl JOIN pg_namespace n ON n.oid = cl.relnamespace"
                    + " JOIN pg_attribute a ON a.attrelid = cl.oid AND a.attnum > 0 AND NOT a.attisdropped"
                    + " WHERE cl.relkind IN ('r', 'p') AND " + USER_SCHEMAS + notExtensionMember("cl.oid") + " ORDER BY n.nspname, cl.relname, a.attnum")) {
                while (rs.next()) {
                    columns.add(new ColumnRow(new TableName(rs.getString(1), rs.getString(2)), rs.getString(3), rs.getString(4),
                            rs.getBoolean(5), Math.max(0, rs.getLong(6))));
                }
            }
            try (ResultSet rs = s.executeQuery(UserDatabase.MARK + "SELECT n.nspname, cl.relname FROM pg_class cl"
                    + " JOIN pg_namespace n ON n.oid = cl.relnamespace WHERE cl.relkind IN ('r', 'p') AND cl.relrowsecurity AND " + USER_SCHEMAS
                    + notExtensionMember("cl.oid"))) {
                while (rs.next()) {
                    rls.add(new TableName(rs.getString(1), rs.getString(2)));
                }
            }
            // indexes of tables only: one on a materialized view belongs to no table the catalog has
            // valid ones only: one a failed CREATE INDEX CONCURRENTLY left (indisvalid or indisready false) serves no query,
            // as the planner ignores it, so counting it would keep its statements' advice away (invalid-index reports it)
            // pg_get_indexdef and pg_get_expr lock the table: one another session holds (or waits for) exclusively is left out,
            // or this read would wait for it and end the run; its own statements then fail alone when they are planned
            try (ResultSet rs = s.executeQuery(UserDatabase.MARK + "SELECT pg_get_indexdef(i.indexrelid) FROM pg_index i"
                    + " JOIN pg_class cl ON cl.oid = i.indrelid JOIN pg_namespace n ON n.oid = cl.relnamespace"
                    + " WHERE cl.relkind IN ('r', 'p') AND i.indisvalid AND i.indisready AND " + USER_SCHEMAS + notExtensionMember("cl.oid")
                    + notExtensionMember("i.indexrelid") + " AND NOT " + locked("i.indrelid") + " AND NOT " + locked("i.indexrelid"))) {
                while (rs.next()) {
                    indexes.add(rs.getString(1));
                }
            }
            // which indexes a PRIMARY KEY, UNIQUE or EXCLUDE constraint owns: those go only with their constraint
            try (ResultSet rs = s.executeQuery(UserDatabase.MARK + "SELECT n.nspname, cl.relname, i.relname, co.contype"
                    + " FROM pg_constraint co JOIN pg_class cl ON cl.oid = co.conrelid JOIN pg_namespace n ON n.oid = cl.relnamespace"
                    + " JOIN pg_class i ON i.oid = co.conindid WHERE co.contype IN ('p', 'u', 'x') AND " + USER_SCHEMAS + notExtensionMember("cl.oid"))) {
                while (rs.next()) {
                    constraintIndexes.add(new ConstraintIndexRow(new TableName(rs.getString(1), rs.getString(2)), rs.getString(3),
                            rs.getString(4)));
                }
            }
            try (ResultSet rs = s.executeQuery(UserDatabase.MARK + "SELECT n.nspname, cl.relname, co.conname, pg_get_constraintdef(co.oid)"
                    + " FROM pg_constraint co JOIN pg_class cl ON cl.oid = co.conrelid JOIN pg_namespace n ON n.oid = cl.relnamespace"
                    + " WHERE co.contype = 'f' AND " + USER_SCHEMAS + notExtensionMember("cl.oid"))) {
                while (rs.next()) {
                    fks.add(new ForeignKeyRow(new TableName(rs.getString(1), rs.getString(2)), rs.getString(3), rs.getString(4)));
                }
            }
            try (ResultSet rs = s.executeQuery(UserDatabase.MARK
                    + "SELECT schemaname, tablename, policyname, cmd, permissive, roles::text[], qual, with_check FROM pg_policies"
                    + " WHERE true" + notExtensionMember("format('%I.%I', schemaname, tablename)::regclass")
                    + " AND NOT " + locked("to_regclass(quote_ident(schemaname) || '.' || quote_ident(tablename))"))) {
                while (rs.next()) {
                    java.sql.Array roles = rs.getArray(6);
                    policies.add(new PolicyRow(new TableName(rs.getString(1), rs.getString(2)), rs.getString(3), rs.getString(4),
                            rs.getString(5), roles == null ? List.of() : List.of((String[]) roles.getArray()), rs.getString(7),
                            rs.getString(8)));
                }
            }
            try (ResultSet rs = s.executeQuery(UserDatabase.MARK + "SELECT schemaname, tablename, attname, n_distinct FROM pg_stats"
                    + " WHERE schemaname NOT IN ('pg_catalog', 'information_schema') AND NOT inherited")) {
                while (rs.next()) {
                    distinct.add(new DistinctRow(new TableName(rs.getString(1), rs.getString(2)), rs.getString(3), rs.getDouble(4)));
                }
            }
        }
        return new CatalogRows(columns, rls, indexes, fks, policies, distinct, constraintIndexes, security(), triggers());
    }

    /**
     * What a migration's down must also put back that {@link #read} does not hold, for the rollback
     * check of a trace: user schemas, column defaults, CHECK constraints, enum and domain types,
     * sequences with their settings and owning column, view and materialized view definitions, and
     * function definitions; keyed by what each is ("default of public.users.age"), in the server's
     * own deparsed text. Extensions' members are left out, as in {@link #read}.
     */
    java.util.SortedMap<String, String> details() throws SQLException {
        java.util.SortedMap<String, String> out = new java.util.TreeMap<>();
        String[][] queries = {
            {"SELECT 'schema ' || quote_ident(n.nspname), '' FROM pg_namespace n WHERE " + USER_SCHEMAS
                    + " AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_namespace'::regclass AND d.objid = n.oid"
                    + " AND d.deptype = 'e')"},
            {"SELECT 'default of ' || quote_ident(n.nspname) || '.' || quote_ident(cl.relname) || '.' || quote_ident(a.attname),"
                    + " pg_get_expr(d.adbin, d.adrelid) FROM pg_attrdef d JOIN pg_class cl ON cl.oid = d.adrelid"
                    + " JOIN pg_namespace n ON n.oid = cl.relnamespace JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum"
                    + " WHERE cl.relkind IN ('r', 'p') AND " + USER_SCHEMAS + notExtensionMember("cl.oid")},
            {"SELECT 'check constraint ' || quote_ident(co.conname) || ' on ' || quote_ident(n.nspname) || '.' || quote_ident(cl.relname),"
                    + " pg_get_constraintdef(co.oid) FROM pg_constraint co JOIN pg_class cl ON cl.oid = co.conrelid"
                    + " JOIN pg_namespace n ON n.oid = cl.relnamespace WHERE co.contype = 'c' AND " + USER_SCHEMAS + notExtensionMember("cl.oid")},
            {"SELECT 'type ' || quote_ident(n.nspname) || '.' || quote_ident(t.typname), CASE t.typtype"
                    + " WHEN 'e' THEN 'enum (' || (SELECT string_agg(quote_literal(e.enumlabel), ', ' ORDER BY e.enumsortorder) FROM pg_enum e"
                    + " WHERE e.enumtypid = t.oid) || ')'"
                    + " WHEN 'd' THEN 'domain over ' || format_type(t.typbasetype, t.typtypmod) || CASE WHEN t.typnotnull THEN ' NOT NULL' ELSE '' END"
                    + " || coalesce(' DEFAULT ' || t.typdefault, '') || coalesce((SELECT ' ' || string_agg(pg_get_constraintdef(c.oid), ' '"
                    + " ORDER BY c.conname) FROM pg_constraint c WHERE c.contypid = t.oid), '')"
                    + " WHEN 'c' THEN 'composite (' || (SELECT string_agg(quote_ident(a.attname) || ' ' || format_type(a.atttypid, a.atttypmod),"
                    + " ', ' ORDER BY a.attnum) FROM pg_attribute a WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped) || ')'"
                    + " ELSE t.typtype::text END FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace"
                    + " WHERE (t.typtype IN ('e', 'd', 'r', 'm') OR t.typtype = 'c' AND (SELECT relkind FROM pg_class WHERE oid = t.typrelid) = 'c')"
                    + " AND " + USER_SCHEMAS + " AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_type'::regclass"
                    + " AND d.objid = t.oid AND d.deptype = 'e')"},
            {"SELECT 'sequence ' || quote_ident(n.nspname) || '.' || quote_ident(cl.relname), format_type(s.seqtypid, NULL)"
                    + " || ' start ' || s.seqstart || ' increment ' || s.seqincrement || ' min ' || s.seqmin || ' max ' || s.seqmax"
                    + " || ' cache ' || s.seqcache || CASE WHEN s.seqcycle THEN ' cycle' ELSE '' END || coalesce((SELECT ' owned by '"
                    + " || quote_ident(tn.nspname) || '.' || quote_ident(t.relname) || '.' || quote_ident(a.attname) FROM pg_depend d"
                    + " JOIN pg_class t ON t.oid = d.refobjid JOIN pg_namespace tn ON tn.oid = t.relnamespace"
                    + " JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid WHERE d.classid = 'pg_class'::regclass"
                    + " AND d.objid = cl.oid AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i') LIMIT 1), '')"
                    + " FROM pg_sequence s JOIN pg_class cl ON cl.oid = s.seqrelid JOIN pg_namespace n ON n.oid = cl.relnamespace"
                    + " WHERE " + USER_SCHEMAS + notExtensionMember("cl.oid")},
            {"SELECT CASE cl.relkind WHEN 'v' THEN 'definition of view ' ELSE 'materialized view ' END || quote_ident(n.nspname) || '.'"
                    + " || quote_ident(cl.relname), pg_get_viewdef(cl.oid) FROM pg_class cl JOIN pg_namespace n ON n.oid = cl.relnamespace"
                    + " WHERE cl.relkind IN ('v', 'm') AND " + USER_SCHEMAS + notExtensionMember("cl.oid")},
            {"SELECT 'definition of ' || CASE p.prokind WHEN 'p' THEN 'procedure ' ELSE 'function ' END || quote_ident(n.nspname) || '.'"
                    + " || quote_ident(p.proname) || '(' || pg_get_function_identity_arguments(p.oid) || ')', pg_get_functiondef(p.oid)"
                    + " FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE p.prokind IN ('f', 'p') AND " + USER_SCHEMAS
                    + " AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid"
                    + " AND d.deptype IN ('e', 'i'))"},
        };
        try (Statement s = statements.create()) {
            for (String[] q : queries) {
                try (ResultSet rs = s.executeQuery(UserDatabase.MARK + q[0])) {
                    while (rs.next()) {
                        out.put(rs.getString(1), rs.getString(2) == null ? "" : rs.getString(2));
                    }
                }
            }
        }
        return out;
    }

    /**
     * Triggers on user tables (not internal: foreign keys' own; not a partition's clone of its
     * parent's, which the parent's stands for), and the function statistics the server keeps when
     * track_functions is pl or all.
     */
    private CatalogRows.TriggerRows triggers() throws SQLException {
        List<CatalogRows.TriggerRow> triggers = new ArrayList<>();
        List<CatalogRows.FunctionCallRow> calls = new ArrayList<>();
        List<CatalogRows.PartitionRow> partitions = new ArrayList<>();
        String track;
        try (Statement s = statements.create()) {
            try (ResultSet rs = s.executeQuery(UserDatabase.MARK + "SELECT n.nspname, cl.relname, t.tgname, t.tgtype::int, t.tgenabled::text,"
                    + " t.tgoldtable, t.tgnewtable, t.tgqual IS NOT NULL, pn.nspname, p.proname, p.prosrc,"
                    // UPDATE OF's columns: tgattr holds their numbers in the order written
                    + " ARRAY(SELECT a.attname FROM unnest(t.tgattr::int2[]) WITH ORDINALITY AS k(attnum, ord)"
                    + " JOIN pg_attribute a ON a.attrelid = t.tgrelid AND a.attnum = k.attnum ORDER BY k.ord)::text[] FROM pg_trigger t"
                    + " JOIN pg_class cl ON cl.oid = t.tgrelid JOIN pg_namespace n ON n.oid = cl.relnamespace"
                    + " JOIN pg_proc p ON p.oid = t.tgfoid JOIN pg_namespace pn ON pn.oid = p.pronamespace"
                    + " WHERE NOT t.tgisinternal AND cl.relkind IN ('r', 'p') AND " + USER_SCHEMAS + notExtensionMember("cl.oid")
                    + (serverVersion >= 130000 ? " AND t.tgparentid = 0" : "") + " ORDER BY 1, 2, 3")) {
                while (rs.next()) {
                    triggers.add(new CatalogRows.TriggerRow(new TableName(rs.getString(1), rs.getString(2)), rs.getString(3), rs.getInt(4),
                            rs.getString(5), rs.getString(6), rs.getString(7), rs.getBoolean(8), rs.getString(9), rs.getString(10),
                            rs.getString(11), strings(rs, 12)));
                }
            }
            if (serverVersion >= 100000) {
                // a partition fires its parents' row triggers (the server clones them onto it); an index's partitions are no table's
                try (ResultSet rs = s.executeQuery(UserDatabase.MARK + "SELECT n.nspname, c.relname, pn.nspname, p.relname FROM pg_inherits i"
                        + " JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
                        + " JOIN pg_class p ON p.oid = i.inhparent JOIN pg_namespace pn ON pn.oid = p.relnamespace"
                        + " WHERE c.relispartition AND c.relkind IN ('r', 'p') AND " + USER_SCHEMAS + notExtensionMember("c.oid") + " ORDER BY 1, 2")) {
                    while (rs.next()) {
                        partitions.add(new CatalogRows.PartitionRow(new TableName(rs.getString(1), rs.getString(2)),
                                new TableName(rs.getString(3), rs.getString(4))));
                    }
                }
            }
            try (ResultSet rs = s.executeQuery(UserDatabase.MARK + "SELECT current_setting('track_functions')")) {
                rs.next();
                track = rs.getString(1);
            }
            try (ResultSet rs = s.executeQuery(UserDatabase.MARK
                    + "SELECT schemaname, funcname, calls, total_time, self_time FROM pg_stat_user_functions ORDER BY 1, 2")) {
                while (rs.next()) {
                    calls.add(new CatalogRows.FunctionCallRow(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getDouble(4), rs.getDouble(5)));
                }
            }
        }
        return new CatalogRows.TriggerRows(triggers, calls, track, partitions);
    }

    /** Functions (not an extension's own), views' options, extensions, and the API client roles that exist. */
    private CatalogRows.SecurityRows security() throws SQLException {
        List<CatalogRows.RoutineRow> routines = new ArrayList<>();
        List<CatalogRows.ViewRow> views = new ArrayList<>();
        List<CatalogRows.ExtensionRow> extensions = new ArrayList<>();
        List<String> roles = new ArrayList<>();
        try (Statement s = statements.create()) {
            try (ResultSet rs = s.executeQuery(UserDatabase.MARK + ROUTINES)) {
                while (rs.next()) {
                    routines.add(new CatalogRows.RoutineRow(rs.getString(1), rs.getString(2), strings(rs, 3), rs.getString(11),
                            rs.getString(4), rs.getBoolean(5), rs.getString(6), rs.getString(7), rs.getString(8), strings(rs, 9), strings(rs, 10)));
                }
            }
            try (ResultSet rs = s.executeQuery(UserDatabase.MARK + "SELECT n.nspname, cl.relname, cl.reloptions::text[] FROM pg_class cl"
                    + " JOIN pg_namespace n ON n.oid = cl.relnamespace WHERE cl.relkind = 'v' AND " + USER_SCHEMAS + notExtensionMember("cl.oid"))) {
                while (rs.next()) {
                    views.add(new CatalogRows.ViewRow(new TableName(rs.getString(1), rs.getString(2)), strings(rs, 3)));
                }
            }
            try (ResultSet rs = s.executeQuery(UserDatabase.MARK + "SELECT e.extname, n.nspname FROM pg_extension e"
                    + " JOIN pg_namespace n ON n.oid = e.extnamespace")) {
                while (rs.next()) {
                    extensions.add(new CatalogRows.ExtensionRow(rs.getString(1), rs.getString(2)));
                }
            }
            try (ResultSet rs = s.executeQuery(UserDatabase.MARK
                    + "SELECT rolname FROM pg_roles WHERE rolname IN ('anon', 'authenticated', 'service_role') ORDER BY 1")) {
                while (rs.next()) {
                    roles.add(rs.getString(1));
                }
            }
        }
        return new CatalogRows.SecurityRows(routines, views, extensions, roles, serverVersion);
    }

    // not an extension's members nor what CREATE TYPE ... AS RANGE makes (its constructors depend on the type, 'i');
    // EXECUTE holders from the ACL (PostgreSQL's default, PUBLIC and the owner, when proacl is null), the owner left out;
    // anon/authenticated through has_function_privilege, which also counts what they inherit
    private static final String ROUTINES = "SELECT n.nspname, p.proname,"
            + " array(SELECT format_type(a.t, NULL) FROM unnest(p.proargtypes::oid[]) WITH ORDINALITY a(t, o) ORDER BY a.o),"
            + " p.prokind, p.prosecdef, (SELECT substr(c, 13) FROM unnest(p.proconfig) c WHERE c LIKE 'search_path=%'), l.lanname,"
            + " pg_get_userbyid(p.proowner),"
            + " array(SELECT CASE WHEN x.grantee = 0 THEN 'public' ELSE pg_get_userbyid(x.grantee)::text END"
            + " FROM aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) x WHERE x.privilege_type = 'EXECUTE' AND x.grantee <> p.proowner),"
            + " array(SELECT r.rolname::text FROM pg_roles r WHERE r.rolname IN ('anon', 'authenticated')"
            + " AND has_function_privilege(r.oid, p.oid, 'EXECUTE')), CASE WHEN p.prokind = 'f' THEN format_type(p.prorettype, NULL) END"
            + " FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace JOIN pg_language l ON l.oid = p.prolang"
            + " WHERE p.prokind IN ('f', 'p') AND " + USER_SCHEMAS
            + " AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype IN ('e', 'i'))";

    private static List<String> strings(ResultSet rs, int column) throws SQLException {
        java.sql.Array a = rs.getArray(column);
        return a == null ? List.of() : List.of((String[]) a.getArray());
    }

    /** Whether another session holds {@code relation} exclusively or waits for a lock on it (a read that locks it would queue). */
    private static String locked(String relation) {
        return "EXISTS (SELECT 1 FROM pg_locks l WHERE l.locktype = 'relation' AND l.database = (SELECT oid FROM pg_database"
                + " WHERE datname = current_database()) AND l.relation = " + relation + " AND l.pid <> pg_backend_pid()"
                + " AND (l.mode = 'AccessExclusiveLock' OR NOT l.granted))";
    }
}
