package dev.querylens.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.querylens.advisor.PostgresServer;
import dev.querylens.collect.Diagnostic;
import dev.querylens.database.ConnectionSettings;
import dev.querylens.database.UserDatabase;
import dev.querylens.migration.MigrationPaths;
import dev.querylens.report.Report;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * PostgreSQL as the oracle for the schema half of QueryLens, on the public corpus
 * (corpus/schemas/*, each with its PROVENANCE.md): every project's files run in order through
 * psql on a PostgreSQL 15 of their own, then pg_catalog and QueryLens's catalog from reading the
 * same files are compared fact by fact (tables, columns with types and NOT NULL, indexes in full,
 * foreign keys, RLS, policies, functions with their security and EXECUTE grants, views' security_invoker,
 * extensions). A difference passes only where QueryLens emitted a diagnostic
 * naming a statement on that table it did not model; and every duplicate-index finding must be a
 * pair pg_index holds as the same index, and every such pair must be found.
 */
class CorpusSchemaOracleTest {
    private static PostgresServer server;

    @BeforeAll
    static void start() throws Exception {
        server = PostgresServer.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @TestFactory
    Stream<DynamicTest> eachProjectReadsAsPostgresBuildsIt() throws IOException, URISyntaxException {
        Path corpus = Path.of(getClass().getResource("/corpus/schemas").toURI());
        List<Path> projects;
        try (Stream<Path> dirs = Files.list(corpus)) {
            projects = dirs.filter(Files::isDirectory).sorted().toList();
        }
        assertTrue(projects.size() >= 8, "the corpus holds at least 8 projects, found " + projects);
        return projects.stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> check(p)));
    }

    private void check(Path project) throws Exception {
        assertTrue(Files.isRegularFile(project.resolve("PROVENANCE.md")), project + " has its PROVENANCE.md");
        String db = project.getFileName().toString().replaceAll("[^a-z0-9]", "_");
        SchemaOracle.Result result = SchemaOracle.run(server, db, appliedByTheMigrator(project), sqlFiles(project));
        System.out.printf(Locale.ROOT, "%s: %d facts from PostgreSQL, %d differences explained by diagnostics, %d unexplained,"
                + " %d diagnostics%n", project.getFileName(), result.server().size(), result.explained().size(),
                result.unexplained().size(), result.diagnostics().size());
        result.explained().forEach(d -> System.out.println("  explained " + d));
        result.diagnostics().forEach(d -> System.out.println("  diagnostic " + d));
        assertTrue(result.server().stream().anyMatch(f -> f.endsWith(" table")), "the migrations built tables");
        assertEquals(List.of(), result.unexplained(), "facts where QueryLens and PostgreSQL disagree with no diagnostic to say why");
        try (Connection c = server.connect(db)) {
            duplicatesAreTrueDuplicates(project, c);
        }
        liveCatalogReadsTheSame(db, result);
        analyzeReportsTheSameGaps(project, result);
    }

    /**
     * querylens analyze on the project's files reads their DDL through the same reader: it reports
     * the same schema gaps (its diagnostics about workload statements are another matter).
     */
    private static void analyzeReportsTheSameGaps(Path project, SchemaOracle.Result result) throws IOException {
        Report report = SchemaOracle.analyze(sqlFiles(project));
        List<String> expected = result.diagnostics().stream().map(Diagnostic::toString).sorted().toList();
        List<String> reported = report.diagnostics().stream().filter(CorpusSchemaOracleTest::aboutSchema)
                .map(Diagnostic::toString).sorted().toList();
        assertEquals(expected, reported, "the schema diagnostics of querylens analyze on " + project.getFileName());
    }

    private static boolean aboutSchema(Diagnostic d) {
        return d.message().startsWith("could not read DDL") || d.message().contains(" not modelled");
    }

    /**
     * The same database read the way {@code analyze --db} reads it (UserDatabase.catalog() and
     * LiveCatalogReader) must give the same facts.
     */
    private static void liveCatalogReadsTheSame(String db, SchemaOracle.Result result) throws Exception {
        List<Diagnostic> diagnostics = new ArrayList<>();
        Catalog live;
        try (UserDatabase database = UserDatabase.open(ConnectionSettings.parse(server.url(db)), UserDatabase.Access.READ_ONLY)) {
            live = LiveCatalogReader.read(database.catalog(), diagnostics::add);
        }
        TreeSet<String> liveFacts;
        try (Connection c = server.connect(db)) {
            liveFacts = SchemaOracle.facts(live, c);
        }
        assertEquals(List.of(), diagnostics, "diagnostics reading the live catalog");
        assertEquals(result.server(), liveFacts, "the live catalog's facts");
    }

    private static void duplicatesAreTrueDuplicates(Path project, Connection c) throws Exception {
        Set<String> reported = SchemaOracle.reportedDuplicates(sqlFiles(project));
        Set<String> truth = SchemaOracle.serverDuplicates(c);
        System.out.printf(Locale.ROOT, "%s: duplicate-index reports %s; pg_index holds %s%n", project.getFileName(), reported, truth);
        assertEquals(truth, reported, "duplicate-index findings against the pairs pg_index holds as the same index");
        Set<String> redundant = SchemaOracle.reportedRedundant(sqlFiles(project));
        Set<String> prefixes = SchemaOracle.serverRedundant(c);
        System.out.printf(Locale.ROOT, "%s: redundant-index reports %s; pg_index holds %s%n", project.getFileName(), redundant, prefixes);
        assertEquals(prefixes, redundant, "redundant-index findings against the leading-prefix pairs pg_index holds");
    }

    /**
     * The project's .sql files at any depth that QueryLens reads as the schema's history (not the down
     * migrations and declarative schema files it tells apart), in the order its migrator applies them
     * (a setup file at the top sorts first).
     */
    private static List<Path> sqlFiles(Path project) throws IOException {
        try (Stream<Path> files = Files.walk(project)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".sql"))
                    .filter(f -> switch (MigrationPaths.role(f.toString())) {
                        case DOWN, DECLARATIVE_SCHEMA -> false;
                        default -> true;
                    })
                    .sorted((a, b) -> MigrationPaths.ORDER.compare(a.toString(), b.toString())).toList();
        }
    }

    /**
     * What the project's migrator runs on {@code migrate}, said here from each tool's documentation and not
     * from QueryLens's code, so PostgreSQL's catalog is the applied history's: sqlx's and golang-migrate's
     * {@code *.down.sql}, diesel's and Hasura's {@code down.sql} and Flyway's {@code U<version>__} undo migrations are run
     * only to go back; the Supabase CLI's {@code supabase/schemas/} is the declared schema {@code supabase db diff}
     * writes migrations from; goose and dbmate run a file only up to its {@code -- +goose Down} /
     * {@code -- migrate:down} line (that part is written to a file of its own for psql).
     */
    /**
     * sqitch deploy: each change line of the plan (not a pragma, comment or tag line) in the plan's
     * order, by its deploy/ script beside the plan (sqitch's documentation, "sqitch-deploy"); a change
     * whose script the excerpt does not hold ends the excerpt.
     */
    private static List<Path> deployedBySqitch(Path plan) throws IOException {
        List<Path> applied = new ArrayList<>();
        for (String line : Files.readAllLines(plan)) {
            String change = line.strip().split("\\s+")[0];
            if (change.isEmpty() || change.startsWith("%") || change.startsWith("#") || change.startsWith("@")) {
                continue;
            }
            Path deploy = plan.resolveSibling("deploy").resolve(change + ".sql");
            if (!Files.isRegularFile(deploy)) {
                break;
            }
            applied.add(deploy);
        }
        return applied;
    }

    private List<Path> appliedByTheMigrator(Path project) throws IOException {
        Path plan;
        try (Stream<Path> files = Files.walk(project)) {
            plan = files.filter(f -> f.getFileName().toString().equals("sqitch.plan")).findFirst().orElse(null);
        }
        if (plan != null) {
            return deployedBySqitch(plan);
        }
        List<Path> applied = new ArrayList<>();
        List<Path> all;
        try (Stream<Path> files = Files.walk(project)) {
            all = files.filter(f -> f.getFileName().toString().endsWith(".sql"))
                    .sorted((a, b) -> MigrationPaths.ORDER.compare(a.toString(), b.toString())).toList();
        }
        for (Path f : all) {
            String name = f.getFileName().toString();
            String path = project.relativize(f).toString().replace('\\', '/');
            boolean undo = name.endsWith(".down.sql") || name.equals("down.sql") || name.matches("(?i)U[0-9][0-9._]*__.*\\.sql");
            if (undo || path.startsWith("supabase/schemas/") || path.contains("/supabase/schemas/")) {
                continue;
            }
            String text = Files.readString(f);
            java.util.regex.Matcher down = DOWN_SECTION.matcher(text);
            if (down.find()) {
                Path up = upSections.resolve(project.getFileName() + "-" + applied.size() + "-" + name);
                Files.writeString(up, text.substring(0, down.start()));
                applied.add(up);
            } else {
                applied.add(f);
            }
        }
        return applied;
    }

    /** The line goose (-- +goose Down, any case) or dbmate (-- migrate:down) starts a file's down section with. */
    private static final java.util.regex.Pattern DOWN_SECTION =
            java.util.regex.Pattern.compile("(?im)^--\\s*(\\+goose\\s+down|migrate:down)\\b");

    @org.junit.jupiter.api.io.TempDir
    Path upSections;
}
