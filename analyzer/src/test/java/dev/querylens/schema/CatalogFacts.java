package dev.querylens.schema;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeSet;

/**
 * The catalog as comparable lines, one fact each, every line starting with the table's qualified
 * name: from pg_catalog of a server that ran the migrations, and from QueryLens's {@link Catalog}
 * of the same files. Where the two spell a fact differently (a type written {@code varchar(255)},
 * an index key written with its own quoting) the server is asked to spell QueryLens's version
 * too, so equal lines mean equal catalogs and nothing is normalized by hand here.
 */
final class CatalogFacts {
    /**
     * Tables and partitioned tables; views, materialized views, sequences and foreign tables are not tables.
     * Not an extension's members (pg_depend deptype 'e', e.g. pg_partman's partman.part_config): CREATE EXTENSION
     * defines them, not the project's files, and QueryLens keeps them out of its catalog as analyze --db does.
     */
    private static final String TABLES = """
            SELECT c.oid, n.nspname, c.relname, c.relrowsecurity FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'
              AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
            """;

    private CatalogFacts() {
    }

    static TreeSet<String> ofServer(Connection db) throws SQLException {
        TreeSet<String> facts = new TreeSet<>();
        try (Statement s = db.createStatement(); ResultSet t = s.executeQuery(TABLES)) {
            while (t.next()) {
                long oid = t.getLong(1);
                String table = t.getString(2) + "." + t.getString(3);
                facts.add(table + " table");
                if (t.getBoolean(4)) {
                    facts.add(table + " row level security");
                }
                serverColumns(db, oid, table, facts);
                serverIndexes(db, oid, table, facts);
                serverForeignKeys(db, oid, table, facts);
                serverPolicies(db, oid, table, facts);
            }
        }
        return facts;
    }

    private static void serverColumns(Connection db, long oid, String table, TreeSet<String> facts) throws SQLException {
        query(db, "SELECT attname, format_type(atttypid, NULL), attnotnull FROM pg_attribute WHERE attrelid = ? AND attnum > 0"
                + " AND NOT attisdropped ORDER BY attnum", oid, r -> facts.add(table + " column " + r.getString(1) + " "
                + r.getString(2) + (r.getBoolean(3) ? " not null" : "")));
    }

    private static void serverIndexes(Connection db, long oid, String table, TreeSet<String> facts) throws SQLException {
        query(db, "SELECT c.relname, i.indisprimary, " + definitionWithoutName("i.indexrelid", "c.relname")
                + " FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = ?", oid,
                r -> facts.add(table + " index " + r.getString(1) + (r.getBoolean(2) ? " primary" : "") + " " + r.getString(3)));
    }

    /**
     * pg_get_indexdef with the index's own name taken out, so an index built under another name
     * compares equal, and without storage parameters (WITH (fillfactor=...)): they change how an
     * index is stored, not what it serves, and the catalog does not model them.
     */
    private static String definitionWithoutName(String indexOid, String indexName) {
        return "regexp_replace(replace(pg_get_indexdef(" + indexOid + "), ' INDEX ' || quote_ident(" + indexName
                + ") || ' ON ', ' INDEX ON '), ' WITH \\([^)]*\\)', '')";
    }

    private static void serverForeignKeys(Connection db, long oid, String table, TreeSet<String> facts) throws SQLException {
        query(db, """
                SELECT con.conname, rn.nspname || '.' || r.relname,
                  array_to_string(array(SELECT a.attname FROM unnest(con.conkey) WITH ORDINALITY k(n, o)
                    JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.n ORDER BY k.o), ', '),
                  array_to_string(array(SELECT a.attname FROM unnest(con.confkey) WITH ORDINALITY k(n, o)
                    JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.n ORDER BY k.o), ', ')
                FROM pg_constraint con JOIN pg_class r ON r.oid = con.confrelid JOIN pg_namespace rn ON rn.oid = r.relnamespace
                WHERE con.contype = 'f' AND con.conrelid = ?""", oid,
                r -> facts.add(foreignKey(table, r.getString(1), r.getString(3), r.getString(2), r.getString(4))));
    }

    private static void serverPolicies(Connection db, long oid, String table, TreeSet<String> facts) throws SQLException {
        // pg_policy.polcmd encodes the command: r SELECT, a INSERT, w UPDATE, d DELETE, * ALL
        // and the facts rules read, from the server's own deparsed expressions: permissive, roles (0 is PUBLIC),
        // functions called, request functions called per row, columns compared
        query(db, "SELECT polname, CASE polcmd WHEN 'r' THEN 'SELECT' WHEN 'a' THEN 'INSERT' WHEN 'w' THEN 'UPDATE'"
                + " WHEN 'd' THEN 'DELETE' ELSE 'ALL' END, polpermissive, array_to_string(ARRAY(SELECT CASE WHEN r = 0 THEN 'public'"
                + " ELSE (SELECT rolname FROM pg_roles WHERE oid = r) END FROM unnest(polroles) r ORDER BY 1), ','),"
                + " pg_get_expr(polqual, polrelid), pg_get_expr(polwithcheck, polrelid) FROM pg_policy WHERE polrelid = ?", oid,
                r -> {
                    String bare = table.substring(table.indexOf('.') + 1);
                    facts.add(table + " policy " + r.getString(1) + " for " + r.getString(2));
                    facts.add(policyFacts(table, r.getString(1), r.getBoolean(3), java.util.List.of(r.getString(4).split(",")),
                            r.getString(5) == null ? PolicyExpression.NONE : PolicyExpression.of(r.getString(5), bare),
                            r.getString(6) == null ? PolicyExpression.NONE : PolicyExpression.of(r.getString(6), bare)));
                });
    }

