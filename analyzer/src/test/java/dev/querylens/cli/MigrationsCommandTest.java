package dev.querylens.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A drizzle-kit history (the format of samples/taskboard/migrations: {@code --> statement-breakpoint})
 * whose second file holds one hazard per statement: {@code querylens migrations} flags each at its
 * file and line, flags the rename of a column the workload still reads, and stays silent on the
 * first file and on what the second does to the table it creates itself.
 */
class MigrationsCommandTest {
    private static final String INIT = """
            CREATE TABLE IF NOT EXISTS "projects" (
            	"id" bigserial PRIMARY KEY NOT NULL,
            	"name" text NOT NULL
            );
            --> statement-breakpoint
            CREATE TABLE IF NOT EXISTS "tasks" (
            	"id" bigserial PRIMARY KEY NOT NULL,
            	"project_id" bigint NOT NULL,
            	"title" varchar(100),
            	"done" boolean DEFAULT false NOT NULL,
            	"created_at" timestamp with time zone DEFAULT now() NOT NULL
            );
            --> statement-breakpoint
            CREATE INDEX IF NOT EXISTS "tasks_project_idx" ON "tasks" USING btree ("project_id");--> statement-breakpoint
            DO $$ BEGIN
             ALTER TABLE "tasks" ADD CONSTRAINT "tasks_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;
            EXCEPTION
             WHEN duplicate_object THEN null;
            END $$;
            --> statement-breakpoint
            ALTER TABLE "tasks" ALTER COLUMN "title" SET NOT NULL;
            """;
    private static final String CHANGES = """
            CREATE INDEX IF NOT EXISTS "tasks_done_idx" ON "tasks" USING btree ("done");--> statement-breakpoint
            CREATE INDEX CONCURRENTLY IF NOT EXISTS "tasks_created_idx" ON "tasks" USING btree ("created_at");--> statement-breakpoint
            ALTER TABLE "tasks" ADD COLUMN "priority" integer NOT NULL;--> statement-breakpoint
            ALTER TABLE "tasks" ADD COLUMN "public_id" uuid DEFAULT gen_random_uuid() NOT NULL;--> statement-breakpoint
            ALTER TABLE "tasks" ALTER COLUMN "project_id" SET DATA TYPE integer;--> statement-breakpoint
            ALTER TABLE "tasks" ALTER COLUMN "title" SET DATA TYPE varchar(200);--> statement-breakpoint
            ALTER TABLE "projects" ADD CONSTRAINT "projects_name_unique" UNIQUE("name");--> statement-breakpoint
            ALTER TABLE "tasks" RENAME COLUMN "title" TO "name";--> statement-breakpoint
            CREATE TABLE IF NOT EXISTS "labels" (
            	"id" serial PRIMARY KEY NOT NULL,
            	"task_id" bigint NOT NULL,
            	"color" text
            );
            --> statement-breakpoint
            CREATE INDEX IF NOT EXISTS "labels_task_idx" ON "labels" USING btree ("task_id");--> statement-breakpoint
            ALTER TABLE "labels" ADD COLUMN "created_at" timestamptz DEFAULT clock_timestamp() NOT NULL;--> statement-breakpoint
            ALTER TABLE "labels" ALTER COLUMN "color" SET NOT NULL;
            """;
    private static final Set<String> EXPECTED = Set.of(
            "index-without-concurrently 0001_changes.sql:1",
            "missing-lock-timeout 0001_changes.sql:1",
            "concurrently-in-transaction 0001_changes.sql:2",
            "add-column-not-null-without-default 0001_changes.sql:3",
            "add-column-volatile-default 0001_changes.sql:4",
            "column-type-rewrite 0001_changes.sql:5",
            "unique-without-index 0001_changes.sql:7",
            "drop-or-rename-in-use 0001_changes.sql:8",
            "serial-primary-key 0001_changes.sql:9");

    @TempDir
    Path dir;
    /** Reports and baselines go here, outside the analyzed project. */
    @TempDir
    Path work;
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void history() throws Exception {
        Files.createDirectories(dir.resolve("drizzle"));
        Files.createDirectories(dir.resolve("queries"));
        Files.writeString(dir.resolve("drizzle/0000_init.sql"), INIT);
        Files.writeString(dir.resolve("drizzle/0001_changes.sql"), CHANGES);
        Files.writeString(dir.resolve("queries/tasks.sql"), "SELECT id, title FROM tasks WHERE project_id = $1 AND done = false;\n"
                + "-- querylens:ignore missing-index a statement rule, which 'migrations' does not run\nSELECT id FROM tasks WHERE title = $1;\n");
    }

