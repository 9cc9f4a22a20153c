package dev.querylens.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pull request's annotations land on the statement a reviewer must change: `check` on a
 * Supabase project writes SARIF whose regions, and JSON and text whose locations, are the CREATE
 * POLICY, CREATE INDEX and ALTER TABLE ... ADD CONSTRAINT lines, not the table's CREATE TABLE.
 */
class FindingLinesTest {
    @TempDir
    Path dir;

    private static final String MIGRATION = """
            create table public.notes (id bigint primary key, owner uuid, team bigint, body text);
            alter table public.notes enable row level security;
            create table public.teams (id bigint primary key);

            create policy "own notes" on public.notes for select to authenticated
              using (auth.uid() = owner);
            create policy "team notes" on public.notes for select to authenticated
              using (team in (select 1));
            create index notes_owner_idx on public.notes (owner);
            create index notes_owner_again on public.notes (owner);
            alter table public.notes add constraint notes_team_fkey foreign key (team) references public.teams (id);
            """;

    @Test
    void sarifJsonAndTextPointAtTheStatementToChange() throws Exception {
        Path project = dir.resolve("app");
        Files.createDirectories(project.resolve("supabase/migrations"));
        Files.writeString(project.resolve("supabase/config.toml"), "project_id = \"app\"\n");
        Path migration = Files.writeString(project.resolve("supabase/migrations/20240101000000_init.sql"), MIGRATION);
        Path out = dir.resolve("reports");
        PrintStream saved = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int exit;
        try {
            exit = QueryLensCommand.execute("check", "-q", project.resolve("supabase/migrations").toString(), "--format", "sarif,json,text", "--output-dir", out.toString());
        } finally {
            System.setErr(saved);
        }
        assertEquals(1, exit, "the project has findings: " + err);
        Map<String, Integer> expected = Map.of("rls-auth-per-row", 5, "rls-multiple-permissive", 7, "duplicate-index", 10,
                "unindexed-foreign-key", 11);
        Map<String, Integer> sarif = new TreeMap<>();
        for (JsonNode r : new ObjectMapper().readTree(out.resolve("querylens.sarif").toFile()).path("runs").get(0).path("results")) {
            if (expected.containsKey(r.path("ruleId").asText())) {
                JsonNode physical = r.path("locations").get(0).path("physicalLocation");
                assertTrue(physical.path("artifactLocation").path("uri").asText().endsWith("20240101000000_init.sql"), r.toString());
                sarif.put(r.path("ruleId").asText(), physical.path("region").path("startLine").asInt());
            }
        }
        assertEquals(expected, sarif, "SARIF regions");
        Map<String, Integer> json = new TreeMap<>();
        for (JsonNode f : new ObjectMapper().readTree(out.resolve("querylens-report.json").toFile()).path("findings")) {
            if (expected.containsKey(f.path("rule").asText())) {
                json.put(f.path("rule").asText(), f.path("locations").get(0).path("line").asInt());
            }
        }
        assertEquals(expected, json, "JSON locations");
        String text = Files.readString(out.resolve("querylens-report.txt"));
        assertTrue(text.contains("at:       " + migration + ":5"), text);
    }
}
