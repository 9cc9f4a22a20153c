package dev.querylens.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.querylens.advisor.PostgresServer;
import dev.querylens.analysis.Analysis;
import dev.querylens.analysis.AnalysisRequest;
import dev.querylens.collect.Diagnostic;
import dev.querylens.engine.Finding;
import dev.querylens.engine.RuleCatalog;
import dev.querylens.report.Report;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * Runs DDL files in order through psql on a database of their own, reads the same files with
 * {@link SchemaReader}, and compares the two catalogs (see {@link CatalogFacts}). A difference is
 * explained when QueryLens emitted a diagnostic naming a statement on that table.
 */
final class SchemaOracle {
    private static final Path PSQL = Path.of("/usr/lib/postgresql/15/bin/psql");

    record Result(TreeSet<String> server, TreeSet<String> reader, List<Diagnostic> diagnostics, List<String> explained,
                  List<String> unexplained) {
    }

    private SchemaOracle() {
    }

    static Result run(PostgresServer server, String db, List<Path> files) throws Exception {
        return run(server, db, files, files);
    }

    /**
     * @param applied the files psql runs, as the migrator would run them
     * @param read    the files QueryLens reads as the schema's history (its own choice of what was applied)
     */
    static Result run(PostgresServer server, String db, List<Path> applied, List<Path> read) throws Exception {
        try (Connection admin = server.connect("postgres"); Statement s = admin.createStatement()) {
            s.execute("CREATE DATABASE " + db);
        }
        for (Path f : applied) {
            apply(server, db, f);
        }
        SchemaReader reader = new SchemaReader();
        List<Diagnostic> diagnostics = new ArrayList<>();
        for (Path f : read) {
            reader.read(Files.readString(f), f.toString(), diagnostics::add);
        }
        try (Connection c = server.connect(db)) {
            TreeSet<String> expected = CatalogFacts.ofServer(c);
            expected.addAll(SecurityFacts.ofServer(c));
            expected.addAll(TriggerCatalogFacts.ofServer(c));
            TreeSet<String> actual = facts(reader.catalog(), c);
            List<String> explained = new ArrayList<>();
            List<String> unexplained = new ArrayList<>();
            for (String fact : symmetricDifference(expected, actual)) {
                String line = (actual.contains(fact) ? "only QueryLens: " : "only PostgreSQL: ") + fact;
                (explainedBy(fact, diagnostics) ? explained : unexplained).add(line);
            }
            return new Result(expected, actual, diagnostics, explained, unexplained);
        }
    }

    /** Every fact QueryLens's catalog holds, tables and the security facts, spelled for comparison with the server's. */
    static TreeSet<String> facts(Catalog catalog, Connection c) throws SQLException {
        TreeSet<String> facts = CatalogFacts.ofReader(catalog, c);
        facts.addAll(SecurityFacts.ofReader(catalog, c));
        facts.addAll(TriggerCatalogFacts.ofReader(catalog));
        return facts;
    }

    /** A whole analysis of these inputs, as {@code querylens analyze} runs it. */
    static Report analyze(List<Path> inputs) {
        return new Analysis(RuleCatalog.load(), "test", m -> { }).run(new AnalysisRequest(inputs, List.of(), null, null));
    }

    /** duplicate-index findings of a whole analysis of these inputs, as "table: a = b" pairs. */
    static Set<String> reportedDuplicates(List<Path> inputs) {
        Report report = analyze(inputs);
        Set<String> reported = new TreeSet<>();
        for (Finding f : report.findings()) {
            if (f.rule().equals("duplicate-index")) {
                reported.add(pair(f.table(), indexName(f.evidence().get("index")), indexName(f.evidence().get("coveredBy"))));
            }
        }
        return reported;
    }

