package dev.querylens.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.querylens.Samples;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * advise as a newcomer meets it (issue #29, item 5): the README's one-command sample database,
 * the index plan first, each index's own saving (PostgreSQL's planner, through HypoPG, is the
 * oracle), the statistics it planned with and their change between runs, and advice without a
 * database. The sample database comes from {@code samples/sample-database.sh} itself, so the
 * recipe the README gives is what is tested.
 */
class AdviseNewcomerTest {
    private static final Path SCRIPT = Samples.ROOT.resolve("sample-database.sh");
    /** A join two indexes serve together, and a statement for each alone. */
    private static final String JOIN = "select c.body from comments c join tasks t on t.id = c.task_id where t.assignee_id = 7 and t.project_id = 3";
    private static final String WORKLOAD = JOIN + ";\n"
            + "select id, title from tasks where assignee_id = 9 order by updated_at desc limit 20;\n"
            + "select id, author_id, body from comments where task_id = 1234 order by created_at;\n";

    private static Path home;
    private static Map<String, String> env;
    private static String url;

    @BeforeAll
    static void start() throws Exception {
        // the server runs as postgres when the tests run as root: its directory's parents must let it in
        home = Files.createTempDirectory("querylens-newcomer");
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        env = Map.of("DIR", home.resolve("db").toString(), "PORT", Integer.toString(port));
        Script started = script("start");
        assertEquals(0, started.exit(), started.err());
        url = started.out().strip();
        assertEquals("postgresql://postgres@127.0.0.1:" + port + "/taskboard", url, "stdout is the URL alone, for url=$(...)");
    }

    @AfterAll
    static void stop() throws Exception {
        if (env != null) {
            Script stopped = script("stop");
            assertEquals(0, stopped.exit(), stopped.err());
            assertFalse(Files.exists(home.resolve("db")), "stop deletes the database's directory");
        }
    }

    private record Script(int exit, String out, String err) {
    }

