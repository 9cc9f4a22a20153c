package dev.querylens.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.querylens.cli.QueryLensCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * pg_stat_statements is the oracle for grouping: on the logs PostgreSQL 15 wrote while pgbench
 * ran, in every protocol and log format, QueryLens's statement groups must be the server's
 * (the same partition, the same calls). Compared on the statements both track (reads and
 * writes; pg_stat_statements also counts BEGIN and END), with the texts folded to one case and
 * $n renumbered in order of appearance, since the two keep different sample texts.
 */
class GroupingOracleTest {
    private static PgbenchLogs pgbench;

    @BeforeAll
    static void start() throws Exception {
        pgbench = PgbenchLogs.start(java.nio.file.Files.createTempDirectory("querylens-grouping"));
    }

    @AfterAll
    static void stop() throws Exception {
        pgbench.close();
    }

    @Test
    void groupsEqualPgStatStatementsInEveryProtocolAndFormat() throws Exception {
        for (PgbenchLogs.Script script : PgbenchLogs.Script.values()) {
            for (PgbenchLogs.Mode mode : PgbenchLogs.Mode.values()) {
                PgbenchLogs.RunLogs run = pgbench.run(script, mode);
                Map<String, Long> server = new TreeMap<>();
                run.statements().forEach((sql, calls) -> {
                    if (tracked(sql)) {
                        server.merge(canonical(sql), calls, Long::sum);
                    }
                });
                for (Path log : run.files()) {
                    Path out = log.resolveSibling(log.getFileName() + ".groups.json");
                    StringWriter err = new StringWriter();
                    var cli = QueryLensCommand.commandLine();
                    cli.setErr(new PrintWriter(err, true));
                    assertEquals(0, cli.execute("analyze", "-q", "--format", "json", "-o", out.toString(), log.toString()), err.toString());
                    Map<String, Long> ours = new TreeMap<>();
                    for (JsonNode g : new ObjectMapper().readTree(out.toFile()).get("statements")) {
                        String sql = g.get("sql").asText();
                        if (tracked(sql) && !sql.contains("pg_stat_statements")) {
                            ours.merge(canonical(sql), g.get("calls").asLong(), Long::sum);
                        }
                    }
                    assertEquals(server, ours, script + " " + mode + " " + log.getFileName());
                }
            }
        }
    }

    private static boolean tracked(String sql) {
        return sql.stripLeading().toLowerCase(Locale.ROOT).matches("(?s)(select|insert|update|delete|with)\\b.*");
    }

    /** One case, one space, $n numbered as they appear: texts that stand for the same group compare equal. */
    static String canonical(String sql) {
        String folded = sql.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ").replaceAll("\\s*([(),])\\s*", "$1").strip();
        Matcher m = Pattern.compile("\\$\\d+").matcher(folded);
        StringBuilder b = new StringBuilder();
        Map<String, Integer> numbers = new java.util.HashMap<>();
        while (m.find()) {
            m.appendReplacement(b, "\\$" + numbers.computeIfAbsent(m.group(), k -> numbers.size() + 1));
        }
        return m.appendTail(b).toString();
    }
}
