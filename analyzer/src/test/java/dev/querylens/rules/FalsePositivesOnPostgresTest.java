package dev.querylens.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.querylens.advisor.PostgresServer;
import dev.querylens.analysis.Analysis;
import dev.querylens.analysis.AnalysisRequest;
import dev.querylens.analysis.ProjectConfig;
import dev.querylens.engine.Finding;
import dev.querylens.engine.RuleCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Findings that were wrong on unseen schemas (issue 31), each decided by PostgreSQL 15: the same
 * DDL runs on the server, the server says what happens (a relfilenode changes or not, the foreign
 * key's check uses an index or not, a role may execute a function or not), and QueryLens must
 * report exactly where the server says there is something to report.
 */
class FalsePositivesOnPostgresTest {
    private static PostgresServer pg;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        pg = PostgresServer.start();
    }

    @AfterAll
    static void stop() throws Exception {
        pg.close();
    }

    private static void execute(String database, String sql) throws Exception {
        try (Connection c = pg.connect(database); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private List<Finding> analyze(String rule, Map<String, String> files) throws Exception {
        Path root = Files.createTempDirectory(dir, "project");
        for (var f : files.entrySet()) {
            Files.createDirectories(root.resolve(f.getKey()).getParent());
            Files.writeString(root.resolve(f.getKey()), f.getValue());
        }
        return new Analysis(RuleCatalog.load(), "test", m -> { })
                .run(new AnalysisRequest(List.of(root), List.of(), null, ProjectConfig.none()))
                .findings().stream().filter(f -> f.rule().equals(rule)).toList();
    }

    /**
     * Each TimeZone value, set the way a migration sets it, then a type change between timestamp
     * and timestamptz: whether the server gave the table a new relfilenode is whether
     * column-type-rewrite must report it. The zones were written down before the run: every
     * fixed offset of zero keeps the data; zones whose offset ever changed (London, Abidjan), any
     * other offset, a precision on the new type, or a USING that computes rewrite.
     */
    @Test
    void timestampToTimestamptzRewritesExactlyWhereTheServerDoes() throws Exception {
        execute("postgres", "CREATE DATABASE tz");
        List<String[]> cases = List.of(
                new String[] {"SET timezone = 'UTC'", "timestamp", "timestamptz", ""},
                new String[] {"SET TIME ZONE 'Etc/UTC'", "timestamp", "timestamptz", ""},
                new String[] {"SET timezone TO 'GMT'", "timestamp(3)", "timestamp with time zone", ""},
                new String[] {"SET TIME ZONE 'UTC0'", "timestamp", "timestamptz", ""},
                new String[] {"SET TIME ZONE INTERVAL '+00:00' HOUR TO MINUTE", "timestamp", "timestamptz", ""},
                new String[] {"SET TIME ZONE 0", "timestamptz", "timestamp", ""},
                new String[] {"SET LOCAL timezone = 'Zulu'", "timestamp", "timestamptz", ""},
                new String[] {"SET timezone = 'Europe/London'", "timestamp", "timestamptz", ""},
                new String[] {"SET timezone = 'Africa/Abidjan'", "timestamp", "timestamptz", ""},
                new String[] {"SET TIME ZONE 'America/New_York'", "timestamptz", "timestamp", ""},
                new String[] {"SET TIME ZONE INTERVAL '+01:00' HOUR TO MINUTE", "timestamp", "timestamptz", ""},
                new String[] {"SET TIME ZONE 'Etc/GMT+1'", "timestamp", "timestamptz", ""},
                new String[] {"SET timezone = 'UTC'", "timestamp", "timestamptz(3)", ""},
                new String[] {"SET timezone = 'UTC'", "timestamp", "timestamptz", " USING at + interval '1 hour'"});
        Map<String, Boolean> server = new TreeMap<>();
        Map<String, Boolean> reported = new TreeMap<>();
        for (int i = 0; i < cases.size(); i++) {
            String[] c = cases.get(i);
            String table = "t" + i;
            String create = "CREATE TABLE " + table + " (id int PRIMARY KEY, at " + c[1] + ");";
            String alter = "ALTER TABLE " + table + " ALTER COLUMN at TYPE " + c[2] + c[3] + ";";
            String label = c[0] + "; " + c[1] + " -> " + c[2] + c[3];
            try (Connection db = pg.connect("tz"); Statement s = db.createStatement()) {
                s.execute(create + " INSERT INTO " + table + " VALUES (1, now());");
                db.setAutoCommit(false); // SET LOCAL holds inside the transaction, as a migrator's per-file transaction
                s.execute(c[0]);
                long before = relfilenode(db, table);
                s.execute(alter);
                server.put(label, relfilenode(db, table) != before);
                db.commit();
            }
            String migration = (c[0].startsWith("SET LOCAL") ? "BEGIN;\n" : "") + c[0] + ";\n" + alter + "\n"
                    + (c[0].startsWith("SET LOCAL") ? "COMMIT;\n" : "");
            reported.put(label, !analyze("column-type-rewrite", Map.of("migrations/0001_init.sql", create + "\n",
                    "migrations/0002_alter.sql", migration)).isEmpty());
        }
        assertTrue(server.containsValue(true) && server.containsValue(false), "both kinds happened: " + server);
        assertEquals(server, reported, "reported exactly where PostgreSQL 15 rewrote the table");
    }

    private static long relfilenode(Connection db, String table) throws Exception {
        try (PreparedStatement p = db.prepareStatement("SELECT relfilenode FROM pg_class WHERE oid = ?::regclass")) {
            p.setString(1, table);
            try (ResultSet r = p.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    /**
     * The foreign key's check, as ri_triggers.c runs it when a parent row goes (SELECT 1 FROM ONLY
     * child x WHERE fk = $1 FOR KEY SHARE OF x), planned generically with sequential scans made
     * expensive: the child tables whose check cannot use an index are those unindexed-foreign-key
     * must report. A partial index WHERE fk IS NOT NULL serves it ($1 = fk implies it); one on any
     * other condition does not.
     */
    @Test
    void partialIndexesServeTheForeignKeyCheckExactlyWhereThePlannerUsesThem() throws Exception {
        String ddl = """
                CREATE TABLE parent (id int PRIMARY KEY, a int, b int, UNIQUE (a, b));
                CREATE TABLE not_null_partial (id int, parent_id int REFERENCES parent);
                CREATE INDEX ON not_null_partial (parent_id) WHERE parent_id IS NOT NULL;
                CREATE TABLE quoted_partial ("Parent" int REFERENCES parent);
                CREATE INDEX ON quoted_partial ("Parent") WHERE ("Parent" IS NOT NULL);
                CREATE TABLE other_condition (id int, parent_id int REFERENCES parent, archived boolean);
                CREATE INDEX ON other_condition (parent_id) WHERE NOT archived;
                CREATE TABLE not_null_and_other (id int, parent_id int REFERENCES parent, archived boolean);
                CREATE INDEX ON not_null_and_other (parent_id) WHERE parent_id IS NOT NULL AND NOT archived;
                CREATE TABLE pair (a int, b int, FOREIGN KEY (a, b) REFERENCES parent (a, b));
                CREATE INDEX ON pair (a, b) WHERE a IS NOT NULL AND b IS NOT NULL;
                CREATE TABLE pair_half (a int, b int, c int, FOREIGN KEY (a, b) REFERENCES parent (a, b));
                CREATE INDEX ON pair_half (a, b) WHERE c IS NOT NULL;
                CREATE TABLE unindexed (id int, parent_id int REFERENCES parent);
                """;
        execute("postgres", "CREATE DATABASE fk");
        execute("fk", ddl);
        Map<String, Boolean> served = new TreeMap<>();
        try (Connection db = pg.connect("fk"); Statement s = db.createStatement()) {
            s.execute("SET plan_cache_mode = force_generic_plan");
            s.execute("SET enable_seqscan = off");
            try (ResultSet r = db.createStatement().executeQuery("""
                    SELECT c.conrelid::regclass::text, array_to_string(array(SELECT quote_ident(a.attname) || ' = $' || k.o
                      FROM unnest(c.conkey) WITH ORDINALITY k(n, o) JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n
                      ORDER BY k.o), ' AND '), array_to_string(array(SELECT 'int' FROM unnest(c.conkey)), ',')
                    FROM pg_constraint c WHERE c.contype = 'f'""")) {
                int n = 0;
                while (r.next()) {
                    String name = "ri_" + (++n);
                    s.execute("PREPARE " + name + "(" + r.getString(3) + ") AS SELECT 1 FROM ONLY " + r.getString(1) + " x WHERE "
                            + r.getString(2) + " FOR KEY SHARE OF x");
                    String args = String.join(",", java.util.Collections.nCopies(r.getString(3).split(",").length, "1"));
                    StringBuilder plan = new StringBuilder();
                    try (ResultSet p = db.createStatement().executeQuery("EXPLAIN (FORMAT JSON) EXECUTE " + name + "(" + args + ")")) {
                        p.next();
                        plan.append(p.getString(1));
                    }
                    JsonNode root = new ObjectMapper().readTree(plan.toString());
                    served.put(r.getString(1).replace("\"", ""), root.findValues("Index Name").size() > 0);
                }
            }
        }
        Map<String, Boolean> reported = new TreeMap<>();
        List<Finding> findings = analyze("unindexed-foreign-key", Map.of("schema.sql", ddl));
        served.keySet().forEach(t -> reported.put(t, findings.stream().noneMatch(f -> f.table().equals("public." + t))));
        assertEquals(Map.of("not_null_partial", true, "quoted_partial", true, "other_condition", false, "not_null_and_other", false,
                "pair", true, "pair_half", false, "unindexed", false), served, "what the planner does with each foreign key's check");
        assertEquals(served, reported, "unindexed-foreign-key reports exactly the checks no index serves");
    }

    /**
     * A Supabase database grants EXECUTE on new functions in public to anon and authenticated by
     * default privileges made before any migration; PUBLIC holds it by PostgreSQL's global default.
     * Migrations then change the defaults at points between the functions they create; the server's
     * has_function_privilege for anon and authenticated on each function is what
     * security-definer-exposed must say about it.
     */
    @Test
    void defaultPrivilegesDecideWhoMayExecuteAsPostgresDoes() throws Exception {
        String migration = """
                CREATE FUNCTION public.f_before() RETURNS int LANGUAGE sql SECURITY DEFINER SET search_path = '' AS 'SELECT 1';
                ALTER DEFAULT PRIVILEGES REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;
                CREATE FUNCTION public.f_no_public() RETURNS int LANGUAGE sql SECURITY DEFINER SET search_path = '' AS 'SELECT 1';
                ALTER DEFAULT PRIVILEGES FOR ROLE postgres IN SCHEMA public REVOKE EXECUTE ON FUNCTIONS FROM anon, authenticated;
                CREATE FUNCTION public.f_nobody() RETURNS int LANGUAGE sql SECURITY DEFINER SET search_path = '' AS 'SELECT 1';
                ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT EXECUTE ON FUNCTIONS TO authenticated;
                CREATE FUNCTION public.f_signed_in() RETURNS int LANGUAGE sql SECURITY DEFINER SET search_path = '' AS 'SELECT 1';
                GRANT EXECUTE ON FUNCTION public.f_nobody() TO anon;
                """;
        String perSchemaOnly = """
                ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE EXECUTE ON FUNCTIONS FROM anon, authenticated, PUBLIC;
                CREATE FUNCTION public.g_still_public() RETURNS int LANGUAGE sql SECURITY DEFINER SET search_path = '' AS 'SELECT 1';
                """;
        // the platform: the client roles, and its per-schema default grants, before the project's first migration
        String platform = """
                DO $$ BEGIN
                  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'anon') THEN
                    CREATE ROLE anon NOLOGIN; CREATE ROLE authenticated NOLOGIN; CREATE ROLE service_role NOLOGIN;
                  END IF;
                END $$;
                ALTER DEFAULT PRIVILEGES FOR ROLE postgres IN SCHEMA public GRANT ALL ON FUNCTIONS TO anon, authenticated, service_role;
                """;
        Map<String, String> server = new TreeMap<>();
        for (String[] db : List.of(new String[] {"privileges_a", migration}, new String[] {"privileges_b", perSchemaOnly})) {
            execute("postgres", "CREATE DATABASE " + db[0]);
            execute(db[0], platform);
            execute(db[0], db[1]);
            try (Connection c = pg.connect(db[0]); ResultSet r = c.createStatement().executeQuery("""
                    SELECT p.proname, array_to_string(array(SELECT r.rolname FROM pg_roles r WHERE r.rolname IN ('anon', 'authenticated')
                      AND has_function_privilege(r.oid, p.oid, 'EXECUTE') ORDER BY 1), ',')
                    FROM pg_proc p WHERE p.pronamespace = 'public'::regnamespace""")) {
                while (r.next()) {
                    server.put("public." + r.getString(1) + "()", r.getString(2));
                }
            }
        }
        Map<String, String> reported = new TreeMap<>();
        server.keySet().forEach(f -> reported.put(f, ""));
        List<Finding> findings = new ArrayList<>(analyze("security-definer-exposed",
                Map.of("supabase/migrations/20240101000000_functions.sql", migration)));
        findings.addAll(analyze("security-definer-exposed", Map.of("supabase/migrations/20240101000000_functions.sql", perSchemaOnly)));
        for (Finding f : findings) {
            @SuppressWarnings("unchecked")
            List<String> roles = (List<String>) f.evidence().get("executableBy");
            reported.put(String.valueOf(f.evidence().get("function")), String.join(",", roles));
        }
        assertEquals(Map.of("public.f_before()", "anon,authenticated", "public.f_no_public()", "anon,authenticated",
                "public.f_nobody()", "anon", "public.f_signed_in()", "authenticated", "public.g_still_public()", "anon,authenticated"),
                server, "who may execute each function, as the server says");
        assertEquals(server, reported, "security-definer-exposed names the roles the server lets execute each function");
    }
}
