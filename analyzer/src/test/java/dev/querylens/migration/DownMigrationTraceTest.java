package dev.querylens.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.querylens.advisor.OfflineAdvisor;
import dev.querylens.advisor.PostgresServer;
import dev.querylens.analysis.Analysis;
import dev.querylens.analysis.AnalysisRequest;
import dev.querylens.database.ConnectionSettings;
import dev.querylens.engine.Finding;
import dev.querylens.engine.RuleCatalog;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * down-does-not-undo against PostgreSQL as the judge. On the corpus's histories with down
 * migrations (sqlx-docs-rs: 33 up/down pairs; goose-openfga: 6 files with down sections;
 * dbmate-testdata: 2), QueryLens's trace (on a disposable --db of PostgreSQL 15, and on the
 * throwaway PostgreSQL 16) must flag exactly the down migrations that an independent oracle flags:
 * psql applies each migration as the migrator would, then, on a copy of the database made right
 * after it (CREATE DATABASE ... TEMPLATE), its down and the migration again, and pg_dump
 * --schema-only compares the copy with the database before the migration and after it. The
 * expected down files were written here from reading the migrations, before the first run.
 * Hand-written minimal histories prove the finding's line and words for a down that keeps a column
 * and for one that fails, and that a trace with its rollback checks leaves the disposable database
 * exactly as it was.
 */
class DownMigrationTraceTest {
    private static final Path CORPUS = corpus();
    private static final String RULE = "down-does-not-undo";
    private static PostgresServer pg;

    @TempDir
    Path dir;