    /**
     * The pairs of indexes pg_index holds as one definition: same table, keys, operator classes,
     * collations, options, expressions, predicate, and for two unique ones the same NULLS [NOT]
     * DISTINCT (PostgreSQL 15's indnullsnotdistinct: which rows they let in differs).
     */
    static Set<String> serverDuplicates(Connection c) throws SQLException {
        Set<String> truth = new TreeSet<>();
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("""
                SELECT n.nspname || '.' || t.relname, a.relname, b.relname
                FROM pg_index x JOIN pg_index y ON y.indrelid = x.indrelid AND y.indexrelid > x.indexrelid
                  AND y.indkey::text = x.indkey::text AND y.indclass::text = x.indclass::text
                  AND y.indcollation::text = x.indcollation::text AND y.indoption::text = x.indoption::text
                  AND y.indnkeyatts = x.indnkeyatts
                  AND pg_get_expr(y.indexprs, y.indrelid) IS NOT DISTINCT FROM pg_get_expr(x.indexprs, x.indrelid)
                  AND pg_get_expr(y.indpred, y.indrelid) IS NOT DISTINCT FROM pg_get_expr(x.indpred, x.indrelid)
                  AND (y.indnullsnotdistinct = x.indnullsnotdistinct OR NOT (x.indisunique AND y.indisunique))
                JOIN pg_class a ON a.oid = x.indexrelid JOIN pg_class b ON b.oid = y.indexrelid AND b.relam = a.relam
                JOIN pg_class t ON t.oid = x.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace""")) {
            while (r.next()) {
                truth.add(pair(r.getString(1), r.getString(2), r.getString(3)));
            }
        }
        return truth;
    }

    /** redundant-index findings of a whole analysis of these inputs, as "table: narrow < wide" pairs. */
    static Set<String> reportedRedundant(List<Path> inputs) {
        Report report = analyze(inputs);
        Set<String> reported = new TreeSet<>();
        for (Finding f : report.findings()) {
            if (f.rule().equals("redundant-index")) {
                reported.add(f.table() + ": " + indexName(f.evidence().get("index")) + " < " + indexName(f.evidence().get("coveredBy")));
            }
        }
        return reported;
    }

    /**
     * The pairs pg_index says make the narrower B-tree unnecessary: not unique, the same
     * predicate, its keys (column or expression, operator class, collation, options) leading the
     * wider one's, its INCLUDE columns among the wider one's columns, and not the same index.
     */
    static Set<String> serverRedundant(Connection c) throws SQLException {
        Set<String> truth = new TreeSet<>();
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("""
                WITH ix AS (
                  SELECT i.indexrelid, i.indrelid, i.indisunique, c.relname,
                    array(SELECT pg_get_indexdef(i.indexrelid, k, true) || '|' || i.indclass[k - 1] || '|' || i.indcollation[k - 1]
                      || '|' || i.indoption[k - 1] FROM generate_series(1, i.indnkeyatts) k ORDER BY k) AS keys,
                    array(SELECT pg_get_indexdef(i.indexrelid, k, true) FROM generate_series(i.indnkeyatts + 1, i.indnatts) k) AS include,
                    array(SELECT pg_get_indexdef(i.indexrelid, k, true) FROM generate_series(1, i.indnatts) k) AS columns,
                    pg_get_expr(i.indpred, i.indrelid) AS pred
                  FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am am ON am.oid = c.relam AND am.amname = 'btree')
                SELECT n.nspname || '.' || t.relname, narrow.relname, wide.relname
                FROM ix narrow JOIN ix wide ON wide.indrelid = narrow.indrelid AND wide.indexrelid <> narrow.indexrelid
                JOIN pg_class t ON t.oid = narrow.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace
                WHERE NOT narrow.indisunique AND narrow.pred IS NOT DISTINCT FROM wide.pred
                  AND cardinality(narrow.keys) <= cardinality(wide.keys) AND wide.keys[1:cardinality(narrow.keys)] = narrow.keys
                  AND narrow.include <@ wide.columns AND NOT (narrow.keys = wide.keys AND narrow.include = wide.include)""")) {
            while (r.next()) {
                truth.add(r.getString(1) + ": " + r.getString(2) + " < " + r.getString(3));
            }
        }
        return truth;
    }

    /** Every index on a table, as schema.table.index. */
    static Set<String> indexNames(Connection c) throws SQLException {
        Set<String> names = new TreeSet<>();
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT n.nspname || '.' || t.relname || '.' || i.relname"
                + " FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid"
                + " JOIN pg_namespace n ON n.oid = t.relnamespace WHERE n.nspname NOT IN ('pg_catalog', 'pg_toast')")) {
            while (r.next()) {
                names.add(r.getString(1));
            }
        }
        return names;
    }

    private static String indexName(Object evidence) {
        String s = String.valueOf(evidence);
        return s.substring(0, s.lastIndexOf(" ("));
    }

    private static String pair(String table, String a, String b) {
        return table + ": " + (a.compareTo(b) < 0 ? a + " = " + b : b + " = " + a);
    }

    /** A difference on a table is explained when a diagnostic names a statement that mentions that table. */
    private static boolean explainedBy(String fact, List<Diagnostic> diagnostics) {
        String table = fact.substring(0, fact.indexOf(' '));
        String bare = table.substring(table.indexOf('.') + 1).toLowerCase(Locale.ROOT);
        java.util.regex.Pattern word = java.util.regex.Pattern.compile("(?<![\\w$])" + java.util.regex.Pattern.quote(bare) + "(?![\\w$])");
        // a dynamic EXECUTE builds its statement at run time (its table may be named only in a
        // string, which diagnostics never quote): QueryLens saying it did not model one explains any table
        return diagnostics.stream().map(d -> d.message().toLowerCase(Locale.ROOT).replace("\"", ""))
                .anyMatch(m -> word.matcher(m).find() || m.contains("dynamic sql"));
    }

    private static List<String> symmetricDifference(Set<String> a, Set<String> b) {
        TreeSet<String> out = new TreeSet<>(a);
        out.addAll(b);
        out.removeIf(f -> a.contains(f) && b.contains(f));
        return new ArrayList<>(out);
    }

    /** Runs one file as migration tools do: one psql session per file, stopping at the first error. */
    static void apply(PostgresServer server, String db, Path file) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(PSQL.toString(), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1",
                "-p", String.valueOf(server.port), "-U", "postgres", "-d", db, "-f", file.toString())
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "psql finished " + file);
        assertEquals(0, p.exitValue(), "PostgreSQL ran " + file + ":\n" + output);
    }
}
