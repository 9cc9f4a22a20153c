package dev.querylens.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.querylens.Samples;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the CLI end to end on the bundled samples, as the README tells a new user to. */
class AnalyzeCommandTest {
    @TempDir
    Path dir;

    private JsonNode analyze(String... paths) throws Exception {
        return analyzeExpecting(0, paths);
    }

    private JsonNode analyzeExpecting(int exit, String... paths) throws Exception {
        Path out = dir.resolve("report.json");
        List<String> args = new ArrayList<>(List.of("analyze", "--format", "json", "-o", out.toString()));
        args.addAll(List.of(paths));
        assertEquals(exit, QueryLensCommand.execute(args.toArray(String[]::new)));
        return new ObjectMapper().readTree(out.toFile());
    }

    private static JsonNode statement(JsonNode report, String sql) {
        return StreamSupport.stream(report.get("statements").spliterator(), false)
                .filter(s -> s.get("sql").asText().equals(sql)).findFirst()
                .orElseThrow(() -> new AssertionError("no statement group " + sql));
    }

    @Test
    void samplesReportGroupsCountsFindingsAndAdvice() throws Exception {
        JsonNode r = analyze(Samples.TASKBOARD.toString());
        assertEquals(1, r.get("schemaVersion").asInt());
        assertEquals(6, r.get("summary").get("tablesKnown").asInt());

        JsonNode insert = statement(r, "insert into activity_events(org_id, actor_id, kind, payload) values ($1, $2, $3, $4::jsonb)");
        assertEquals(200, insert.get("calls").asInt());
        assertTrue(insert.get("totalTimeMs").asDouble() > 0);
        assertEquals("stderr-log", insert.get("sourceKinds").get(0).asText());
        JsonNode perProject = statement(r, "select count(*) from tasks where project_id = $1 and status <> $2");
        assertEquals(27, perProject.get("calls").asInt());
        assertEquals(36, statement(r, "select id, author_id, body, created_at from comments where task_id = $1 order by created_at")
                .get("calls").asInt());
        // literals from the simple protocol are normalized, and the three executions group together
        assertEquals(3, statement(r, "select id, title from tasks where project_id = $1 and status = $2").get("calls").asInt());

        List<String> missing = new ArrayList<>();
        r.get("findings").forEach(f -> {
            if (f.get("rule").asText().equals("missing-index")) {
                missing.add(f.get("table").asText() + " " + f.get("columns"));
            }
        });
        assertTrue(missing.contains("public.tasks [\"project_id\"]"), missing.toString());
        assertTrue(missing.contains("public.comments [\"task_id\",\"created_at\"]"), missing.toString());
        assertTrue(missing.contains("public.tasks [\"assignee_id\",\"updated_at\"]"), missing.toString());
        assertTrue(missing.stream().noneMatch(m -> m.contains("organizations") || m.contains("due_date") || m.contains("author_id")),
                "PK, unique, partial-index and suppressed lookups must stay silent: " + missing);
        assertEquals(1, r.get("summary").get("suppressed").asInt());

        List<String> ddl = new ArrayList<>();
        r.get("indexRecommendations").forEach(x -> ddl.add(x.get("ddl").asText()));
        assertEquals("CREATE INDEX CONCURRENTLY IF NOT EXISTS comments_task_id_created_at_idx ON public.comments (task_id, created_at);", ddl.get(0));
        assertTrue(ddl.contains("CREATE INDEX CONCURRENTLY IF NOT EXISTS tasks_project_id_status_created_at_idx ON public.tasks (project_id, status, created_at);"), ddl.toString());
        assertEquals(3, ddl.size(), ddl.toString());
        // four EXPLAIN files, and the auto_explain plans the log attached to the two slow statements
        assertEquals(6, r.get("plans").size());
        List<String> planned = new ArrayList<>();
        r.get("plans").forEach(p -> {
            if (!p.get("sql").isNull()) {
                planned.add(p.get("sql").asText());
            }
        });
        assertTrue(planned.contains("select id, author_id, body, created_at from comments where task_id = $1 order by created_at"), planned.toString());
    }

    @Test
    void badFilesBecomeDiagnosticsAndTheRestIsStillAnalyzed() throws Exception {
        Path bad = Files.createDirectory(dir.resolve("inputs"));
        Files.write(bad.resolve("random.bin"), new java.util.Random(7).ints(4096, 0, 256).collect(
                ByteArrayOutputStream::new, (o, b) -> o.write(b), (a, b) -> a.writeBytes(b.toByteArray())).toByteArray());
        Files.writeString(bad.resolve("broken-plan.json"), "[{\"Plan\": {\"Node Type\": ");
        Files.writeString(bad.resolve("app.sql"), "SELECT * FROM tasks WHERE (((;\nSELECT id FROM tasks WHERE project_id = 1;\n");
        // the report is written, and the exit code says some input was lost
        JsonNode r = analyzeExpecting(3, bad.toString(), Samples.MIGRATIONS.toString());
        List<String> messages = new ArrayList<>();
        r.get("diagnostics").forEach(d -> messages.add(d.get("file").asText() + ":" + d.get("line").asInt() + " " + d.get("message").asText()));
        assertTrue(messages.stream().anyMatch(m -> m.contains("random.bin") && m.contains("binary")), messages.toString());
        assertTrue(messages.stream().anyMatch(m -> m.contains("broken-plan.json") && m.contains("EXPLAIN")), messages.toString());
        assertTrue(messages.stream().anyMatch(m -> m.contains("app.sql:1 could not parse")), messages.toString());
        assertTrue(StreamSupport.stream(r.get("findings").spliterator(), false)
                .anyMatch(f -> f.get("sql").asText().equals("select id from tasks where project_id = $1")));
    }

