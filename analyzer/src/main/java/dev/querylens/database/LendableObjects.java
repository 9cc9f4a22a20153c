package dev.querylens.database;

import dev.querylens.sql.Quote;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The objects of a disposable database that a trace's sandbox is lent (schemas, tables, views,
 * sequences, foreign tables, routines, types; not those of extensions), as {kind, schema, name,
 * arguments, owner}, and the statement that gives one to an owner: used to lend them, to give them
 * back, and to give back what a killed trace could not ({@link StaleTraceRoles}).
 */
final class LendableObjects {
    private LendableObjects() {
    }

    /** The database's own objects of the kinds a sandbox is lent, each as {kind, schema, name, arguments, owner}, in lending order. */
    static List<String[]> of(Connection c) throws SQLException {
        String user = "n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp\\_%'";
        String sql = UserDatabase.MARK + "SELECT kind, nsp, name, args, pg_get_userbyid(owner) FROM ("
                + " SELECT 1 AS ord, 'SCHEMA' AS kind, NULL::name AS nsp, n.nspname AS name, NULL::text AS args, n.nspowner AS owner,"
                + " 'pg_namespace'::regclass AS cls, n.oid FROM pg_namespace n WHERE " + user
                + " UNION ALL SELECT 2, CASE c.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'S' THEN 'SEQUENCE'"
                + " WHEN 'f' THEN 'FOREIGN TABLE' ELSE 'TABLE' END, n.nspname, c.relname, NULL, c.relowner, 'pg_class'::regclass, c.oid"
                + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f') AND " + user
                + " AND NOT (c.relkind = 'S' AND EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid"
                + " AND d.deptype IN ('a', 'i')))"
                + " UNION ALL SELECT 3, CASE p.prokind WHEN 'p' THEN 'PROCEDURE' WHEN 'a' THEN 'AGGREGATE' ELSE 'FUNCTION' END, n.nspname,"
                + " p.proname, pg_get_function_identity_arguments(p.oid), p.proowner, 'pg_proc'::regclass, p.oid"
                + " FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE " + user
                + " UNION ALL SELECT 4, CASE t.typtype WHEN 'd' THEN 'DOMAIN' ELSE 'TYPE' END, n.nspname, t.typname, NULL, t.typowner,"
                + " 'pg_type'::regclass, t.oid FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE " + user
                + " AND (t.typtype IN ('d', 'e', 'r') OR t.typtype = 'c' AND EXISTS (SELECT 1 FROM pg_class r WHERE r.oid = t.typrelid AND r.relkind = 'c'))"
                + ") o WHERE NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = o.cls AND d.objid = o.oid AND d.deptype = 'e')"
                + " ORDER BY ord, nsp, name";
        List<String[]> objects = new ArrayList<>();
        try (Statement s = UserDatabase.statement(c); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                objects.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)});
            }
        }
        return objects;
    }

    /** ALTER kind name OWNER TO owner; a routine's argument types are the server's own rendering of its catalog entry. */
    static String alterOwner(String[] o, String owner) {
        String name = o[1] == null ? Quote.ident(o[2]) : Quote.qualified(o[1], o[2]);
        return "ALTER " + o[0] + " " + name + (o[3] != null ? "(" + o[3] + ")" : "") + " OWNER TO " + Quote.ident(owner);
    }
}