    private static String policyFacts(String table, String name, boolean permissive, java.util.List<String> roles,
                                      PolicyExpression using, PolicyExpression withCheck) {
        return table + " policy " + name + (permissive ? " permissive" : " restrictive") + " to " + new TreeSet<>(roles)
                + " using " + using.functions() + using.perRowCalls() + using.comparedColumns() + (using.alwaysTrue() ? " true" : "")
                + " check " + withCheck.functions() + withCheck.perRowCalls() + withCheck.comparedColumns()
                + (withCheck.alwaysTrue() ? " true" : "");
    }

    /**
     * The same lines from QueryLens's catalog. Column types and index definitions are spelled by
     * the server: each type through format_type(to_regtype(...)), each index by building it under
     * a probe name inside a transaction that is rolled back, then reading pg_get_indexdef.
     */
    static TreeSet<String> ofReader(Catalog catalog, Connection db) throws SQLException {
        TreeSet<String> facts = new TreeSet<>();
        boolean autoCommit = db.getAutoCommit();
        db.setAutoCommit(false);
        try {
            for (Table t : catalog.tables()) {
                String table = t.qualifiedName();
                facts.add(table + " table");
                if (t.rowLevelSecurity()) {
                    facts.add(table + " row level security");
                }
                for (Column c : t.columns()) {
                    facts.add(table + " column " + c.name() + " " + serverType(db, c.type()) + (c.notNull() ? " not null" : ""));
                }
                int probe = 0;
                for (Index ix : t.indexes()) {
                    facts.add(table + " index " + ix.name() + (ix.primary() ? " primary" : "") + " " + serverDefinition(db, ix, ++probe));
                }
                for (ForeignKey fk : t.foreignKeys()) {
                    facts.add(foreignKey(table, fk.name(), String.join(", ", fk.columns()), fk.referencedTable(),
                            String.join(", ", fk.referencedColumns())));
                }
                for (Policy p : t.policies()) {
                    facts.add(table + " policy " + p.name() + " for " + p.command());
                    // TO CURRENT_USER names the role that ran the DDL, which only the server knows: the test's own
                    String self = db.getMetaData().getUserName();
                    facts.add(policyFacts(table, p.name(), p.permissive(), p.roles().stream()
                            .map(r -> java.util.Set.of("current_user", "current_role", "session_user").contains(r) ? self : r).toList(),
                            p.using(), p.withCheck()));
                }
            }
        } finally {
            db.rollback();
            db.setAutoCommit(autoCommit);
        }
        return facts;
    }

    /** serial types are not types but shorthand for an integer column with a sequence (PostgreSQL docs, 8.1.4). */
    private static final Map<String, String> SERIALS = Map.of("serial", "integer", "serial4", "integer", "bigserial", "bigint",
            "serial8", "bigint", "smallserial", "smallint", "serial2", "smallint");

    private static String serverType(Connection db, String written) throws SQLException {
        String type = SERIALS.getOrDefault(written, written);
        try (Statement s = db.createStatement()) {
            s.execute("SAVEPOINT probe");
            try (PreparedStatement p = db.prepareStatement("SELECT format_type(to_regtype(?), NULL)")) {
                p.setString(1, type);
                try (ResultSet r = p.executeQuery()) {
                    r.next();
                    String canonical = r.getString(1);
                    return canonical == null ? "<unknown type " + written + ">" : canonical;
                }
            } catch (SQLException e) {
                s.execute("ROLLBACK TO SAVEPOINT probe");
                return "<unreadable type " + written + ">";
            }
        }
    }

    private static String serverDefinition(Connection db, Index ix, int probe) throws SQLException {
        String name = "querylens_probe_" + probe;
        try (Statement s = db.createStatement()) {
            s.execute("SAVEPOINT probe");
            try {
                s.execute(ix.withName(name).ddl());
            } catch (SQLException e) {
                s.execute("ROLLBACK TO SAVEPOINT probe");
                return "<the server rejects " + ix.ddl() + ": " + e.getMessage().lines().findFirst().orElse("") + ">";
            }
            try (PreparedStatement p = db.prepareStatement("SELECT " + definitionWithoutName("c.oid", "c.relname")
                    + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relname = ? AND n.nspname = ?")) {
                p.setString(1, name);
                p.setString(2, ix.table().substring(0, ix.table().indexOf('.')));
                try (ResultSet r = p.executeQuery()) {
                    return r.next() ? r.getString(1) : "<probe index not found>";
                }
            } finally {
                s.execute("ROLLBACK TO SAVEPOINT probe");
            }
        }
    }

    private static String foreignKey(String table, String name, String columns, String referenced, String referencedColumns) {
        return table + " foreign key " + name + " (" + columns + ") references " + referenced + " (" + referencedColumns + ")";
    }

    interface RowReader {
        void read(ResultSet r) throws SQLException;
    }

    private static void query(Connection db, String sql, long oid, RowReader each) throws SQLException {
        try (PreparedStatement p = db.prepareStatement(sql)) {
            p.setLong(1, oid);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    each.read(r);
                }
            }
        }
    }
}
