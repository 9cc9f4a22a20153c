package dev.querylens.advisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.querylens.cli.QueryLensCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * advise --exact on a real PostgreSQL 15 with HypoPG, on a workload where greedy by benefit per byte
 * is not optimal, and no swap of one index for another mends it ({@link SelectionSwaps}): three
 * lookup tables alike but for their size (150,000, 100,000 and 100,000 rows), the larger one's
 * lookup run 10 times, each smaller one's 8. Per byte the larger table's index pays more (10 calls
 * against 8 over proportional costs and sizes), so greedy takes it first; the budget (the two
 * smaller indexes) then has room for neither of the others, and either alone saves less than the
 * larger one (8 against 10 x 1.5), so no swap pays; together they save more (16 against 15). The
 * exact selection must find that, stay in the budget, and report
 * costs that are PostgreSQL's own plans with its selection in place (asked here through HypoPG
 * directly). Where the solver's library cannot load, or querylens-exact.jar (which holds it) is not
 * beside querylens.jar, --exact must say so in one line and give greedy's advice with the same exit
 * code; where it is, the solver must come from it, and a run without --exact must not load it.
 */
class ExactAdviceTest {
    private static PostgresServer pg;
    private static long budget;
    private static final Map<String, Integer> CALLS = Map.of("large_orders", 10, "small_orders", 8, "other_orders", 8);

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        pg = PostgresServer.start();
        try (Connection c = pg.connect("postgres"); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE shop");
        }
        try (Connection c = pg.connect("shop"); Statement s = c.createStatement()) {
            s.execute("CREATE EXTENSION hypopg");
            for (Map.Entry<String, Integer> t : Map.of("small_orders", 100_000, "large_orders", 150_000, "other_orders", 100_000).entrySet()) {
                s.execute("CREATE TABLE " + t.getKey() + " (id serial PRIMARY KEY, a int NOT NULL, payload text NOT NULL)");
                s.execute("INSERT INTO " + t.getKey() + " (a, payload) SELECT g, repeat('x', 80) || g FROM generate_series(1, "
                        + t.getValue() + ") g");
            }
            s.execute("VACUUM ANALYZE");
        }
        budget = hypotheticalSize("CREATE INDEX ON small_orders (a)") + hypotheticalSize("CREATE INDEX ON other_orders (a)");
    }

    @AfterAll
    static void stop() throws Exception {
        if (pg != null) {
            pg.close();
        }
    }

    private static long hypotheticalSize(String ddl) throws Exception {
        try (Connection c = pg.connect("shop"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT hypopg_relation_size(indexrelid) FROM hypopg_create_index('" + ddl + "')")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Path workload() throws Exception {
        StringBuilder sql = new StringBuilder();
        CALLS.forEach((table, calls) -> sql.append(("SELECT payload FROM " + table + " WHERE a = 4242;\n").repeat(calls)));
        return Files.writeString(dir.resolve("workload.sql"), sql.toString());
    }

    private record Run(int exit, String err, JsonNode json, Path out) {
    }

    /** advise in this JVM, every format written to a folder of its own. */
    private static Run advise(String name, String... extra) throws Exception {
        Path out = Files.createDirectories(dir.resolve(name));
        List<String> args = new ArrayList<>(List.of("advise", "--no-history", "--db", pg.url("shop"), "--budget", String.valueOf(budget),
                "--format", "text,json,markdown,html", "--output-dir", out.toString(), workload().toString()));
        args.addAll(List.of(extra));
        PrintStream saved = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int exit = QueryLensCommand.execute(args.toArray(String[]::new));
            return new Run(exit, err.toString(StandardCharsets.UTF_8), new ObjectMapper().readTree(out.resolve("querylens-report.json").toFile()), out);
        } finally {
            System.setErr(saved);
        }
    }

    private static List<String> ddl(JsonNode report) {
        List<String> out = new ArrayList<>();
        report.get("indexRecommendations").forEach(r -> out.add(r.get("ddl").asText()));
        return out;
    }

    private static String note(JsonNode report, String start) {
        for (JsonNode d : report.get("diagnostics")) {
            if (d.get("message").asText().startsWith(start)) {
                return d.get("message").asText();
            }
        }
        return null;
    }

    /** "workload cost A without new indexes, B with the N recommended": B. */
    private static double withRecommended(JsonNode report) {
        Matcher m = Pattern.compile("workload cost (\\d+) without new indexes, (\\d+) with").matcher(note(report, "what-if planning:"));
        assertTrue(m.find());
        return Double.parseDouble(m.group(2));
    }

    private static double plannedWith(List<String> ddl, String sql) throws Exception {
        return pg.plannedWith("shop", ddl, sql);
    }

    @Test
    void theExactSelectionBeatsPerByteGreedyWithinTheBudgetAtThePlannersOwnCosts() throws Exception {
        Run greedy = advise("greedy");
        assertEquals(0, greedy.exit(), greedy.err());
        // the premise: greedy by benefit per byte takes the larger table's index, and then neither other one fits, nor pays
        // for a swap
        assertEquals(List.of("large_orders"), tables(greedy.json()), greedy.err());

        Run exact = advise("exact", "--exact", "--exact-seconds", "20");
        assertEquals(0, exact.exit(), exact.err());
        assertEquals(List.of("other_orders", "small_orders"), tables(exact.json()).stream().sorted().toList(), exact.err());
        long used = 0;
        for (JsonNode r : exact.json().get("indexRecommendations")) {
            used += r.get("sizeBytes").asLong();
        }
        assertTrue(used <= budget, used + " bytes > budget " + budget);
        assertTrue(withRecommended(exact.json()) < withRecommended(greedy.json()),
                withRecommended(exact.json()) + " not below greedy's " + withRecommended(greedy.json()));

        // the costs reported are the plans PostgreSQL makes with exactly that selection in place
        double expected = 0;
        for (Map.Entry<String, Integer> t : CALLS.entrySet()) {
            expected += t.getValue() * plannedWith(ddl(exact.json()), "SELECT payload FROM " + t.getKey() + " WHERE a = 4242");
        }
        assertEquals(expected, withRecommended(exact.json()), 1.0);
        String first = tables(exact.json()).get(0);
        JsonNode cost = exact.json().get("indexRecommendations").get(0).get("costs").get(0);
        assertEquals(plannedWith(ddl(exact.json()), "SELECT payload FROM " + first + " WHERE a = 4242"), cost.get("after").asDouble(), 0.01);
        assertEquals(plannedWith(List.of(), "SELECT payload FROM " + first + " WHERE a = 4242"), cost.get("before").asDouble(), 0.01);

        // said in the report, in every format, and on stderr
        String said = note(exact.json(), "exact selection");
        assertTrue(said != null && said.contains("optimum proven") && said.contains("the recommendations are the optimum"), String.valueOf(said));
        for (String file : List.of("querylens-report.txt", "querylens-report.md", "querylens-report.html")) {
            assertTrue(Files.readString(exact.out().resolve(file)).contains("optimum proven"), file);
        }
        assertTrue(exact.err().contains("optimum proven"), exact.err());
    }

    /** A statement a small_orders (a) index cuts by about a quarter: two unindexable scans of large_orders come with it. */
    private static final String MOSTLY_SCANS = "SELECT payload FROM small_orders WHERE a = 4242 UNION ALL SELECT payload FROM large_orders"
            + " WHERE payload LIKE '%zzz%' UNION ALL SELECT payload FROM large_orders WHERE payload LIKE '%yyy%'";
    private static final String LOOKUP = "SELECT payload FROM large_orders WHERE a = 4242";

    /** advise on the two statements above with room for every index, at {@code minImprovement}. */
    private static Run adviseAt(String name, String minImprovement, String... extra) throws Exception {
        Path workload = Files.writeString(dir.resolve("threshold.sql"), (MOSTLY_SCANS + ";\n").repeat(3) + (LOOKUP + ";\n").repeat(2));
        Path out = Files.createDirectories(dir.resolve(name));
        List<String> args = new ArrayList<>(List.of("advise", "--no-history", "--db", pg.url("shop"), "--budget", "1GB",
                "--min-improvement", minImprovement, "--format", "json", "--output-dir", out.toString(), workload.toString()));
        args.addAll(List.of(extra));
        PrintStream saved = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int exit = QueryLensCommand.execute(args.toArray(String[]::new));
            return new Run(exit, err.toString(StandardCharsets.UTF_8), new ObjectMapper().readTree(out.resolve("querylens-report.json").toFile()), out);
        } finally {
            System.setErr(saved);
        }
    }

    @Test
    void theExactSelectionRespectsMinImprovementAsGreedyDoes() throws Exception {
        // the premise, asked of PostgreSQL: small_orders (a) cuts the mostly-scans statement by between 20% and 30%
        double without = plannedWith(List.of(), MOSTLY_SCANS);
        double share = (without - plannedWith(List.of("CREATE INDEX ON small_orders (a)"), MOSTLY_SCANS)) / without;
        assertTrue(share > 0.2 && share < 0.3, "small_orders (a) saves " + share);

        Run low = adviseAt("threshold-20", "0.2", "--exact", "--exact-seconds", "20");
        assertEquals(0, low.exit(), low.err());
        assertEquals(List.of("large_orders", "small_orders"), tables(low.json()).stream().sorted().toList(), low.err());
        // and no covering variant: reading payload from the index saves a few units, far below 20% of any statement
        assertTrue(ddl(low.json()).stream().noneMatch(d -> d.contains("INCLUDE")), ddl(low.json()).toString());

        Run high = adviseAt("threshold-30", "0.3", "--exact", "--exact-seconds", "20");
        assertEquals(0, high.exit(), high.err());
        assertEquals(List.of("large_orders"), tables(high.json()), high.err());
        assertTrue(note(high.json(), "exact selection").contains("optimum proven"), high.err());

        // greedy at each threshold: the same advice (here greedy's is the optimum of what counts)
        assertEquals(ddl(adviseAt("threshold-20-greedy", "0.2").json()), ddl(low.json()));
        assertEquals(ddl(adviseAt("threshold-30-greedy", "0.3").json()), ddl(high.json()));

        // each index recommended at 30% cuts some statement by at least 30% of its cost without new indexes, next to the others
        List<String> chosen = ddl(high.json()).stream().map(d -> d.replace(" CONCURRENTLY IF NOT EXISTS", "").replaceAll(";$", "")).toList();
        for (String index : chosen) {
            List<String> others = chosen.stream().filter(d -> !d.equals(index)).toList();
            boolean counts = false;
            for (String sql : List.of(MOSTLY_SCANS, LOOKUP)) {
                counts |= plannedWith(others, sql) - plannedWith(chosen, sql) >= 0.3 * plannedWith(List.of(), sql);
            }
            assertTrue(counts, index + " saves no statement 30%");
        }
    }

    private static List<String> tables(JsonNode report) {
        List<String> out = new ArrayList<>();
        report.get("indexRecommendations").forEach(r -> out.add(r.get("table").asText().replace("public.", "")));
        return out;
    }

    @Test
    void whereTheSolverCannotLoadExactSaysSoInOneLineAndTheAdviceIsGreedysWithTheSameExitCode() throws Exception {
        // OR-Tools unpacks its native library into java.io.tmpdir: a folder that does not exist stops it, as a noexec
        // /tmp or another platform would; a JVM of its own, as the library once loaded stays loaded
        Path out = Files.createDirectories(dir.resolve("unloadable"));
        Path report = out.resolve("report.json");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + dir.resolve("no-such-folder"), "-cp", System.getProperty("java.class.path"),
                "dev.querylens.cli.QueryLensCommand", "advise", "--no-history", "--db", pg.url("shop"), "--budget", String.valueOf(budget),
                "--format", "json", "-o", report.toString(), "--exact", workload().toString())
                .redirectOutput(out.resolve("stdout").toFile()).redirectError(out.resolve("stderr").toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        String err = Files.readString(out.resolve("stderr"));
        Run greedy = advise("greedy-again");
        assertEquals(greedy.exit(), p.exitValue(), err);
        List<String> lines = err.lines().filter(l -> l.startsWith("querylens advise:") && l.contains("exact")).toList();
        assertEquals(1, lines.size(), err);
        assertTrue(lines.get(0).startsWith("querylens advise: exact selection (--exact) not run: the solver's native library (OR-Tools)"
                + " did not load from the temporary folder"), lines.get(0));
        assertTrue(lines.get(0).endsWith("the recommendations are greedy's"), lines.get(0));
        assertTrue(err.lines().noneMatch(l -> l.startsWith("\tat ") || l.contains("Exception")), err);
        assertEquals("", Files.readString(out.resolve("stdout")));
        JsonNode json = new ObjectMapper().readTree(report.toFile());
        assertEquals(ddl(greedy.json()), ddl(json));
        assertTrue(note(json, "exact selection (--exact) not run") != null);
    }
    /**
     * The analyzer as querylens.jar holds it, in {@code app}: its classes without the solver's package
     * (copied to app/classes, so "beside" is app/), and the test's class path without OR-Tools,
     * protobuf and JNA. Returns that class path.
     */
    private static String withoutTheSolver(Path app) throws Exception {
        Path classes = Path.of(ExactSelection.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path copy = app.resolve("classes");
        try (java.util.stream.Stream<Path> all = Files.walk(classes)) {
            for (Path from : all.toList()) {
                String relative = classes.relativize(from).toString().replace('\\', '/');
                if (relative.startsWith("dev/querylens/advisor/cpsat")) {
                    continue;
                }
                Path to = copy.resolve(relative);
                if (Files.isDirectory(from)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(from, to);
                }
            }
        }
        List<String> path = new ArrayList<>(List.of(copy.toString()));
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            if (!entry.isEmpty() && !Path.of(entry).equals(classes) && !solverOnly(entry)) {
                path.add(entry);
            }
        }
        assertTrue(path.stream().noneMatch(e -> e.contains("ortools")), path.toString());
        return String.join(java.io.File.pathSeparator, path);
    }

    /** A jar of what querylens-exact.jar adds: OR-Tools, its protobuf runtime, JNA. */
    private static boolean solverOnly(String entry) {
        String e = entry.replace('\\', '/');
        return e.contains("/com/google/ortools/") || e.contains("/com/google/protobuf/") || e.contains("/net/java/dev/jna/");
    }

    /**
     * querylens-exact.jar as the build makes it, for {@code app}: the solver's package, and OR-Tools,
     * protobuf and JNA by the jar manifest's Class-Path (relative to app/, as the JAR specification
     * wants) instead of unpacked into it.
     */
    private static void piece(Path app) throws Exception {
        Path classes = Path.of(ExactSelection.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> libraries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            if (!entry.isEmpty() && solverOnly(entry)) {
                libraries.add(app.toAbsolutePath().relativize(Path.of(entry).toAbsolutePath()).toString().replace('\\', '/'));
            }
        }
        assertTrue(libraries.stream().anyMatch(l -> l.contains("ortools-java")), libraries.toString());
        java.util.jar.Manifest manifest = new java.util.jar.Manifest();
        manifest.getMainAttributes().put(java.util.jar.Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(java.util.jar.Attributes.Name.CLASS_PATH, String.join(" ", libraries));
        try (java.util.jar.JarOutputStream jar = new java.util.jar.JarOutputStream(Files.newOutputStream(app.resolve(SolverJar.FILE)), manifest);
             java.util.stream.Stream<Path> all = Files.walk(classes.resolve("dev/querylens/advisor/cpsat"))) {
            for (Path c : all.filter(Files::isRegularFile).toList()) {
                jar.putNextEntry(new java.util.jar.JarEntry(classes.relativize(c).toString().replace('\\', '/')));
                Files.copy(c, jar);
                jar.closeEntry();
            }
        }
    }

    /** advise in a JVM of its own on {@code classPath}, with the classes it loaded logged; stdout must stay empty. */
    private static Run adviseIn(String classPath, String name, String... extra) throws Exception {
        Path out = Files.createDirectories(dir.resolve(name));
        Path report = out.resolve("querylens-report.json");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xlog:class+load:file=" + out.resolve("classes.txt"), "-cp", classPath, "dev.querylens.cli.QueryLensCommand",
                "advise", "--no-history", "--db", pg.url("shop"), "--budget", String.valueOf(budget), "--format", "json",
                "-o", report.toString()));
        command.addAll(List.of(extra));
        command.add(workload().toString());
        Process p = new ProcessBuilder(command).redirectOutput(out.resolve("stdout").toFile()).redirectError(out.resolve("stderr").toFile()).start();
        assertTrue(p.waitFor(180, TimeUnit.SECONDS), name + " did not end");
        assertEquals("", Files.readString(out.resolve("stdout")));
        return new Run(p.exitValue(), Files.readString(out.resolve("stderr")), new ObjectMapper().readTree(report.toFile()), out);
    }

    private static List<String> loaded(Run run, String start) throws Exception {
        return Files.readAllLines(run.out().resolve("classes.txt")).stream().filter(l -> l.contains(" " + start)).toList();
    }

    @Test
    void withoutQuerylensExactJarBesideItExactSaysSoInOneLineAndTheAdviceIsGreedysWithTheSameExitCode() throws Exception {
        Path app = Files.createDirectories(dir.resolve("no-piece"));
        String classPath = withoutTheSolver(app);
        Run run = adviseIn(classPath, "no-piece-run", "--exact");
        Run greedy = advise("greedy-for-no-piece");
        assertEquals(greedy.exit(), run.exit(), run.err());
        List<String> lines = run.err().lines().filter(l -> l.startsWith("querylens advise:") && l.contains("exact")).toList();
        assertEquals(1, lines.size(), run.err());
        assertEquals("querylens advise: exact selection (--exact) not run: no querylens-exact.jar beside querylens.jar in " + app.toAbsolutePath()
                + " (it holds the solver, OR-Tools, and ships with querylens.jar: copy both); the recommendations are greedy's", lines.get(0));
        assertTrue(run.err().lines().noneMatch(l -> l.startsWith("\tat ") || l.contains("Exception")), run.err());
        assertEquals(ddl(greedy.json()), ddl(run.json()));
        assertEquals(List.of("large_orders"), tables(run.json()));
        assertTrue(note(run.json(), "exact selection (--exact) not run: no querylens-exact.jar") != null);
        assertEquals(List.of(), loaded(run, "com.google."));
    }

    @Test
    void theSolverComesFromQuerylensExactJarBesideTheAnalyzerAndOnlyWhenExactIsGiven() throws Exception {
        Path app = Files.createDirectories(dir.resolve("with-piece"));
        String classPath = withoutTheSolver(app);
        piece(app);
        Run plain = adviseIn(classPath, "with-piece-plain");
        assertEquals(0, plain.exit(), plain.err());
        assertEquals(List.of("large_orders"), tables(plain.json()));
        // a run without --exact loads nothing of the solver, though it is there
        assertEquals(List.of(), loaded(plain, "com.google."));
        assertEquals(List.of(), loaded(plain, "dev.querylens.advisor.cpsat"));
        assertEquals(List.of(), loaded(plain, "dev.querylens.advisor.SolverJar"));

        Run exact = adviseIn(classPath, "with-piece-exact", "--exact", "--exact-seconds", "20");
        assertEquals(0, exact.exit(), exact.err());
        assertEquals(List.of("other_orders", "small_orders"), tables(exact.json()).stream().sorted().toList(), exact.err());
        assertTrue(note(exact.json(), "exact selection").contains("optimum proven"), exact.err());
        List<String> solver = loaded(exact, "dev.querylens.advisor.cpsat.CpSatSolver ");
        assertEquals(1, solver.size(), String.join("\n", solver));
        assertTrue(solver.get(0).endsWith("source: file:" + app.resolve(SolverJar.FILE).toAbsolutePath()), solver.get(0));
        List<String> sat = loaded(exact, "com.google.ortools.sat.CpModel ");
        assertEquals(1, sat.size(), String.join("\n", sat));
        assertTrue(sat.get(0).contains("ortools-java"), sat.get(0));
    }
}
