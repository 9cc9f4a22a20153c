package dev.querylens.advisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.querylens.cli.QueryLensCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On a real PostgreSQL with Supabase's roles and auth.uid() (samples/capture/supabase-stub.sql):
 * reads on a table with row level security are costed with the policy for the signed-in role in
 * place, so the index serving the policy is found and credited. The control table has the same
 * rows and the same statements but no RLS: it gets nothing, so the benefit can only come from the
 * policy's predicate.
 */
class RlsAwareAdvisorTest {
    private static PostgresServer pg;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        pg = PostgresServer.start();
        pg.createSupabaseDatabase("notes", """
                    CREATE TABLE notes (id bigserial PRIMARY KEY, user_id uuid NOT NULL, body text NOT NULL);
                    INSERT INTO notes (user_id, body)
                      SELECT md5((g % 3000)::text)::uuid, repeat('x', 40) FROM generate_series(1, 200000) g;
                    ALTER TABLE notes ENABLE ROW LEVEL SECURITY;
                    CREATE POLICY "own notes" ON notes FOR SELECT TO authenticated USING ((select auth.uid()) = user_id);
                    CREATE TABLE drafts AS SELECT * FROM notes;
                    ALTER TABLE drafts ADD PRIMARY KEY (id);
                    GRANT SELECT ON notes, drafts TO authenticated;
                    ANALYZE notes;
                    ANALYZE drafts;
                    """);
    }

    @AfterAll
    static void stop() throws Exception {
        pg.close();
    }

    @Test
    void theIndexServingThePolicyIsRecommendedAndItsBenefitComesFromThePolicy() throws Exception {
        Path workload = Files.writeString(dir.resolve("pgss.csv"), """
                query,calls,total_exec_time
                "select count(*) from notes",5000,50000
                "select id, body from notes n order by id desc limit $1",5000,50000
                "select count(*) from drafts",5000,50000
                """);
        // costed as written (QueryLens's role is not bound by the policy), nothing helps: the index is the policy's
        assertEquals(List.of(), ddl(advise(workload)), "without --rls-role");
        JsonNode report = advise(workload, "--rls-role", "authenticated");
        List<String> ddl = ddl(report);
        // user_id leads (the policy's equality), id follows for the ORDER BY id DESC LIMIT within one user's rows
        assertEquals(List.of("CREATE INDEX CONCURRENTLY IF NOT EXISTS notes_user_id_id_idx ON public.notes (user_id, id);"), ddl,
                "the policy's column, and nothing on drafts, which has the same rows and no policy: " + report.get("diagnostics"));
        JsonNode recommendation = report.get("indexRecommendations").get(0);
        assertTrue(recommendation.get("verified").asBoolean());
        assertTrue(recommendation.get("costs").size() >= 1, recommendation.toString());
        for (JsonNode cost : recommendation.get("costs")) {
            // neither statement filters on user_id: only the policy's (select auth.uid()) = user_id can use the index
            assertTrue(cost.get("after").asDouble() < cost.get("before").asDouble() * 0.2, cost.toString());
        }
    }

    @Test
    void analyzeWithDbAndRlsRoleCostsReadsAsAdviseDoes() throws Exception {
        Path workload = Files.writeString(dir.resolve("pgss-analyze.csv"), """
                query,calls,total_exec_time
                "select count(*) from notes",5000,50000
                "select id, body from notes n order by id desc limit $1",5000,50000
                "select count(*) from drafts",5000,50000
                """);
        assertEquals(List.of(), ddl(analyze(workload)), "analyze --db without --rls-role");
        JsonNode report = analyze(workload, "--rls-role", "authenticated");
        assertEquals(List.of("CREATE INDEX CONCURRENTLY IF NOT EXISTS notes_user_id_id_idx ON public.notes (user_id, id);"), ddl(report),
                "analyze --db --rls-role gives advise's recommendation: " + report.get("diagnostics"));
        assertTrue(report.get("indexRecommendations").get(0).get("verified").asBoolean());
        // without a database there is nothing to cost with policies: a usage error, not a silent no-op
        assertEquals(2, QueryLensCommand.execute("analyze", "-q", "--rls-role", "authenticated", workload.toString()));
    }

    private JsonNode analyze(Path workload, String... extra) throws Exception {
        Path out = dir.resolve("analyze-" + extra.length + ".json");
        List<String> args = new ArrayList<>(List.of("analyze", "-q", "--db", pg.url("notes"), "--format", "json", "-o", out.toString()));
        args.addAll(List.of(extra));
        args.add(workload.toString());
        assertEquals(0, QueryLensCommand.execute(args.toArray(String[]::new)));
        return new ObjectMapper().readTree(out.toFile());
    }

    private JsonNode advise(Path workload, String... extra) throws Exception {
        Path out = dir.resolve("report-" + extra.length + ".json");
        List<String> args = new ArrayList<>(List.of("advise", "-q", "--db", pg.url("notes"), "--format", "json", "-o", out.toString()));
        args.addAll(List.of(extra));
        args.add(workload.toString());
        assertEquals(0, QueryLensCommand.execute(args.toArray(String[]::new)));
        return new ObjectMapper().readTree(out.toFile());
    }

    private static List<String> ddl(JsonNode report) {
        List<String> ddl = new ArrayList<>();
        report.get("indexRecommendations").forEach(r -> ddl.add(r.get("ddl").asText()));
        return ddl;
    }

    @Test
    void theLiveCatalogsPoliciesAreFactsTheSupabaseRulesRead() throws Exception {
        Path workload = Files.writeString(dir.resolve("one.csv"), "query,calls,total_exec_time\n\"select count(*) from notes\",1,1\n");
        Path out = dir.resolve("analyze.json");
        QueryLensCommand.execute("analyze", "-q", "--db", pg.url("notes"), "--format", "json", "-o", out.toString(), workload.toString());
        List<String> findings = new ArrayList<>();
        new ObjectMapper().readTree(out.toFile()).get("findings").forEach(f -> {
            if (f.get("rule").asText().startsWith("rls-")) {
                findings.add(f.get("rule").asText() + " " + f.get("table").asText());
            }
        });
        // the policy names authenticated, which shows Supabase without any GRANT text; (select auth.uid()) is wrapped
        assertEquals(List.of("rls-disabled public.drafts", "rls-policy-column-unindexed public.notes"), findings.stream().sorted().toList());
    }
}