    private int run(String... args) {
        var cli = QueryLensCommand.commandLine();
        cli.setErr(new PrintWriter(err, true));
        cli.setOut(new PrintWriter(new StringWriter(), true));
        return cli.execute(args);
    }

    private Set<String> found(JsonNode report) {
        Set<String> out = new TreeSet<>();
        for (JsonNode f : report.path("findings")) {
            JsonNode at = f.path("locations").path(0);
            out.add(f.path("rule").asText() + " " + Path.of(at.path("file").asText()).getFileName() + ":" + at.path("line").asInt());
        }
        return out;
    }

    @Test
    void flagsEveryHazardAtItsFileAndLineAndNothingOnTablesCreatedInTheSameFile() throws Exception {
        Path out = work.resolve("report.json");
        assertEquals(ExitCode.GATE_FAILED, run("migrations", "-q", "--format", "json", "-o", out.toString(), dir.toString()), err.toString());
        JsonNode report = new ObjectMapper().readTree(out.toFile());
        assertEquals(new TreeSet<>(EXPECTED), found(report), report.path("findings").toPrettyString());
        JsonNode rename = null;
        for (JsonNode f : report.path("findings")) {
            if (f.path("rule").asText().equals("drop-or-rename-in-use")) {
                rename = f;
            }
        }
        assertTrue(rename.toString().contains("SELECT id, title FROM tasks"), rename.toPrettyString());
        assertTrue(rename.path("fix").asText().contains("Expand and contract"), rename.toPrettyString());
        JsonNode concurrently = report.path("findings").findParents("rule").stream()
                .filter(f -> f.path("rule").asText().equals("concurrently-in-transaction")).findFirst().orElseThrow();
        assertTrue(concurrently.path("fix").asText().contains("drizzle-kit migrate"), concurrently.toPrettyString());
        assertTrue(report.path("diagnostics").toString().contains("querylens:ignore") == false,
                "a suppression of a rule this command does not run is no unknown rule: " + report.path("diagnostics"));
        assertTrue(report.path("recommendations").isEmpty() || report.path("recommendations").isMissingNode(), "migrations gives no index advice");
    }

    @Test
    void onlyMigrationRulesRunAndSarifPointsAtTheLine() throws Exception {
        Path sarif = work.resolve("report.sarif");
        run("migrations", "-q", "--format", "sarif", "-o", sarif.toString(), "--repo-root", dir.toString(), dir.toString());
        JsonNode results = new ObjectMapper().readTree(sarif.toFile()).path("runs").path(0).path("results");
        Set<String> seen = new TreeSet<>();
        for (JsonNode r : results) {
            JsonNode loc = r.path("locations").path(0).path("physicalLocation");
            seen.add(r.path("ruleId").asText() + " " + Path.of(loc.path("artifactLocation").path("uri").asText()).getFileName()
                    + ":" + loc.path("region").path("startLine").asInt());
        }
        assertEquals(new TreeSet<>(EXPECTED), seen, results.toPrettyString());
    }

    @Test
    void aBaselineAndInlineSuppressionsWorkAsForEveryFinding() throws Exception {
        Path baseline = work.resolve("baseline.json");
        assertEquals(0, run("check", "-q", "-o", work.resolve("r.txt").toString(), "--write-baseline", baseline.toString(), dir.toString()), err.toString());
        assertEquals(ExitCode.OK, run("migrations", "-q", "-o", work.resolve("r.txt").toString(), "--baseline", baseline.toString(), dir.toString()), err.toString());

        Files.writeString(dir.resolve("drizzle/0001_changes.sql"), "SET lock_timeout = '5s';\n"
                + "-- querylens:ignore index-without-concurrently tiny table\nCREATE INDEX \"tasks_done_idx\" ON \"tasks\" (\"done\");\n");
        assertEquals(ExitCode.OK, run("migrations", "-q", "-o", work.resolve("r.txt").toString(), dir.toString()), err.toString());
    }

    /** The ids of the migration rules: check and analyze also run the other kinds on the queries beside the history. */
    private static Set<String> migrationRules() {
        Set<String> ids = new TreeSet<>();
        dev.querylens.engine.RuleCatalog.load().only("migration").entries().forEach(e -> ids.add(e.definition().id()));
        return ids;
    }

    private static Set<String> onlyMigrationRules(Set<String> found) {
        Set<String> ids = migrationRules();
        Set<String> out = new TreeSet<>();
        found.stream().filter(f -> ids.contains(f.substring(0, f.indexOf(' ')))).forEach(out::add);
        return out;
    }