    private static Script script(String command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", SCRIPT.toString(), command);
        pb.environment().putAll(env);
        Path out = Files.createTempFile(home, "out", ".txt");
        Path err = Files.createTempFile(home, "err", ".txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "sample-database.sh " + command + " finished");
        return new Script(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    private record Run(int exit, String err) {
    }

    private static Run querylens(String... args) {
        PrintStream saved = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            return new Run(QueryLensCommand.execute(args), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(saved);
        }
    }

    private static Connection connect() throws Exception {
        Properties props = new Properties();
        props.setProperty("user", "postgres");
        return DriverManager.getConnection("jdbc:" + url.replace("postgres@", ""), props);
    }

    @Test
    void theRecipeGivesVerifiedAdviceThatOpensTheReport() throws Exception {
        Path report = home.resolve("samples.txt");
        Run r = querylens("advise", "--db", url, "--no-history", Samples.TASKBOARD.toString(), "-o", report.toString());
        assertEquals(0, r.exit(), r.err());
        List<String> lines = Files.readAllLines(report);
        // two summary lines, a blank one, then the plan: the answer before the findings
        assertEquals("RECOMMENDED INDEXES (verified with what-if planning)", lines.get(3), String.join("\n", lines.subList(0, 5)));
        assertTrue(lines.indexOf("FINDINGS") > 3, "findings after the plan");
        assertTrue(lines.stream().anyMatch(l -> l.contains("ON public.comments (task_id")), "the N+1 loop's index");
    }

    @Test
    void eachRecommendationSavesWhatPostgresSaysItsOwnIndexSaves() throws Exception {
        Path workload = Files.writeString(home.resolve("join.sql"), WORKLOAD);
        Path json = home.resolve("join.json");
        Run r = querylens("advise", "-q", "--no-history", "--db", url, workload.toString(), "--format", "json", "-o", json.toString());
        assertEquals(0, r.exit(), r.err());
        JsonNode report = new ObjectMapper().readTree(json.toFile());
        String join = null;
        for (JsonNode s : report.get("statements")) {
            if (s.get("sql").asText().contains("join tasks")) {
                join = s.get("fingerprint").asText();
            }
        }
        List<String> creates = new ArrayList<>();
        Map<String, double[]> onJoin = new HashMap<>();
        for (JsonNode rec : report.get("indexRecommendations")) {
            String create = rec.get("ddl").asText().replace(" CONCURRENTLY IF NOT EXISTS", "");
            creates.add(create);
            for (JsonNode c : rec.get("costs")) {
                if (c.get("fingerprint").asText().equals(join)) {
                    onJoin.put(create, new double[] {c.get("before").asDouble(), c.get("after").asDouble()});
                }
            }
        }
        assertEquals(2, onJoin.size(), "both indexes serve the join: " + report.get("indexRecommendations"));
        // the oracle: the join planned with HypoPG's indexes, all of them and all but one
        double withAll = hypotheticalCost(creates);
        for (Map.Entry<String, double[]> e : onJoin.entrySet()) {
            List<String> others = new ArrayList<>(creates);
            others.remove(e.getKey());
            double without = hypotheticalCost(others);
            assertEquals(without, e.getValue()[0], without * 0.01, "without " + e.getKey());
            assertEquals(withAll, e.getValue()[1], withAll * 0.01, "with all, " + e.getKey());
        }
        double[] first = onJoin.values().iterator().next();
        assertTrue(onJoin.values().stream().anyMatch(c -> c[0] != first[0]),
                "two indexes no longer claim one saving: " + onJoin.values().stream().map(c -> c[0] + " -> " + c[1]).toList());
    }

    private static double hypotheticalCost(List<String> creates) throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            for (String create : creates) {
                s.execute("SELECT * FROM hypopg_create_index('" + create.replace("'", "''") + "')");
            }
            try (ResultSet rs = s.executeQuery("EXPLAIN (FORMAT JSON) " + JOIN)) {
                rs.next();
                return new ObjectMapper().readTree(rs.getString(1)).get(0).get("Plan").get("Total Cost").asDouble();
            }
        }
    }

    @Test
    void theReportSaysWhichStatisticsItPlannedWithAndWhenTheyChanged() throws Exception {
        Path history = home.resolve("history.json");
        Path workload = Files.writeString(home.resolve("stats.sql"), WORKLOAD);
        Path first = home.resolve("first.json");
        Run one = querylens("advise", "-q", "--history", history.toString(), "--db", url, workload.toString(), "--format", "json",
                "-o", first.toString());
        assertEquals(0, one.exit(), one.err());
        String notes = new ObjectMapper().readTree(first.toFile()).get("diagnostics").toString();
        assertTrue(notes.contains("planned with the statistics of 2 table(s): public.comments 400,000 rows, analyzed"), notes);
        assertFalse(notes.contains("changed since the previous"), "nothing recorded before the first run: " + notes);
        assertFalse(Files.readString(history).contains("taskboard"), "the history stores no database names");

        // autovacuum's part, done by hand: more rows, and ANALYZE
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO comments (task_id, author_id, body, created_at) SELECT 1 + g % 1000, 1, 'more', now()"
                    + " FROM generate_series(1, 40000) g");
            s.execute("ANALYZE comments");
        }
        Path second = home.resolve("second.json");
        Run two = querylens("advise", "-q", "--history", history.toString(), "--db", url, workload.toString(), "--format", "json",
                "-o", second.toString());
        assertEquals(0, two.exit(), two.err());
        String changed = new ObjectMapper().readTree(second.toFile()).get("diagnostics").toString();
        // ANALYZE estimates the row count from a sample: more than before, whatever the exact figure
        assertTrue(changed.contains("the statistics changed since the previous advise run on this database")
                && changed.matches("(?s).*public\\.comments analyzed again at [-0-9: ]+ UTC, estimated rows 400,000 -> 4[1-5]\\d,\\d{3}.*"), changed);
        assertFalse(changed.contains("public.tasks analyzed again"), "tasks was not analyzed again: " + changed);
        assertTrue(two.err().contains("the statistics of 1 table(s) changed since the previous run"), two.err());
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("DELETE FROM comments WHERE body = 'more'");
            s.execute("ANALYZE comments");
        }
    }

    @Test
    void withoutADatabaseTheAdviceIsOfflineMarkedAndSaysHowToVerifyIt() throws Exception {
        Path json = home.resolve("offline.json");
        Run r = querylens("advise", Samples.TASKBOARD.toString(), "--format", "json", "-o", json.toString());
        assertEquals(0, r.exit(), "asked for no verification, it did what was asked: " + r.err());
        JsonNode recs = new ObjectMapper().readTree(json.toFile()).get("indexRecommendations");
        assertTrue(recs.size() > 0, "useful: the sample's missing indexes");
        recs.forEach(x -> assertFalse(x.get("verified").asBoolean()));
        assertTrue(r.err().contains("NOT VERIFIED") && r.err().contains("Verify the advice on the sample database"), r.err());

        Run none = querylens("advise");
        assertEquals(2, none.exit());
        assertTrue(none.err().contains("no workload: give files or directories"), none.err());
        assertFalse(none.err().contains("Missing required option"), none.err());
    }

    @Test
    void aDatabaseWithoutHypoPgFallsBackToTheOfflineListShownWithExit3() throws Exception {
        // a template must have no other session: created from the server's postgres database
        try (Connection c = DriverManager.getConnection("jdbc:" + url.replace("postgres@", "").replace("/taskboard", "/postgres"), "postgres", "");
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE nohypo TEMPLATE taskboard");
        }
        try (Connection c = DriverManager.getConnection("jdbc:" + url.replace("postgres@", "").replace("/taskboard", "/nohypo"), "postgres", "");
             Statement s = c.createStatement()) {
            s.execute("DROP EXTENSION hypopg");
        }
        Path text = home.resolve("nohypo.txt");
        Run r = querylens("advise", "--no-history", "--db", url.replace("/taskboard", "/nohypo"), Samples.TASKBOARD.toString(),
                "-o", text.toString());
        assertEquals(3, r.exit(), r.err());
        String report = Files.readString(text);
        assertTrue(report.contains("RECOMMENDED INDEXES (offline heuristic, not verified against a database)"), report);
        assertTrue(r.err().contains("NOT VERIFIED") && r.err().contains("CREATE EXTENSION hypopg")
                && r.err().matches("(?s).*The report's \\d+ recommendation\\(s\\) are the offline heuristic.*"), r.err());
    }
}
