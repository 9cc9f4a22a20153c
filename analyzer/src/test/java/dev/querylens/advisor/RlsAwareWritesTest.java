package dev.querylens.advisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.querylens.cli.QueryLensCommand;
import dev.querylens.database.ConnectionSettings;
import dev.querylens.database.SingleStatement;
import dev.querylens.database.UserDatabase;
import dev.querylens.schema.Catalog;
import dev.querylens.schema.SchemaReader;
import dev.querylens.sql.Quote;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * UPDATE and DELETE on a table with row level security, costed with --rls-role as PostgreSQL runs
 * them for that role: the USING of its UPDATE / DELETE policies (a restrictive one AND-ed), and the
 * SELECT policy too, as the statements read the rows' columns in WHERE. Neither statement names
 * user_id, so only the policies can make the user_id index pay; the costs QueryLens reports are
 * checked against the plans PostgreSQL makes for the role itself: a login role whose sessions are
 * the signed-in user as PostgREST sets them up (role authenticated, the JWT claims), planned through
 * the same single-statement boundary as any workload text.
 */
class RlsAwareWritesTest {
    private static final String UPDATE = "update todos set done = not done where done";
    private static final String DELETE = "delete from todos where not done";
    private static final String SCHEMA = """
                    CREATE TABLE todos (id bigserial PRIMARY KEY, user_id uuid NOT NULL, done boolean NOT NULL, archived boolean NOT NULL,
                      body text NOT NULL);
                    INSERT INTO todos (user_id, done, archived, body)
                      SELECT md5((g % 3000)::text)::uuid, g % 2 = 0, g % 10 = 0, repeat('x', 40) FROM generate_series(1, 200000) g;
                    ALTER TABLE todos ENABLE ROW LEVEL SECURITY;
                    CREATE POLICY "read own" ON todos FOR SELECT TO authenticated USING ((select auth.uid()) = user_id);
                    CREATE POLICY "update own" ON todos FOR UPDATE TO authenticated USING ((select auth.uid()) = user_id);
                    CREATE POLICY "delete own" ON todos FOR DELETE TO authenticated USING ((select auth.uid()) = user_id);
                    CREATE POLICY "keep archived" ON todos AS RESTRICTIVE FOR DELETE TO authenticated USING (NOT archived);
                    GRANT SELECT, UPDATE, DELETE ON todos TO authenticated;
                    ANALYZE todos;
            """;
    private static PostgresServer pg;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        pg = PostgresServer.start();
        pg.createSupabaseDatabase("todos", SCHEMA);
        try (Connection c = pg.connect("todos"); Statement s = c.createStatement()) {
            // every session of signed_in is the signed-in user; the stub's auth.uid() reads the per-claim
            // setting, which Supabase's own auth.uid() reads first
            ResultSet r = s.executeQuery("SELECT md5('7')::uuid");
            r.next();
            String sub = r.getString(1);
            s.execute("CREATE ROLE signed_in LOGIN IN ROLE authenticated");
            s.execute("ALTER ROLE signed_in IN DATABASE todos SET role = 'authenticated'");
            s.execute("ALTER ROLE signed_in IN DATABASE todos SET request.jwt.claims = "
                    + Quote.literal("{\"sub\": \"" + sub + "\", \"role\": \"authenticated\"}"));
            s.execute("ALTER ROLE signed_in IN DATABASE todos SET request.jwt.claim.sub = " + Quote.literal(sub));
        }
        try (Connection c = java.sql.DriverManager.getConnection(pg.url("todos").replace("user=postgres", "user=signed_in"));
             Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT current_user, current_setting('request.jwt.claim.sub', true), md5('7')::uuid::text")) {
            r.next();
            assertEquals("authenticated", r.getString(1), "a signed_in session is the authenticated role");
            assertEquals(r.getString(3), r.getString(2), "and the claim auth.uid() reads is the signed-in user");
        }
    }

    @AfterAll
    static void stop() throws Exception {
        pg.close();
    }

    @Test
    void updatesAndDeletesAreCostedWithTheirPoliciesAsTheRoleRunsThem() throws Exception {
        Path workload = Files.writeString(dir.resolve("writes.csv"), "query,calls,total_exec_time\n\"" + UPDATE + "\",5000,50000\n\""
                + DELETE + "\",5000,50000\n");
        assertEquals(List.of(), ddl(advise(workload)), "without --rls-role the statements filter only on a boolean: nothing pays");
        JsonNode report = advise(workload, "--rls-role", "authenticated");
        List<String> ddl = ddl(report);
        assertFalse(ddl.isEmpty(), "the policy's column: " + report.get("diagnostics"));
        for (String d : ddl) {
            assertTrue(d.contains("ON public.todos (user_id"), "every recommendation leads with the policy's column: " + ddl);
        }
        Map<String, String> sqlByFingerprint = new HashMap<>();
        report.get("statements").forEach(s -> sqlByFingerprint.put(s.get("fingerprint").asText(), s.get("sql").asText()));
        List<String> costed = new ArrayList<>();
        for (JsonNode cost : report.get("indexRecommendations").get(0).get("costs")) {
            String sql = sqlByFingerprint.get(cost.get("fingerprint").asText());
            costed.add(sql);
            // the cost without new indexes is what PostgreSQL itself plans for the role, policies and all
            double asRole = costAsRole(sql);
            double before = cost.get("before").asDouble();
            assertEquals(asRole, before, asRole * 0.02, sql + ": costed " + before + ", EXPLAIN as authenticated " + asRole);
            assertTrue(cost.get("after").asDouble() < before * 0.2, cost.toString());
        }
        assertEquals(List.of(DELETE, UPDATE), costed.stream().sorted().toList(), "both writes are served by the index");
        // with the index built for real, the role's own plan uses it: the policy predicate is what it serves
        Map<String, Double> withoutIndex = new HashMap<>();
        for (String sql : List.of(UPDATE, DELETE)) {
            withoutIndex.put(sql, costAsRole(sql));
        }
        try (Connection c = pg.connect("todos"); Statement s = c.createStatement()) {
            s.execute(ddl.get(0).replace(" CONCURRENTLY", ""));
        }
        try {
            for (String sql : List.of(UPDATE, DELETE)) {
                assertTrue(costAsRole(sql) < withoutIndex.get(sql) * 0.2, sql);
            }
        } finally {
            try (Connection c = pg.connect("todos"); Statement s = c.createStatement()) {
                s.execute("DROP INDEX " + ddl.get(0).replaceAll(".* EXISTS (\\S+) ON .*", "$1"));
            }
        }
    }

    @Test
    void everyPolicedReferenceInOneReadIsCostedWithItsPolicyAsTheRoleSeesIt() throws Exception {
        SchemaReader schema = new SchemaReader();
        schema.read(SCHEMA, "schema.sql", d -> { });
        Catalog catalog = schema.catalog();
        // comma-joined, and a JOIN after a table without an alias: each reference of the policed table gets the policy
        for (String sql : List.of("select count(*) from todos, todos b where todos.id = b.id and b.done",
                "select count(*) from todos join todos b on b.id = todos.id where todos.done")) {
            String applied = PolicyConditions.apply(sql, catalog, "authenticated");
            assertEquals(2, applied.split("\\(SELECT \\* FROM public\\.todos WHERE", -1).length - 1, applied);
            double asRole = costAsRole(sql);
            // planned as QueryLens's what-if planning plans it: one PREPAREd statement, auth.uid() a parameter, generic plan
            double costed = cost(pg.url("todos"), applied);
            assertEquals(asRole, costed, asRole * 0.02, sql + " as " + applied);
        }
    }

    /** The statement's cost as the signed-in user plans it, policies and all. */
    private static double costAsRole(String sql) throws Exception {
        return cost(pg.url("todos").replace("user=postgres", "user=signed_in"), sql);
    }

    /**
     * The planner's cost of one statement, sent through the boundary every workload statement goes through. As the
     * signed-in role the server adds the policies, which call the stub's auth.uid(): this test's own function, allowed
     * as a user allows theirs (the boundary plans nothing that calls a function neither built in nor allowed).
     */
    private static double cost(String url, String sql) throws Exception {
        try (UserDatabase db = UserDatabase.open(ConnectionSettings.parse(url), UserDatabase.Access.READ_ONLY,
                dev.querylens.database.AllowedFunctions.of(List.of("auth.uid")))) {
            return db.hypotheticalCost(SingleStatement.of(sql).statement(), List.of());
        }
    }

    private JsonNode advise(Path workload, String... extra) throws Exception {
        Path out = dir.resolve("report-" + extra.length + ".json");
        List<String> args = new ArrayList<>(List.of("advise", "-q", "--db", pg.url("todos"), "--format", "json", "-o", out.toString()));
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
}
