package dev.querylens.advisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.querylens.analysis.Analysis;
import dev.querylens.analysis.AnalysisRequest;
import dev.querylens.analysis.ProjectConfig;
import dev.querylens.engine.RuleCatalog;
import dev.querylens.report.Report;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Offline index advice on a status table reached through an outer join (BeeeOn's server-db: the
 * latest status of each gateway a user can see), asked of PostgreSQL 15 with HypoPG: an
 * {@code IS NULL} test on a NOT NULL column passes only the rows the outer join adds, so a partial
 * index {@code WHERE at IS NULL} serves nothing; and the primary key (gateway_id, at) reached
 * through the join already serves the filter on at. Neither may be advised. A lookup no index
 * serves still is.
 */
class OuterJoinFilterAdviceTest {
    private static final String SCHEMA = """
            CREATE TABLE gateways (id bigint PRIMARY KEY, name text NOT NULL);
            CREATE TABLE gateways_status (gateway_id bigint NOT NULL REFERENCES gateways (id), at timestamp NOT NULL, version text,
                CONSTRAINT gateways_status_pk PRIMARY KEY (gateway_id, at));
            CREATE TABLE fcm_tokens (token text PRIMARY KEY, user_id bigint NOT NULL);
            """;
    private static final String LATEST = "SELECT g.id, g.name, s.version FROM gateways AS g LEFT JOIN gateways_status AS s ON s.gateway_id = g.id"
            + " WHERE g.id = 42 AND (s.at IS NULL OR s.at = (SELECT max(x.at) FROM gateways_status AS x WHERE x.gateway_id = g.id))";
    private static final String TOKENS = "SELECT token FROM fcm_tokens WHERE user_id = 42";

    @TempDir
    Path dir;

    @Test
    void noIndexForAnOuterJoinsIsNullOrForAFilterThePrimaryKeyServesPastTheJoin() throws Exception {
        Files.writeString(dir.resolve("schema.sql"), SCHEMA);
        Path queries = Files.writeString(dir.resolve("queries.sql"), LATEST + ";\n" + TOKENS + ";\n");
        Report report = new Analysis(RuleCatalog.load(), "test", m -> { })
                .run(new AnalysisRequest(List.of(queries), List.of(dir.resolve("schema.sql")), null, ProjectConfig.none()));
        List<String> missing = report.findings().stream().filter(f -> f.rule().equals("missing-index")).map(f -> f.table() + " " + f.columns()).toList();
        assertEquals(List.of("public.fcm_tokens [user_id]"), missing, "only the lookup no index serves");

        try (PostgresServer pg = PostgresServer.start(); Connection c = pg.connect("postgres"); Statement s = c.createStatement()) {
            s.execute("CREATE EXTENSION hypopg");
            s.execute(SCHEMA);
            s.execute("INSERT INTO gateways SELECT g, 'gw ' || g FROM generate_series(1, 2000) g");
            s.execute("INSERT INTO gateways_status SELECT 1 + g % 2000, timestamp '2024-01-01' + g * interval '1 minute', 'v' FROM generate_series(1, 100000) g");
            s.execute("INSERT INTO fcm_tokens SELECT 't' || g, g % 5000 FROM generate_series(1, 100000) g");
            s.execute("ANALYZE");
            double latestBefore = cost(s, LATEST);
            double tokensBefore = cost(s, TOKENS);
            s.execute("SELECT * FROM hypopg_create_index('CREATE INDEX ON gateways_status (at) WHERE at IS NULL')");
            s.execute("SELECT * FROM hypopg_create_index('CREATE INDEX ON gateways_status (at)')");
            s.execute("SELECT * FROM hypopg_create_index('CREATE INDEX ON fcm_tokens (user_id)')");
            String latestPlan = plan(s, LATEST);
            assertFalse(latestPlan.contains("<"), "PostgreSQL uses neither hypothetical index on at: " + latestPlan);
            assertEquals(latestBefore, cost(s, LATEST), 0.001, latestPlan);
            assertTrue(plan(s, TOKENS).contains("btree_fcm_tokens_user_id"), plan(s, TOKENS));
            assertTrue(cost(s, TOKENS) < tokensBefore / 10, "the advised index is what PostgreSQL wants for the lookup");
        }
    }

    private static String plan(Statement s, String sql) throws Exception {
        StringBuilder out = new StringBuilder();
        try (ResultSet r = s.executeQuery("EXPLAIN " + sql)) {
            while (r.next()) {
                out.append(r.getString(1)).append('\n');
            }
        }
        return out.toString();
    }

    private static double cost(Statement s, String sql) throws Exception {
        String top = plan(s, sql).lines().findFirst().orElseThrow();
        return Double.parseDouble(top.replaceAll(".*cost=[0-9.]+\\.\\.([0-9.]+) .*", "$1"));
    }
}
