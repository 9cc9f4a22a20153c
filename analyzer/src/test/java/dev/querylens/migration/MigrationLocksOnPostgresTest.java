package dev.querylens.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.querylens.advisor.PostgresServer;
import dev.querylens.analysis.Analysis;
import dev.querylens.analysis.AnalysisRequest;
import dev.querylens.analysis.ProjectConfig;
import dev.querylens.engine.RuleCatalog;
import dev.querylens.report.Report;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL 15 as the oracle for what the migration rules claim: each case runs the statement on a
 * table with rows, in an open transaction, reads the locks it holds (pg_locks of its own backend)
 * and whether the table was rewritten (relfilenode changed), then rolls back; and the rule's verdict
 * on the same statement, as the second file of a history whose first file created the tables, must
 * match what the server did.
 */
class MigrationLocksOnPostgresTest {
    private static final String SETUP = """
            CREATE TABLE parents (id integer PRIMARY KEY);
            CREATE TABLE items (id integer PRIMARY KEY, parent_id integer, qty integer, title varchar(10), price numeric(10,2), note text);
            """;
    private static PostgresServer pg;
    private static Connection db;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        pg = PostgresServer.start();
        try (Connection c = pg.connect("postgres"); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE migrations");
        }
        db = pg.connect("migrations");
    }

    @AfterAll
    static void stop() throws Exception {
        db.close();
        pg.close();
    }

    @BeforeEach
    void tables() throws SQLException {
        db.setAutoCommit(true);
        try (Statement s = db.createStatement()) {
            s.execute("DROP TABLE IF EXISTS items, parents CASCADE");
            s.execute(SETUP);
            s.execute("INSERT INTO parents SELECT g FROM generate_series(1, 100) g");
            s.execute("INSERT INTO items SELECT g, 1 + g % 100, g, 't' || g, g, 'n' FROM generate_series(1, 1000) g");
        }
    }

    /** What the server did: the relation locks the statement's transaction holds on the pre-existing tables, and which it rewrote. */
    record Observed(Map<String, String> locks, boolean itemsRewritten) {
    }

    private static Observed run(String statement) throws SQLException {
        long before = relfilenode("items");
        db.setAutoCommit(false);
        try (Statement s = db.createStatement()) {
            s.execute(statement);
            Map<String, String> locks = new TreeMap<>();
            try (ResultSet r = s.executeQuery("SELECT c.relname, string_agg(l.mode, ',' ORDER BY l.mode) FROM pg_locks l"
                    + " JOIN pg_class c ON c.oid = l.relation WHERE l.pid = pg_backend_pid() AND l.granted"
                    + " AND c.relname IN ('items', 'parents') GROUP BY c.relname")) {
                while (r.next()) {
                    locks.put(r.getString(1), r.getString(2));
                }
            }
            boolean rewritten = relfilenode("items") != before;
            return new Observed(locks, rewritten);
        } finally {
            db.rollback();
            db.setAutoCommit(true);
        }
    }

    private static long relfilenode(String table) throws SQLException {
        try (PreparedStatement p = db.prepareStatement("SELECT relfilenode FROM pg_class WHERE relname = ?")) {
            p.setString(1, table);
            try (ResultSet r = p.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    /** How many findings of the rule QueryLens gives the statement, as the second migration after SETUP. */
    private long verdict(String rule, String migration) throws Exception {
        return findings(rule, "migrations/0001_setup.sql", "migrations/0002_change.sql", migration).size();
    }

    /** The rule's findings on a history of SETUP in {@code first} and the migration in {@code second} (paths tell the migrator). */
    private List<dev.querylens.engine.Finding> findings(String rule, String first, String second, String migration) throws Exception {
        Path root = Files.createTempDirectory(dir, "history");
        Files.createDirectories(root.resolve(first).getParent());
        Files.writeString(root.resolve(first), SETUP);
        Files.writeString(root.resolve(second), migration);
        Report r = new Analysis(RuleCatalog.load(), "test", m -> { })
                .run(new AnalysisRequest(List.of(root), List.of(), null, ProjectConfig.none()));
        return r.findings().stream().filter(f -> f.rule().equals(rule)).toList();
    }

    /** Sends the text as one simple-protocol query, as golang-migrate's postgres driver sends a file (psql -c does the same). */
    private static String oneQuery(String text) throws Exception {
        Process p = new ProcessBuilder(PostgresServer.BIN.resolve("psql").toString(), "-X", "-q", "-h", "127.0.0.1",
                "-p", String.valueOf(pg.port), "-U", "postgres", "-d", "migrations", "-c", text).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS));
        return p.exitValue() == 0 ? "" : output;
    }

    private static boolean hasColumn(String table, String column) throws SQLException {
        try (PreparedStatement p = db.prepareStatement("SELECT 1 FROM information_schema.columns WHERE table_name = ? AND column_name = ?")) {
            p.setString(1, table);
            p.setString(2, column);
            try (ResultSet r = p.executeQuery()) {
                return r.next();
            }
        }
    }

    @Test
    void aFileSentAsOneQueryIsOneImplicitTransactionSoConcurrentlyWorksOnlyAlone() throws Exception {
        String file = "ALTER TABLE items ADD COLUMN due date; CREATE INDEX CONCURRENTLY items_due_idx ON items (due);";
        String error = oneQuery(file);
        assertTrue(error.contains("cannot run inside a transaction block"), error);
        assertTrue(!hasColumn("items", "due"), "the ALTER before it was rolled back with it: one transaction");
        assertEquals("", oneQuery("CREATE INDEX CONCURRENTLY items_qty_cidx ON items (qty);"), "alone in the query it runs");
        assertEquals(1, findings("concurrently-in-transaction", "db/migrations/000001_setup.up.sql", "db/migrations/000002_change.up.sql",
                file.replace("; ", ";\n")).size());
        assertEquals(0, findings("concurrently-in-transaction", "db/migrations/000001_setup.up.sql", "db/migrations/000002_change.up.sql",
                "CREATE INDEX CONCURRENTLY items_qty_cidx ON items (qty);").size());
    }

    @Test
    void integerToBigintRewritesUnderAccessExclusiveAndTheRuleSaysSo() throws Exception {
        Observed o = run("ALTER TABLE items ALTER COLUMN qty TYPE bigint");
        assertTrue(o.itemsRewritten(), "relfilenode must change");
        assertTrue(o.locks().get("items").contains("AccessExclusiveLock"), o.toString());
        assertEquals(1, verdict("column-type-rewrite", "ALTER TABLE items ALTER COLUMN qty TYPE bigint;"));
    }

    @Test
    void truncateTakesAccessExclusiveSoItWantsALockTimeoutLikeAnyStrongLock() throws Exception {
        Observed o = run("TRUNCATE items");
        assertTrue(o.locks().get("items").contains("AccessExclusiveLock"), o.toString());
        assertEquals(1, verdict("missing-lock-timeout", "TRUNCATE items;"));
        assertEquals(0, verdict("missing-lock-timeout", "SET lock_timeout = '2s';\nTRUNCATE items;"));
    }

    @Test
    void binaryCompatibleTypeChangesKeepTheFileAndTheRuleStaysSilent() throws Exception {
        for (String change : List.of("title TYPE varchar(20)", "title TYPE text", "price TYPE numeric(12,2)", "price TYPE numeric")) {
            tables();
            Observed o = run("ALTER TABLE items ALTER COLUMN " + change);
            assertTrue(!o.itemsRewritten(), change + " must not rewrite");
            assertEquals(0, verdict("column-type-rewrite", "ALTER TABLE items ALTER COLUMN " + change + ";"), change);
        }
        tables();
        Observed scaleChange = run("ALTER TABLE items ALTER COLUMN price TYPE numeric(12,3)");
        assertTrue(scaleChange.itemsRewritten(), "a new scale rewrites");
        assertEquals(1, verdict("column-type-rewrite", "ALTER TABLE items ALTER COLUMN price TYPE numeric(12,3);"));
    }

    @Test
    void plainCreateIndexTakesShareAndTheRuleFires() throws Exception {
        Observed o = run("CREATE INDEX items_qty_idx ON items (qty)");
        assertEquals("ShareLock", o.locks().get("items"));
        assertEquals(1, verdict("index-without-concurrently", "CREATE INDEX items_qty_idx ON items (qty);"));
        try (Statement s = db.createStatement()) {
            s.execute("CREATE INDEX items_title_idx ON items (title)");
        }
        Observed drop = run("DROP INDEX items_title_idx");
        assertTrue(drop.locks().get("items").contains("AccessExclusiveLock"), drop.toString());
        assertEquals(1, verdict("index-without-concurrently", "DROP INDEX items_title_idx;"));
    }

    @Test
    void concurrentlyTakesOnlyShareUpdateExclusiveSoWritesGoOn() throws Exception {
        // an open writer makes CONCURRENTLY wait for it, which leaves time to look at the lock it holds meanwhile
        try (Connection writer = pg.connect("migrations"); Connection builder = pg.connect("migrations");
             Connection observer = pg.connect("migrations")) {
            writer.setAutoCommit(false);
            writer.createStatement().execute("INSERT INTO items VALUES (5000, 1, 1, 'w', 1, 'w')");
            int builderPid;
            try (ResultSet r = builder.createStatement().executeQuery("SELECT pg_backend_pid()")) {
                r.next();
                builderPid = r.getInt(1);
            }
            CompletableFuture<Void> build = CompletableFuture.runAsync(() -> {
                try (Statement s = builder.createStatement()) {
                    s.execute("CREATE INDEX CONCURRENTLY items_qty_cidx ON items (qty)");
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            String mode = null;
            for (int i = 0; i < 200 && mode == null; i++) {
                try (PreparedStatement p = observer.prepareStatement("SELECT l.mode FROM pg_locks l JOIN pg_class c ON c.oid = l.relation"
                        + " WHERE l.pid = ? AND c.relname = 'items' AND l.granted")) {
                    p.setInt(1, builderPid);
                    try (ResultSet r = p.executeQuery()) {
                        mode = r.next() ? r.getString(1) : null;
                    }
                }
                if (mode == null) {
                    Thread.sleep(25);
                }
            }
            assertEquals("ShareUpdateExclusiveLock", mode);
            // while the build runs, another session still writes the table
            observer.createStatement().execute("INSERT INTO items VALUES (5001, 1, 1, 'o', 1, 'o')");
            writer.commit();
            build.get();
        }
        assertEquals(0, verdict("index-without-concurrently", "CREATE INDEX CONCURRENTLY items_qty_idx ON items (qty);"));
    }

    @Test
    void concurrentlyInsideATransactionFailsAndTheRuleFires() throws Exception {
        db.setAutoCommit(false);
        try (Statement s = db.createStatement()) {
            SQLException e = assertThrows(SQLException.class, () -> s.execute("CREATE INDEX CONCURRENTLY items_qty_idx ON items (qty)"));
            assertEquals("25001", e.getSQLState(), e.getMessage());
        } finally {
            db.rollback();
            db.setAutoCommit(true);
        }
        assertEquals(1, verdict("concurrently-in-transaction", "BEGIN;\nCREATE INDEX CONCURRENTLY items_qty_idx ON items (qty);\nCOMMIT;"));
    }

    @Test
    void foreignKeyTakesShareRowExclusiveOnBothTablesAndNotValidThenValidateDoesNot() throws Exception {
        Observed o = run("ALTER TABLE items ADD CONSTRAINT items_parent_fk FOREIGN KEY (parent_id) REFERENCES parents (id)");
        assertTrue(o.locks().get("items").contains("ShareRowExclusiveLock") && !o.locks().get("items").contains("AccessExclusiveLock"), o.toString());
        assertTrue(o.locks().get("parents").contains("ShareRowExclusiveLock"), o.toString());
        assertEquals(1, verdict("constraint-without-not-valid",
                "ALTER TABLE items ADD CONSTRAINT items_parent_fk FOREIGN KEY (parent_id) REFERENCES parents (id);"));

        try (Statement s = db.createStatement()) {
            s.execute("ALTER TABLE items ADD CONSTRAINT items_parent_fk FOREIGN KEY (parent_id) REFERENCES parents (id) NOT VALID");
        }
        Observed validate = run("ALTER TABLE items VALIDATE CONSTRAINT items_parent_fk");
        assertTrue(validate.locks().get("items").contains("ShareUpdateExclusiveLock") && !validate.locks().get("items").contains("ShareRowExclusiveLock"), validate.toString());
        assertEquals(0, verdict("constraint-without-not-valid",
                "ALTER TABLE items ADD CONSTRAINT items_parent_fk FOREIGN KEY (parent_id) REFERENCES parents (id) NOT VALID;\n"
                        + "ALTER TABLE items VALIDATE CONSTRAINT items_parent_fk;"));
    }

    /** Locks the statement's transaction holds, and how many rows of items it read (pg_stat_xact_user_tables: this transaction's own reads). */
    private static Map<String, Object> locksAndRowsRead(String statement) throws SQLException {
        db.setAutoCommit(false);
        try (Statement s = db.createStatement()) {
            long before = rowsRead(s);
            s.execute(statement);
            Map<String, Object> out = new TreeMap<>(run0(s));
            out.put("rows read", rowsRead(s) - before);
            return out;
        } finally {
            db.rollback();
            db.setAutoCommit(true);
        }
    }

    private static Map<String, String> run0(Statement s) throws SQLException {
        Map<String, String> locks = new TreeMap<>();
        try (ResultSet r = s.executeQuery("SELECT c.relname, string_agg(l.mode, ',' ORDER BY l.mode) FROM pg_locks l"
                + " JOIN pg_class c ON c.oid = l.relation WHERE l.pid = pg_backend_pid() AND l.granted"
                + " AND c.relname IN ('items', 'parents') GROUP BY c.relname")) {
            while (r.next()) {
                locks.put(r.getString(1), r.getString(2));
            }
        }
        return locks;
    }

    private static long rowsRead(Statement s) throws SQLException {
        try (ResultSet r = s.executeQuery("SELECT coalesce(sum(seq_tup_read), 0) FROM pg_stat_xact_user_tables WHERE relname = 'items'")) {
            r.next();
            return r.getLong(1);
        }
    }

    @Test
    void aForeignKeyAddedWithItsColumnScansOnlyWhenTheColumnHasADefault() throws Exception {
        Map<String, Object> bare = locksAndRowsRead("ALTER TABLE items ADD COLUMN owner_id integer REFERENCES parents (id)");
        assertEquals(0L, bare.get("rows read"), "no default: every value is NULL and PostgreSQL skips the validation scan " + bare);
        assertTrue(bare.get("parents").toString().contains("ShareRowExclusiveLock"), "but the referenced table is still locked " + bare);
        assertTrue(bare.get("items").toString().contains("AccessExclusiveLock"), bare.toString());
        assertEquals(0, verdict("constraint-without-not-valid", "ALTER TABLE items ADD COLUMN owner_id integer REFERENCES parents (id);"));

        tables();
        Map<String, Object> withDefault = locksAndRowsRead("ALTER TABLE items ADD COLUMN owner_id integer DEFAULT 1 REFERENCES parents (id)");
        assertEquals(1000L, withDefault.get("rows read"), "a default: every existing row is checked " + withDefault);
        assertTrue(withDefault.get("parents").toString().contains("ShareRowExclusiveLock"), withDefault.toString());
        assertTrue(withDefault.get("items").toString().contains("AccessExclusiveLock"), withDefault.toString());
        List<dev.querylens.engine.Finding> found = findings("constraint-without-not-valid", "migrations/0001_setup.sql",
                "migrations/0002_change.sql", "ALTER TABLE items ADD COLUMN owner_id integer DEFAULT 1 REFERENCES parents (id);");
        assertEquals(1, found.size());
        // the fix, applied, ends with the same constraint and no scan under ACCESS EXCLUSIVE
        String fix = found.get(0).fix();
        String ddl = "ALTER TABLE items ADD COLUMN owner_id integer DEFAULT 1;\n" + fix.substring(fix.indexOf("ALTER TABLE"), fix.indexOf("-- VALIDATE"));
        tables();
        try (Statement s = db.createStatement()) {
            s.execute(ddl);
            try (ResultSet r = s.executeQuery("SELECT convalidated FROM pg_constraint WHERE conname = 'items_owner_id_fkey'")) {
                assertTrue(r.next() && r.getBoolean(1), ddl);
            }
        }
    }

    @Test
    void onlyVolatileDefaultsRewriteAndTheRuleTellsThemApart() throws Exception {
        Map<String, Boolean> rewrites = Map.of("created_at timestamptz DEFAULT now()", false, "flag boolean DEFAULT false", false,
                "seen_at timestamptz DEFAULT clock_timestamp()", true, "public_id uuid DEFAULT gen_random_uuid()", true,
                "r double precision DEFAULT random()", true, "seq serial", true);
        for (Map.Entry<String, Boolean> c : rewrites.entrySet()) {
            tables();
            Observed o = run("ALTER TABLE items ADD COLUMN " + c.getKey());
            assertEquals(c.getValue(), o.itemsRewritten(), c.getKey());
            assertTrue(o.locks().get("items").contains("AccessExclusiveLock"), o.toString());
            assertEquals(c.getValue() ? 1 : 0, verdict("add-column-volatile-default", "ALTER TABLE items ADD COLUMN " + c.getKey() + ";"), c.getKey());
        }
    }

    @Test
    void notNullWithoutDefaultFailsOnATableWithRows() throws Exception {
        SQLException e = assertThrows(SQLException.class, () -> run("ALTER TABLE items ADD COLUMN priority integer NOT NULL"));
        assertEquals("23502", e.getSQLState(), e.getMessage());
        assertEquals(1, verdict("add-column-not-null-without-default", "ALTER TABLE items ADD COLUMN priority integer NOT NULL;"));
        assertEquals(0, verdict("add-column-not-null-without-default", "ALTER TABLE items ADD COLUMN priority integer NOT NULL DEFAULT 0;"));
    }

    @Test
    void setNotNullTakesAccessExclusive() throws Exception {
        Observed o = run("ALTER TABLE items ALTER COLUMN note SET NOT NULL");
        assertTrue(o.locks().get("items").contains("AccessExclusiveLock"), o.toString());
        assertEquals(1, verdict("set-not-null-without-check", "ALTER TABLE items ALTER COLUMN note SET NOT NULL;"));
    }

    @Test
    void namesOverSixtyThreeBytesAreTruncated() throws Exception {
        String name = "organization_memberships_organization_id_user_id_created_at_role_idx";
        run("CREATE INDEX " + name + " ON items (qty)");
        try (Statement s = db.createStatement()) {
            s.execute("CREATE INDEX " + name + " ON items (qty)");
            try (ResultSet r = s.executeQuery("SELECT relname FROM pg_class WHERE relname LIKE 'organization_memberships%'")) {
                assertTrue(r.next());
                assertEquals(name.substring(0, 63), r.getString(1));
                assertNotEquals(name, r.getString(1));
            }
        }
        assertEquals(1, verdict("identifier-too-long", "CREATE INDEX CONCURRENTLY " + name + " ON items (qty);"));
    }
}