    @Test
    void checkAndAnalyzeGiveTheSameMigrationFindingsAtTheirLinesAndGateOnThem() throws Exception {
        Path sarif = work.resolve("check.sarif");
        assertEquals(ExitCode.GATE_FAILED, run("check", "-q", "--format", "sarif", "-o", sarif.toString(), "--repo-root", dir.toString(),
                dir.toString()), err.toString());
        Set<String> seen = new TreeSet<>();
        for (JsonNode r : new ObjectMapper().readTree(sarif.toFile()).path("runs").path(0).path("results")) {
            JsonNode loc = r.path("locations").path(0).path("physicalLocation");
            seen.add(r.path("ruleId").asText() + " " + Path.of(loc.path("artifactLocation").path("uri").asText()).getFileName()
                    + ":" + loc.path("region").path("startLine").asInt());
        }
        assertEquals(new TreeSet<>(EXPECTED), onlyMigrationRules(seen));

        Path json = work.resolve("analyze.json");
        assertEquals(ExitCode.OK, run("analyze", "-q", "--format", "json", "-o", json.toString(), dir.toString()), err.toString());
        JsonNode report = new ObjectMapper().readTree(json.toFile());
        assertEquals(new TreeSet<>(EXPECTED), onlyMigrationRules(found(report)));
        JsonNode concurrently = report.path("findings").findParents("rule").stream()
                .filter(f -> f.path("rule").asText().equals("concurrently-in-transaction")).findFirst().orElseThrow();
        assertTrue(concurrently.path("fix").asText().contains("drizzle-kit migrate"), "a fix drizzle-kit can run: " + concurrently);
    }

    @Test
    void checkWithABaselineFailsOnlyOnANewMigrationHazardAndAnInlineSuppressionSilencesOne() throws Exception {
        Path baseline = work.resolve("baseline.json");
        Path out = work.resolve("r.txt");
        assertEquals(ExitCode.OK, run("check", "-q", "-o", out.toString(), "--write-baseline", baseline.toString(), dir.toString()), err.toString());
        assertEquals(ExitCode.OK, run("check", "-q", "-o", out.toString(), "--baseline", baseline.toString(), dir.toString()), err.toString());
        Files.writeString(dir.resolve("drizzle/0002_more.sql"), "CREATE INDEX \"tasks_name_idx\" ON \"tasks\" USING btree (\"name\");\n");
        Path json = work.resolve("new.json");
        // the new hazards are warnings: check gates on errors unless told otherwise
        assertEquals(ExitCode.GATE_FAILED, run("check", "-q", "--fail-on", "warning", "--format", "json", "-o", json.toString(),
                "--baseline", baseline.toString(), dir.toString()), err.toString());
        Set<String> fresh = onlyMigrationRules(found(new ObjectMapper().readTree(json.toFile())));
        assertTrue(fresh.contains("index-without-concurrently 0002_more.sql:1"), fresh.toString());

        Files.writeString(dir.resolve("drizzle/0002_more.sql"), "-- querylens:ignore index-without-concurrently tasks is small\n"
                + "-- querylens:ignore missing-lock-timeout and deployed at night\n"
                + "CREATE INDEX \"tasks_name_idx\" ON \"tasks\" USING btree (\"name\");\n");
        assertEquals(ExitCode.OK, run("check", "-q", "--fail-on", "warning", "-o", out.toString(), "--baseline", baseline.toString(),
                dir.toString()), err.toString());
    }

    @Test
    void helpExitCodesAndInputWithoutMigrations() throws Exception {
        StringWriter out = new StringWriter();
        var cli = QueryLensCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        assertEquals(0, cli.execute("migrations", "--help"));
        assertTrue(out.toString().contains("Exit codes:") && out.toString().contains("--fail-on"), out.toString());
        assertEquals(ExitCode.USAGE_OR_INPUT, run("migrations", "--fail-on", "fatal", dir.toString()));
        assertEquals(ExitCode.USAGE_OR_INPUT, run("migrations", "-q", dir.resolve("queries").toString()));
        assertTrue(err.toString().contains("no migration file among the inputs"), err.toString());
        // an error-only gate passes a history whose errors are baselined away... here: warnings only below it
        Files.writeString(dir.resolve("drizzle/0001_changes.sql"), "CREATE INDEX \"tasks_done_idx\" ON \"tasks\" (\"done\");\n");
        assertEquals(ExitCode.OK, run("migrations", "-q", "--fail-on", "error", "-o", work.resolve("r.txt").toString(), dir.toString()));
        assertEquals(ExitCode.GATE_FAILED, run("migrations", "-q", "-o", work.resolve("r.txt").toString(), dir.toString()));
    }
}
