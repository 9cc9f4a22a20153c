package dev.querylens.rules;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.querylens.advisor.PostgresServer;
import dev.querylens.cli.QueryLensCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;

/** What the trigger tests share: querylens analyze's JSON report, and pg_stat_user_functions once the calls have arrived. */
final class TriggerRuns {
    private TriggerRuns() {
    }

    /** Runs {@code querylens analyze -q --format json} with these arguments; the exit is 0 or 1 (findings), never an error. */
    static JsonNode analyze(Path dir, String... args) throws Exception {
        Path out = dir.resolve("report.json");
        StringWriter err = new StringWriter();
        var cli = QueryLensCommand.commandLine();
        cli.setErr(new PrintWriter(err, true));
        String[] all = new String[args.length + 6];
        System.arraycopy(new String[] {"analyze", "-q", "--format", "json", "-o", out.toString()}, 0, all, 0, 6);
        System.arraycopy(args, 0, all, 6, args.length);
        int exit = cli.execute(all);
        assertTrue(exit == 0 || exit == 1, "analyze exit " + exit + ": " + err);
        return new ObjectMapper().readTree(out.toFile());
    }

    /**
     * pg_stat_user_functions' calls of the functions named {@code like} (a LIKE pattern), by
     * schema.name: the view is polled until each function has at least its expected calls, as a
     * session's function statistics reach the shared view only after it ends.
     */
    static Map<String, Long> functionCalls(PostgresServer pg, String db, String like, Map<String, Long> atLeast) throws Exception {
        Map<String, Long> out = new TreeMap<>();
        for (int attempt = 0; attempt < 50; attempt++) {
            out.clear();
            try (Connection c = pg.connect(db); Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("SELECT schemaname || '.' || funcname, calls FROM pg_stat_user_functions WHERE funcname LIKE "
                         + dev.querylens.sql.Quote.literal(like))) {
                while (r.next()) {
                    out.put(r.getString(1), r.getLong(2));
                }
            }
            if (atLeast.entrySet().stream().allMatch(e -> out.getOrDefault(e.getKey(), 0L) >= e.getValue())) {
                return out;
            }
            Thread.sleep(200);
        }
        return out;
    }
}