    private static Path corpus() {
        try {
            return Path.of(DownMigrationTraceTest.class.getResource("/corpus/schemas").toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @BeforeAll
    static void start() throws Exception {
        pg = PostgresServer.start();
    }

    @AfterAll
    static void stop() throws Exception {
        pg.close();
    }

    /**
     * sqlx-docs-rs, expected from reading its files (before any run):
     * <ul>
     * <li>initial: the down drops every table, the type and the function, but not the extension
     *     fuzzystrmatch the migration creates;</li>
     * <li>drop_releases_build_status: releases.build_status was {@code boolean DEFAULT false NOT NULL}, the
     *     down adds it back as a nullable BOOL without default;</li>
     * <li>make_build_fields_optional: builds.build_time's default was CURRENT_TIMESTAMP, the down sets now()
     *     (the same value, another catalog: PostgreSQL keeps them apart);</li>
     * <li>build-logs: the migration adds the enum value 'partial_failure' to build_status, which no down can
     *     take back (PostgreSQL has no ALTER TYPE ... DROP VALUE);</li>
     * <li>remove-release-files-archive: releases.archive_storage was {@code DEFAULT false}, the down adds it
     *     back {@code DEFAULT TRUE}.</li>
     * </ul>
     * Every other down restores its migration's catalog (the two migrations whose up file holds only
     * comments are not checked: nothing was applied to undo).
     *
     * <p>That prediction missed one, which PostgreSQL showed on the first run (pg_dump and QueryLens alike):
     * crate-version-name-field-length changes crates.name from varchar(255) to text and back, and the
     * expression index crates_normalized_name_idx on normalize_crate_name(name), a function taking
     * varchar, comes back as normalize_crate_name((name)::character varying): PostgreSQL rebuilt the
     * index with the cast the text column needed, and the down's change back to varchar keeps it. The
     * same index, another definition, so a later migration that compares definitions sees a difference.
     */
    private static final Set<String> SQLX_DOCS_RS = Set.of(
            "20231021111635_initial.down.sql",
            "20240221104457_drop_releases_build_status.down.sql",
            "20240313182623_make_build_fields_optional.down.sql",
            "20240519141105_crate-version-name-field-length.down.sql",
            "20260508232425_build-logs.down.sql",
            "20260811210608_remove-release-files-archive.down.sql");

    /**
     * The first 60 migrations of diesel-crates-io (corpus/schemas) with their down.sql (corpus/rollbacks), expected
     * from reading them before any run: 12 and 17 drop column defaults and their downs are empty; 19 sets NOT NULL on
     * versions.downloads, which was NOT NULL already, and its down drops NOT NULL; 36 drops version_dependencies (two
     * NOT NULL columns, two indexes) and its down creates it with one nullable column. Every other down restores
     * (8 and 11 only UPDATE rows, with an empty down; 14 inserts a row its down deletes).
     */
    private static final Set<String> DIESEL_CRATES_IO_60 = Set.of(
            "20140925132254_dumped_migration_12/down.sql",
            "20140925161625_dumped_migration_17/down.sql",
            "20140926130046_dumped_migration_19/down.sql",
            "20140930082104_dumped_migration_36/down.sql");

    /** goose-openfga and dbmate-testdata: every down section undoes its up section (006's CONCURRENTLY ones included). */
    private static final Set<String> NONE = Set.of();

    @Test
    void sqlxDocsRsOnADisposableDatabaseFlagsWhatPgDumpFlags() throws Exception {
        checkCorpus("sqlx-docs-rs", "sqlx_docs_rs", SQLX_DOCS_RS, false);
    }

    @Test
    void sqlxDocsRsOnTheThrowawayServerFlagsTheSame() throws Exception {
        checkCorpus("sqlx-docs-rs", "sqlx_docs_rs_throwaway", SQLX_DOCS_RS, true);
    }

    @Test
    void gooseOpenfgaDownSectionsAllUndoTheirMigrations() throws Exception {
        checkCorpus("goose-openfga", "goose_openfga", NONE, false);
        checkCorpus("goose-openfga", "goose_openfga_throwaway", NONE, true);
    }

    @Test
    void dieselCratesIoFirstSixtyMigrationsFlagWhatPgDumpFlags() throws Exception {
        Path history = dir.resolve("diesel-crates-io");
        Path ups = CORPUS.resolve("diesel-crates-io/migrations");
        Path downs = CORPUS.resolve("../rollbacks/diesel-crates-io/migrations").normalize();
        List<String> migrations;
        try (Stream<Path> s = Files.list(ups)) {
            migrations = s.map(p -> p.getFileName().toString()).filter(n -> n.matches("[0-9]{14}_.*")).sorted().limit(60).toList();
        }
        assertEquals(60, migrations.size());
        for (String m : migrations) {
            write(history.resolve("migrations/" + m + "/up.sql"), Files.readString(ups.resolve(m + "/up.sql")));
            write(history.resolve("migrations/" + m + "/down.sql"), Files.readString(downs.resolve(m + "/down.sql")));
        }
        Files.copy(CORPUS.resolve("diesel-crates-io/PROVENANCE.md"), history.resolve("PROVENANCE.md"));
        checkCorpus(history, "diesel_crates_io", DIESEL_CRATES_IO_60, false);
    }

    @Test
    void dbmateDownSectionsUndoTheirMigrations() throws Exception {
        checkCorpus("dbmate-testdata", "dbmate_testdata", NONE, false);
    }

    /** A down that keeps a column: one finding, at the down's first statement, naming the column; the database left as it was. */
    @Test
    void aDownThatKeepsAColumnIsOneFindingAtItsFirstStatement() throws Exception {
        Path m = dir.resolve("migrations");
        write(m.resolve("2024-01-01-000000_users/up.sql"), "CREATE TABLE users (id integer PRIMARY KEY, age integer NOT NULL);\n");
        write(m.resolve("2024-01-01-000000_users/down.sql"), "DROP TABLE users;\n");
        write(m.resolve("2024-02-01-000000_nickname/up.sql"), "ALTER TABLE users ADD COLUMN nickname text;\n"
                + "ALTER TABLE users ALTER COLUMN age TYPE bigint;\n");
        write(m.resolve("2024-02-01-000000_nickname/down.sql"), "-- undo the nickname\n\nALTER TABLE users ALTER COLUMN age TYPE integer;\n");
        String db = disposable("broken_down");
        String before = schemaDump(db);
        List<Finding> found = findings(files(m), ConnectionSettings.parse(pg.url(db)));
        assertEquals(1, found.size(), found.toString());
        Finding f = found.get(0);
        assertEquals(m.resolve("2024-02-01-000000_nickname/down.sql") + ":3", f.locations().get(0).toString());
        assertTrue(f.message().contains("does not restore the catalog the migration found"), f.message());
        assertTrue(f.message().contains("table public.users keeps column nickname (text)"), f.message());
        // the down's own ALTER put age back: only the column is left, and the migration then fails to add it again
        assertTrue(!f.message().contains("type of public.users.age"), f.message());
        assertTrue(f.message().contains("cannot be applied again") && f.message().contains("column \"nickname\" of relation \"users\" already exists"),
                f.message());
        assertTrue(f.fix().contains("diesel migration revert"), f.fix());
        assertEquals(before, schemaDump(db), "the disposable database is as it was");
    }

    /** A down that fails: the finding is at the statement that failed, with the server's error; the statements before it do not count. */
    @Test
    void aFailingDownIsAFindingAtTheStatementThatFailed() throws Exception {
        Path m = dir.resolve("migrations");
        write(m.resolve("20240101000000_users.up.sql"), "CREATE TABLE users (id integer PRIMARY KEY, email text);\n"
                + "CREATE INDEX users_email_idx ON users (email);\n");
        write(m.resolve("20240101000000_users.down.sql"), "DROP INDEX users_email_idx;\nDROP TABLE user_emails;\nDROP TABLE users;\n");
        write(m.resolve("20240201000000_orders.up.sql"), "CREATE TABLE orders (id integer PRIMARY KEY, user_id integer REFERENCES users);\n");
        write(m.resolve("20240201000000_orders.down.sql"), "DROP TABLE orders;\n");
        String db = disposable("failing_down");
        String before = schemaDump(db);
        List<Finding> found = findings(files(m), ConnectionSettings.parse(pg.url(db)));
        assertEquals(1, found.size(), "the failing down only; the history goes on and the orders down restores: " + found);
        Finding f = found.get(0);
        assertEquals(m.resolve("20240101000000_users.down.sql") + ":2", f.locations().get(0).toString());
        assertTrue(f.message().startsWith("the down migration fails") && f.message().contains("table \"user_emails\" does not exist"),
                f.message());
        assertTrue(f.message().contains("migrate down 1 stops here"), f.message());
        assertEquals(before, schemaDump(db), "the disposable database is as it was");
    }

    private void checkCorpus(String project, String db, Set<String> expected, boolean throwaway) throws Exception {
        checkCorpus(CORPUS.resolve(project), db, expected, throwaway);
    }

    private void checkCorpus(Path root, String db, Set<String> expected, boolean throwaway) throws Exception {
        String project = root.getFileName().toString();
        assertTrue(Files.isRegularFile(root.resolve("PROVENANCE.md")), project + " has its provenance");
        List<Path> files = files(root);
        Set<String> flagged = new TreeSet<>();
        List<Finding> found = findings(files, throwaway ? null : ConnectionSettings.parse(pg.url(disposable(db))));
        for (Finding f : found) {
            System.out.println(project + (throwaway ? " (throwaway)" : " (--db)") + ": " + f.locations().get(0) + ": " + f.message());
            assertTrue(flagged.add(key(Path.of(f.locations().get(0).file()))), "one finding per down: " + found);
        }
        Map<String, List<String>> oracle = oracle(root, db + "_oracle");
        oracle.forEach((down, diff) -> System.out.println(project + " pg_dump: " + down + " " + diff));
        assertEquals(new TreeSet<>(expected), new TreeSet<>(oracle.keySet()), "the down files pg_dump shows do not undo their migration");
        assertEquals(new TreeSet<>(expected), flagged, "the down files QueryLens flags");
    }

    /** A down file by its name, with its directory for diesel's down.sql. */
    private static String key(Path file) {
        String name = file.getFileName().toString();
        return name.equals("down.sql") ? file.getParent().getFileName() + "/" + name : name;
    }

    private static List<Finding> findings(List<Path> files, ConnectionSettings database) throws Exception {
        TraceScript script = TraceScript.of(files);
        MigrationTrace trace = database == null ? MigrationTrace.onThrowawayServer(script, Set.of())
                : MigrationTrace.onDisposable(database, script, Set.of());
        trace.entries().forEach(e -> assertTrue(e.traced().error() == null, "the history applies: " + e));
        trace.undone().forEach(u -> assertTrue(u.rollback().notChecked() == null, "every down was checked: " + u));
        System.out.println("undone: " + trace.undone().size() + ", not restored: "
                + trace.undone().stream().filter(u -> !u.rollback().restored()).map(u -> u.rollback().down()).toList());
        var report = new Analysis(RuleCatalog.load(), "test", m -> { })
                .run(new AnalysisRequest(files, List.of(), null, null), null, new OfflineAdvisor(), trace);
        return report.findings().stream().filter(f -> f.rule().equals(RULE)).toList();
    }

    private static List<Path> files(Path root) throws Exception {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> p.toString().endsWith(".sql")).sorted().toList();
        }
    }

    private static void write(Path file, String text) throws Exception {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private static String disposable(String name) throws Exception {
        try (Connection c = pg.connect("postgres"); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
            s.execute("COMMENT ON DATABASE " + name + " IS 'scratch copy; querylens:disposable'");
        }
        return name;
    }

    /** goose's and dbmate's annotation that starts a file's down section, said here from their documentation. */
    private static final Pattern DOWN_SECTION = Pattern.compile("(?im)^--\\s*(\\+goose\\s+down|migrate:down)\\b.*$");

    /**
     * PostgreSQL's own verdict, with no QueryLens code: the history's migrations in path order
     * (every history here is versioned by a fixed-width prefix of the file or directory name), each applied by psql; for each
     * with a down, a copy of the database made after it gets the down (pg_dump compared with the dump
     * before the migration) and the migration again (psql must succeed, pg_dump compared with the dump
     * after it). Down file (or the migration file holding the down section) to the dump lines that differ.
     */
    private Map<String, List<String>> oracle(Path root, String db) throws Exception {
        try (Connection c = pg.connect("postgres"); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + db);
        }
        List<Path> all = files(root);
        List<Path> forward = all.stream().filter(p -> !p.getFileName().toString().endsWith("down.sql"))
                .sorted((a, b) -> root.relativize(a).toString().compareTo(root.relativize(b).toString())).toList();
        Map<String, List<String>> out = new TreeMap<>();
        int n = 0;
        for (Path f : forward) {
            String text = Files.readString(f);
            Matcher section = DOWN_SECTION.matcher(text);
            Path up = f;
            Path down = null;
            String name = f.getFileName().toString();
            if (section.find()) {
                up = dir.resolve("up-" + n + ".sql");
                down = dir.resolve("down-" + n++ + ".sql");
                Files.writeString(up, text.substring(0, section.start()));
                Files.writeString(down, text.substring(section.start()));
            } else if (name.endsWith("up.sql")) {
                down = f.resolveSibling(name.replace("up.sql", "down.sql"));
                name = key(down);
            }
            boolean applies = !sql(up).isBlank();
            String before = schemaDump(db);
            assertEquals("", psql(db, up), "the migration applies: " + f);
            if (down == null || !applies) {
                continue;
            }
            String after = schemaDump(db);
            try (Connection c = pg.connect("postgres"); Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE probe TEMPLATE " + db);
            }
            try {
                List<String> diff = new ArrayList<>();
                String failed = psql("probe", down);
                if (!failed.isEmpty()) {
                    diff.add("down fails: " + failed);
                } else {
                    diff.addAll(difference(before, schemaDump("probe")));
                    String again = psql("probe", up);
                    if (!again.isEmpty()) {
                        diff.add("up again fails: " + again);
                    } else {
                        diff.addAll(difference(after, schemaDump("probe")));
                    }
                }
                if (!diff.isEmpty()) {
                    out.put(name, diff);
                }
            } finally {
                try (Connection c = pg.connect("postgres"); Statement s = c.createStatement()) {
                    s.execute("DROP DATABASE probe");
                }
            }
        }
        return out;
    }

    /** The file's statements without comments, to tell an up file that applies nothing. */
    private static String sql(Path file) throws Exception {
        return Files.readString(file).replaceAll("(?m)--.*$", "").replace(";", "").strip();
    }

    /**
     * Runs a file as these migrators do: in one transaction (sqlx, goose and dbmate wrap each file), unless the file
     * holds a statement that cannot run in one (CONCURRENTLY: goose's NO TRANSACTION files), then statement by
     * statement; stopping at the first error. "" when it ran, else psql's error.
     */
    private static String psql(String db, Path file) throws Exception {
        boolean oneTransaction = !Files.readString(file).toUpperCase(java.util.Locale.ROOT).contains("CONCURRENTLY");
        List<String> cmd = new ArrayList<>(List.of(PostgresServer.BIN.resolve("psql").toString(), "-X", "-q", "-v", "ON_ERROR_STOP=1",
                "-h", "127.0.0.1", "-p", String.valueOf(pg.port), "-U", "postgres", "-d", db, "-f", file.toAbsolutePath().toString()));
        if (oneTransaction) {
            cmd.add("--single-transaction");
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "psql finished " + file);
        return p.exitValue() == 0 ? "" : output.lines().filter(l -> l.contains("ERROR")).findFirst().orElse(output).strip();
    }

    private static String schemaDump(String db) throws Exception {
        List<String> cmd = new ArrayList<>();
        if ("root".equals(System.getProperty("user.name"))) {
            cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        cmd.addAll(List.of(PostgresServer.BIN.resolve("pg_dump").toString(), "-h", "127.0.0.1", "-p", String.valueOf(pg.port),
                "-U", "postgres", "--schema-only", db));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, out);
        // pg_dump 15.14+ fences the dump with a random \restrict key, new on every run
        return out.replaceAll("(?m)^\\\\(un)?restrict .*$", "");
    }

    /**
     * The lines of two dumps that differ, as multisets: comments, settings and blank lines left out,
     * a trailing comma dropped and the lines sorted, so a column added back last (the only way
     * PostgreSQL can add one) is no difference.
     */
    private static List<String> difference(String was, String now) {
        List<String> a = lines(was);
        List<String> b = lines(now);
        List<String> out = new ArrayList<>();
        List<String> rest = new ArrayList<>(b);
        for (String l : a) {
            if (!rest.remove(l)) {
                out.add("- " + l);
            }
        }
        rest.forEach(l -> out.add("+ " + l));
        return out;
    }

    private static List<String> lines(String dump) {
        return dump.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("--") && !l.startsWith("SET ")
                && !l.startsWith("SELECT pg_catalog.set_config")).map(l -> l.endsWith(",") ? l.substring(0, l.length() - 1) : l).sorted().toList();
    }
}
