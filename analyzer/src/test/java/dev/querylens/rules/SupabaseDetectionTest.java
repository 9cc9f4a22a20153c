package dev.querylens.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.querylens.analysis.Analysis;
import dev.querylens.analysis.AnalysisRequest;
import dev.querylens.analysis.ProjectConfig;
import dev.querylens.collect.Diagnostic;
import dev.querylens.engine.Finding;
import dev.querylens.engine.RuleCatalog;
import dev.querylens.report.Report;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which projects the Supabase-only rules judge: a plain PostgreSQL project from the corpus gets
 * none of their findings and one line saying how to turn them on; a Supabase project from the
 * corpus is recognised by its SQL; a supabase/config.toml next to or above the inputs is a sign of
 * its own; and {@code supabase: true|false} in the configuration decides over the signs.
 */
class SupabaseDetectionTest {
    /** Plain SQL a Supabase project could hold, with nothing in it that shows Supabase. */
    private static final String UNMARKED = """
            CREATE TABLE integrations (id int PRIMARY KEY, api_key text);
            CREATE VIEW integration_names AS SELECT id FROM integrations;
            CREATE FUNCTION rotate() RETURNS void LANGUAGE sql SECURITY DEFINER SET search_path = '' AS 'SELECT 1';
            CREATE EXTENSION pg_trgm;
            """;

    @TempDir
    Path dir;

    private static Report analyze(List<Path> schema, ProjectConfig config) {
        return new Analysis(RuleCatalog.load(), "test", m -> { }).run(new AnalysisRequest(List.of(), schema, null, config));
    }

    private static Path corpus(String project) throws Exception {
        return Path.of(SupabaseDetectionTest.class.getResource("/corpus/schemas/" + project).toURI());
    }

    private static List<Path> sqlFiles(Path project) throws Exception {
        // the corpus keeps each project in its migrator's own layout (drizzle/, migrations/NNN/up.sql, ...)
        try (Stream<Path> files = Files.walk(project)) {
            List<Path> sql = files.filter(f -> f.getFileName().toString().endsWith(".sql")).sorted().toList();
            if (sql.isEmpty()) {
                throw new IllegalStateException("no .sql files under " + project);
            }
            return sql;
        }
    }

    private static List<String> supabaseOnly(Report r) {
        return r.findings().stream().filter(f -> SupabaseScope.SUPABASE_ONLY.contains(f.rule())).map(f -> f.rule() + " " + f.table()).toList();
    }

    private static List<String> notes(Report r) {
        return r.diagnostics().stream().map(Diagnostic::message).filter(m -> m.startsWith("the Supabase-only rules")).toList();
    }

    @Test
    void aPlainCorpusProjectGetsNoneOfTheSupabaseRulesAndOneLineHowToTurnThemOn() throws Exception {
        for (String project : List.of("golang-migrate-harbor", "drizzle-saas-starter")) {
            Report r = analyze(sqlFiles(corpus(project)), null);
            assertEquals(List.of(), supabaseOnly(r), project);
            List<String> notes = notes(r);
            assertEquals(1, notes.size(), project + ": " + r.diagnostics());
            assertTrue(notes.get(0).contains("set supabase: true in querylens.yaml"), notes.get(0));
            assertFalse(r.inputLost(), "a note, not lost input");
        }
    }

    @Test
    void aSupabaseCorpusProjectIsRecognisedByItsSql() throws Exception {
        Report r = analyze(sqlFiles(corpus("supabase-slack-clone")), null);
        assertTrue(supabaseOnly(r).contains("security-definer-exposed public.create_user(text)"), supabaseOnly(r).toString());
        assertEquals(List.of(), notes(r));
    }

    @Test
    void aSupabaseConfigTomlNextToOrAboveTheInputsTurnsTheRulesOn() throws Exception {
        Path project = dir.resolve("app");
        Path migration = Files.createDirectories(project.resolve("db/migrations")).resolve("001_init.sql");
        Files.writeString(migration, UNMARKED);
        assertEquals(List.of(), supabaseOnly(analyze(List.of(migration), null)), "no sign yet");
        Files.createDirectories(project.resolve("supabase"));
        Files.writeString(project.resolve("supabase/config.toml"), "project_id = \"app\"\n");
        Report r = analyze(List.of(migration), null);
        assertEquals(List.of("extension-in-public pg_trgm", "rls-disabled-sensitive-columns public.integrations",
                "security-definer-exposed public.rotate()", "view-security-definer public.integration_names"),
                supabaseOnly(r).stream().sorted().toList());
        Finding f = r.findings().stream().filter(x -> x.rule().equals("view-security-definer")).findFirst().orElseThrow();
        assertTrue(String.valueOf(f.evidence().get("exposedBecause")).contains("config.toml"), f.evidence().toString());
        assertEquals(List.of(), notes(r));
    }

    @Test
    void theConfigurationDecidesOverTheSigns() throws Exception {
        Path schema = Files.writeString(dir.resolve("schema.sql"), UNMARKED);
        Path on = Files.writeString(dir.resolve("on.yaml"), "supabase: true\n");
        Report forced = analyze(List.of(schema), ProjectConfig.read(on, RuleCatalog.load()));
        assertEquals(4, supabaseOnly(forced).size(), supabaseOnly(forced).toString());
        Path off = Files.writeString(dir.resolve("off.yaml"), "supabase: false\n");
        Report silenced = analyze(sqlFiles(corpus("supabase-slack-clone")), ProjectConfig.read(off, RuleCatalog.load()));
        assertEquals(List.of(), supabaseOnly(silenced));
        assertEquals(List.of(), notes(silenced), "switched off on purpose: no line saying how to switch them on");
        Path wrong = Files.writeString(dir.resolve("wrong.yaml"), "supabase: maybe\n");
        ProjectConfig.InvalidConfig e = org.junit.jupiter.api.Assertions.assertThrows(ProjectConfig.InvalidConfig.class,
                () -> ProjectConfig.read(wrong, RuleCatalog.load()));
        assertTrue(e.getMessage().contains("supabase must be true or false"), e.getMessage());
    }
}
