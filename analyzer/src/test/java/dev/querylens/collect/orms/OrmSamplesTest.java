package dev.querylens.collect.orms;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.querylens.cli.QueryLensCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The ORM sample applications of samples/orms (Django, SQLAlchemy, Sequelize, TypeORM, Knex,
 * Drizzle, Hibernate), each run once per log_line_prefix against a real PostgreSQL 15, held to the ground
 * truth written from their code (samples/orms/<app>/EXPECTED.yaml). For every run and every log
 * of it (the server's stderr, csvlog and jsonlog, the ORM's own log, all four given together,
 * which are one run and must count once, and the csvlog with the run's pg_stat_statements export,
 * the same executions as events and as totals, which must count once too), QueryLens must
 * <ol>
 * <li>count the statements pg_stat_statements counted for the run (its export is the oracle), and
 * <li>report exactly the expected loops of the exact rules: each once, with its parent, runs,
 * executions (and, where the log carries them, the application, the request's route and
 * file:line, and a fix in the ORM's own API), and nothing else.
 * </ol>
 * Every mismatch of an application is collected into one failure message (also written to
 * target/orm-samples/&lt;app&gt;.txt), so one run shows all that is left to do.
 */
class OrmSamplesTest {
    static final Path ORMS = Path.of("..", "samples", "orms");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> RUNS = List.of("m-pid-user-db", "t-pgbadger", "t-line");
    /** The prefixes that carry %a; csvlog and jsonlog always carry application_name. */
    private static final List<String> PREFIXES_WITH_APPLICATION = List.of("t-pgbadger");

    @TempDir
    Path out;

    @ParameterizedTest
    @ValueSource(strings = {"django", "sqlalchemy", "sequelize", "typeorm", "knex", "drizzle", "hibernate"})
    void findsWhatTheApplicationDoesInEveryLogOfEveryRun(String app) throws Exception {
        Path dir = ORMS.resolve(app);
        OrmGroundTruth truth = OrmGroundTruth.read(dir.resolve("EXPECTED.yaml"));
        List<KnownGaps.Mismatch> mismatches = new ArrayList<>();
        int inputs = 0;
        for (String run : RUNS) {
            Path logs = dir.resolve("logs").resolve(run);
            Path pgss = logs.resolve("pg_stat_statements.csv");
            // the ground truth itself, against PostgreSQL's own counts (no QueryLens involved)
            List<String> badTruth = GroundTruthCheck.against(truth, PgStatStatementsRows.read(pgss));
            badTruth.forEach(m -> mismatches.add(new KnownGaps.Mismatch(run, "EXPECTED.yaml: " + m)));
            Analysis oracle = analyze(pgss);
            if (!oracle.problem().isEmpty()) {
                mismatches.add(new KnownGaps.Mismatch(run + "/pg_stat_statements.csv", oracle.problem()));
            }
            Map<String, Input> inputsOfRun = new LinkedHashMap<>();
            Path stderr = logs.resolve("postgresql.log.gz");
            Path csv = logs.resolve("postgresql.csv.gz");
            Path json = logs.resolve("postgresql.json.gz");
            // capture.sh gzips an ORM log over 100 KB
            Path orm = Files.exists(logs.resolve("orm.log")) ? logs.resolve("orm.log") : logs.resolve("orm.log.gz");
            boolean prefixHasApp = PREFIXES_WITH_APPLICATION.contains(run);
            inputsOfRun.put("stderr", new Input(List.of(stderr), false, prefixHasApp, false));
            inputsOfRun.put("csvlog", new Input(List.of(csv), false, true, false));
            inputsOfRun.put("jsonlog", new Input(List.of(json), false, true, false));
            inputsOfRun.put("orm log", new Input(List.of(orm), true, false, true));
            inputsOfRun.put("all four together", new Input(List.of(stderr, csv, json, orm), false, true, true));
            // the server's own totals given with its log: the same executions, counted once (issue 24 item 7)
            inputsOfRun.put("csvlog with pg_stat_statements", new Input(List.of(csv, pgss), false, true, false));
            for (var e : inputsOfRun.entrySet()) {
                inputs++;
                String where = run + "/" + e.getKey();
                Analysis a = analyze(e.getValue().files().toArray(Path[]::new));
                if (!a.problem().isEmpty()) {
                    mismatches.add(new KnownGaps.Mismatch(where, a.problem()));
                }
                if (a.report() == null) {
                    continue;
                }
                if (e.getValue().files().size() > 1 && !saysOverlap(a.report())) {
                    mismatches.add(new KnownGaps.Mismatch(where, "no note that the inputs held the same server events (one line per repeating input expected)"));
                }
                countsAgree(truth, e.getValue().ormLog(), a.report(), oracle.report())
                        .forEach(m -> mismatches.add(new KnownGaps.Mismatch(where, m)));
                new FindingComparison(truth, e.getValue().carriesApplication(), e.getValue().ormKnown() || truth.ormKnownFromSql())
                        .compare(a.report())
                        .forEach(m -> mismatches.add(new KnownGaps.Mismatch(where, m)));
            }
        }
        // what is still wrong and reviewed as such is listed in KNOWN-GAPS.yaml; anything else, or a listed gap
        // that no longer occurs, fails (a ratchet: the list only shrinks)
        List<String> unexpected = KnownGaps.read(dir.resolve("KNOWN-GAPS.yaml")).unexpected(mismatches);
        String message = app + ": " + mismatches.size() + " mismatches over " + inputs + " inputs (3 runs x 6 inputs), "
                + unexpected.size() + " not as KNOWN-GAPS.yaml lists\n  " + String.join("\n  ", unexpected)
                + "\n all mismatches:\n  " + String.join("\n  ", mismatches.stream().map(m -> "[" + m.input() + "] " + m.line()).toList());
        Path report = Path.of("target", "orm-samples", app + ".txt");
        Files.createDirectories(report.getParent());
        Files.writeString(report, message + "\n", StandardCharsets.UTF_8);
        if (!unexpected.isEmpty()) {
            fail(message);
        }
        assertTrue(inputs > 0);
    }

    private static boolean saysOverlap(JsonNode report) {
        boolean[] found = {false};
        report.path("diagnostics").forEach(d -> found[0] |= d.path("note").asBoolean()
                && (d.path("message").asText().contains("are the same server events as in")
                        || d.path("message").asText().contains("pg_stat_statements rows are statements the logs given with them")));
        return found[0];
    }

    record Input(List<Path> files, boolean ormLog, boolean carriesApplication, boolean ormKnown) {
    }

    record Analysis(JsonNode report, String problem) {
    }

    private Analysis analyze(Path... files) throws IOException {
        Path report = Files.createTempFile(out, "report", ".json");
        StringWriter err = new StringWriter();
        var cli = QueryLensCommand.commandLine();
        cli.setErr(new PrintWriter(err, true));
        cli.setOut(new PrintWriter(new StringWriter(), true));
        List<String> args = new ArrayList<>(List.of("analyze", "-q", "--format", "json", "-o", report.toString()));
        for (Path f : files) {
            args.add(f.toString());
        }
        int exit = cli.execute(args.toArray(String[]::new));
        JsonNode json = Files.size(report) == 0 ? null : JSON.readTree(report.toFile());
        List<String> problems = new ArrayList<>();
        if (exit != 0) {
            problems.add("exit code " + exit + (err.toString().isBlank() ? "" : ": " + firstLine(err.toString())));
        }
        if (json == null) {
            problems.add("no report written");
        } else {
            // notes (how a log was read, that two inputs held the same events) are not problems; anything else is
            List<JsonNode> problemLines = new ArrayList<>();
            json.path("diagnostics").forEach(d -> {
                if (d.path("inputLost").asBoolean() || !d.path("note").asBoolean()) {
                    problemLines.add(d);
                }
            });
            int diagnostics = problemLines.size();
            if (diagnostics > 0) {
                List<String> first = new ArrayList<>();
                problemLines.forEach(d -> {
                    if (first.size() < 3) {
                        first.add(firstLine(d.path("message").asText()) + " (" + d.path("file").asText().replaceAll(".*/", "") + ":"
                                + d.path("line").asText() + ")");
                    }
                });
                problems.add(diagnostics + " diagnostics on valid input, e.g. " + first);
            }
        }
        return new Analysis(json, String.join("; ", problems));
    }

    /**
     * (a) the statements of the log, grouped, against pg_stat_statements' calls. An ORM's own log
     * is compared without transaction control, SET and SHOW (ORMs log some, not all) and without
     * what EXPECTED.yaml says it never shows.
     */
    static List<String> countsAgree(OrmGroundTruth truth, boolean ormLog, JsonNode report, JsonNode oracle) {
        if (oracle == null) {
            return List.of();
        }
        Predicate<String> counted = sql -> (!ormLog || !(isControl(sql) || FoldedSql.of(sql).containsAny(truth.ormLogOmits())))
                && truth.pgssMiscounts().stream().noneMatch(m -> FoldedSql.of(m).equals(FoldedSql.of(sql)));
        Map<String, Long> got = groups(report, counted);
        Map<String, Long> want = groups(oracle, counted);
        Map<String, String> sql = new TreeMap<>();
        report.path("statements").forEach(s -> sql.put(s.path("fingerprint").asText(), s.path("sql").asText()));
        oracle.path("statements").forEach(s -> sql.putIfAbsent(s.path("fingerprint").asText(), s.path("sql").asText()));
        List<String> diffs = new ArrayList<>();
        long gotTotal = got.values().stream().mapToLong(Long::longValue).sum();
        long wantTotal = want.values().stream().mapToLong(Long::longValue).sum();
        for (String fp : new TreeSet<>(union(got, want))) {
            long g = got.getOrDefault(fp, 0L);
            long w = want.getOrDefault(fp, 0L);
            if (g != w) {
                diffs.add(g + " executions where pg_stat_statements has " + w + ": " + shorten(sql.get(fp)));
            }
        }
        if (diffs.isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        out.add("statement counts differ from pg_stat_statements in " + diffs.size() + " of " + union(got, want).size()
                + " groups (" + gotTotal + " executions read, pg_stat_statements " + wantTotal + ")");
        diffs.stream().limit(8).forEach(d -> out.add("    " + d));
        if (diffs.size() > 8) {
            out.add("    ... and " + (diffs.size() - 8) + " more");
        }
        return out;
    }

    private static java.util.Set<String> union(Map<String, Long> a, Map<String, Long> b) {
        java.util.Set<String> all = new TreeSet<>(a.keySet());
        all.addAll(b.keySet());
        return all;
    }

    private static Map<String, Long> groups(JsonNode report, Predicate<String> counted) {
        Map<String, Long> calls = new TreeMap<>();
        report.path("statements").forEach(s -> {
            if (counted.test(s.path("sql").asText())) {
                calls.merge(s.path("fingerprint").asText(), s.path("calls").asLong(), Long::sum);
            }
        });
        return calls;
    }

    private static boolean isControl(String sql) {
        return sql.strip().toLowerCase(Locale.ROOT).matches("(begin|commit|rollback|start transaction|set |show )\\b.*");
    }

    static String shorten(String sql) {
        String s = sql == null ? "?" : sql.replaceAll("\\s+", " ").strip();
        return s.length() <= 110 ? s : s.substring(0, 107) + "...";
    }

    private static String firstLine(String s) {
        String line = s.strip().lines().findFirst().orElse("");
        return line.length() <= 160 ? line : line.substring(0, 157) + "...";
    }
}
