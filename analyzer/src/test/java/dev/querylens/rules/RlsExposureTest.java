package dev.querylens.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.querylens.analysis.Analysis;
import dev.querylens.analysis.AnalysisRequest;
import dev.querylens.collect.Diagnostic;
import dev.querylens.collect.SourceLocation;
import dev.querylens.engine.ApiExposure;
import dev.querylens.engine.RuleCatalog;
import dev.querylens.report.Report;
import dev.querylens.schema.Catalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The RLS rules judge only what an API exposes, and say how to switch them on where they did not look. */
class RlsExposureTest {
    private static final String PLAIN = """
            CREATE TABLE customers (id bigint PRIMARY KEY, email text);
            CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint);
            CREATE SEQUENCE order_no_seq;
            ALTER TABLE order_no_seq OWNER TO app;
            GRANT SELECT ON orders TO reporting;
            """;

    @TempDir
    Path dir;

    private Report analyze(String file, String ddl) throws Exception {
        Path schema = dir.resolve(file);
        Files.createDirectories(schema.getParent());
        Files.writeString(schema, ddl);
        return new Analysis(RuleCatalog.load(), "test", m -> { }).run(new AnalysisRequest(List.of(), List.of(schema), null, null));
    }

    private static List<String> rls(Report r) {
        return r.findings().stream().filter(f -> f.rule().startsWith("rls-")).map(f -> f.rule() + " " + f.table()).toList();
    }

    @Test
    void aPlainProjectGetsNoRlsFindingsAndOneLineSayingHowToSwitchThemOn() throws Exception {
        Report r = analyze("db/schema.sql", PLAIN);
        assertEquals(List.of(), rls(r));
        List<String> notes = r.diagnostics().stream().map(Diagnostic::message).filter(m -> m.contains("exposedSchemas")).toList();
        assertEquals(1, notes.size(), r.diagnostics().toString());
        assertTrue(notes.get(0).startsWith("rls-disabled and rls-no-policy are off"), notes.get(0));
        assertFalse(r.inputLost(), "a note, not lost input");
    }

    @Test
    void checkPassesAPlainProjectByDefaultAndFailsItOnceExposedSchemasIsSet() throws Exception {
        Path schema = dir.resolve("db/schema.sql");
        Files.createDirectories(schema.getParent());
        Files.writeString(schema, PLAIN);
        assertEquals(0, dev.querylens.cli.QueryLensCommand.execute("check", "-q", "-o", dir.resolve("plain.txt").toString(),
                schema.getParent().toString()));
        Path config = Files.writeString(dir.resolve("querylens.yaml"), "rules:\n  rls-disabled: { parameters: { exposedSchemas: public } }\n");
        assertEquals(1, dev.querylens.cli.QueryLensCommand.execute("check", "-q", "--config", config.toString(),
                "-o", dir.resolve("exposed.txt").toString(), schema.getParent().toString()));
    }

    @Test
    void theSameSchemaUnderSupabaseIsJudgedTablesOnly() throws Exception {
        Report r = analyze("supabase/migrations/20240101000000_init.sql", PLAIN);
        assertEquals(List.of("rls-disabled public.customers", "rls-disabled public.orders"), rls(r).stream().sorted().toList(),
                "the sequence named by ALTER TABLE is no table");
        assertTrue(String.valueOf(r.findings().get(0).evidence().get("exposedBecause")).contains("supabase/"),
                r.findings().get(0).evidence().toString());
        assertTrue(r.diagnostics().stream().noneMatch(d -> d.message().contains("exposedSchemas")), "no note when the rules looked");
    }

    @Test
    void signsOfAnApi() {
        assertTrue(exposed("GRANT SELECT ON ALL TABLES IN SCHEMA public TO anon, authenticated"));
        assertTrue(exposed("CREATE POLICY p ON t FOR SELECT TO \"authenticated\" USING (true)"));
        assertTrue(exposed("CREATE POLICY p ON t USING (owner = auth.uid())"));
        assertTrue(exposed("CREATE TABLE profiles (id uuid PRIMARY KEY REFERENCES auth.users (id))"));
        assertTrue(exposed("CREATE SCHEMA IF NOT EXISTS auth"));
        assertFalse(exposed("GRANT SELECT ON t TO reporting"));
        assertFalse(exposed("CREATE TABLE sessions (id int, authenticated_at timestamptz, anonymous boolean)"));
        assertFalse(exposed("CREATE POLICY p ON t USING (authenticated_user = current_user)"));
        assertFalse(exposed("SELECT * FROM oauth.uid_map"));
    }

    private static boolean exposed(String sql) {
        ApiExposure.Scanner scanner = new ApiExposure.Scanner();
        scanner.statement(sql, new SourceLocation("db/schema.sql", 1));
        return scanner.result(Catalog.empty()).exposed();
    }
}