    @Test
    void noReadableInputIsOneLineAndExitTwo() throws Exception {
        PrintStream saved = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            assertEquals(2, QueryLensCommand.execute("analyze", dir.resolve("missing.log").toString()));
        } finally {
            System.setErr(saved);
        }
        String message = err.toString(StandardCharsets.UTF_8).strip();
        assertTrue(message.startsWith("querylens analyze: no readable input"), message);
        assertEquals(1, message.lines().count(), message);
    }

    @Test
    void standardInputReadsLikeTheSameFile() throws Exception {
        Path log = Samples.TASKBOARD.resolve("logs/taskboard-stderr.log");
        JsonNode fromFile = analyze(log.toString());
        java.io.InputStream saved = System.in;
        JsonNode fromStdin;
        try (var in = Files.newInputStream(log)) {
            System.setIn(in);
            fromStdin = analyze("-");
        } finally {
            System.setIn(saved);
        }
        assertEquals("stderr-log", fromStdin.get("inputs").get(0).get("kind").asText());
        assertEquals(fromFile.get("summary").get("executions"), fromStdin.get("summary").get("executions"));
        assertEquals(fromFile.get("statements").size(), fromStdin.get("statements").size());
        assertEquals(fromFile.get("findings").size(), fromStdin.get("findings").size());
        assertEquals("-", fromStdin.get("findings").get(0).get("locations").get(0).get("file").asText(),
                "locations name standard input as '-'");
    }

    @Test
    void sourceFormatOverridesDetection() throws Exception {
        // a jdbc trace whose first line would not be recognised: a comment line a tool put on top
        Path trace = Files.writeString(dir.resolve("trace.txt"), "# captured by a wrapper\n"
                + "{\"sql\":\"select * from t where id = ?\",\"params\":[\"1\"],\"connection\":\"c1\"}\n");
        assertEquals(2, QueryLensCommand.execute("analyze", trace.toString()), "not recognised on its own: no readable input");
        Path out = dir.resolve("forced.json");
        assertEquals(3, QueryLensCommand.execute("analyze", "--source-format", "jdbc-trace", "--format", "json", "-o", out.toString(),
                trace.toString()), "the comment line is input that could not be read: report written, exit 3");
        JsonNode forced = new ObjectMapper().readTree(out.toFile());
        assertEquals("jdbc-trace", forced.get("inputs").get(0).get("kind").asText());
        assertEquals("select * from t where id = $1", forced.get("statements").get(0).get("sql").asText());
        assertEquals(1, java.util.stream.StreamSupport.stream(forced.get("diagnostics").spliterator(), false)
                .filter(d -> d.get("inputLost").asBoolean()).count(), "the comment line is one diagnostic");
        assertEquals(2, QueryLensCommand.execute("analyze", "--source-format", "nope", trace.toString()));
    }

    @Test
    void usageErrorsExitTwoAndRulesDocumentThemselves() {
        // no --db is offline advice now (AdviseNewcomerTest); a path that does not exist is still no input
        assertEquals(2, QueryLensCommand.execute("advise", "no-such-samples"));
        // a bad --budget is said before any connection is tried (this address has no server)
        assertEquals(2, QueryLensCommand.execute("advise", "--budget", "5 parsecs", "--db", "postgresql://127.0.0.1:1/x", "samples"));
        assertEquals(0, QueryLensCommand.execute("rules", "missing-index"));
        assertEquals(2, QueryLensCommand.execute("rules", "no-such-rule"));
        assertEquals(2, QueryLensCommand.execute("analyze", "--format", "yaml", "x"));
    }

    @Test
    void textReportPutsTheSummaryFirst() throws Exception {
        Path out = dir.resolve("report.txt");
        assertEquals(0, QueryLensCommand.execute("analyze", "-o", out.toString(), Samples.TASKBOARD.toString()));
        List<String> lines = Files.readAllLines(out);
        assertTrue(lines.get(0).startsWith("QueryLens "), lines.get(0));
        assertTrue(lines.get(1).startsWith("Findings: "), lines.get(1));
        assertTrue(String.join("\n", lines).contains("  fix:\n      CREATE INDEX CONCURRENTLY IF NOT EXISTS tasks_project_id_status_created_at_idx ON public.tasks"
                + " (project_id, status, created_at);\n      (recommended index #2, which covers this need)"), "a covered need's fix is the plan's index");
    }

    @Test
    void drizzleKitMetadataIsSkippedWithOneLineNotLostInput() throws Exception {
        Path project = dir.resolve("drizzle");
        Files.createDirectories(project.resolve("meta"));
        Files.copy(Samples.MIGRATIONS.resolve("0000_initial_schema.sql"), project.resolve("0000_initial_schema.sql"));
        Files.writeString(project.resolve("meta/_journal.json"),
                "{\"version\":\"7\",\"dialect\":\"postgresql\",\"entries\":[{\"idx\":0,\"tag\":\"0000_initial_schema\"}]}");
        Files.writeString(project.resolve("meta/0000_snapshot.json"), "{\"id\":\"a\",\"dialect\":\"postgresql\",\"tables\":{}}");
        JsonNode r = analyze(project.toString());
        assertEquals(1, r.get("inputs").size(), "only the migration is an input: " + r.get("inputs"));
        List<String> notes = new ArrayList<>();
        r.get("diagnostics").forEach(d -> notes.add(d.get("message").asText()));
        assertEquals(1, notes.stream().filter(m -> m.startsWith("skipped 2 that are not input (2 migrator bookkeeping)")).count(),
                notes.toString());
        assertTrue(StreamSupport.stream(r.get("diagnostics").spliterator(), false).noneMatch(d -> d.get("inputLost").asBoolean()));
    }
}
