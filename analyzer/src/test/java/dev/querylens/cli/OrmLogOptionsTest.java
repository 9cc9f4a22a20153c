package dev.querylens.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ORM logs through the command line: one read without flags, a format described in
 * querylens.yaml, and a --source-format that matches nothing, which must not exit 0.
 */
class OrmLogOptionsTest {
    @TempDir
    Path dir;

    private record Run(int exit, String err, JsonNode report) {
    }

    private Run analyze(String... options) throws Exception {
        Path out = dir.resolve("report-" + System.nanoTime() + ".json");
        StringWriter err = new StringWriter();
        var cli = QueryLensCommand.commandLine();
        cli.setErr(new PrintWriter(err, true));
        List<String> args = new ArrayList<>(List.of("analyze", "-q", "--format", "json", "-o", out.toString()));
        args.addAll(List.of(options));
        int exit = cli.execute(args.toArray(String[]::new));
        return new Run(exit, err.toString(), Files.exists(out) ? new ObjectMapper().readTree(out.toFile()) : null);
    }

    @Test
    void anOrmLogIsReadWithoutFlags() throws Exception {
        Run r = analyze(Path.of("src/test/resources/ormlogs/typeorm.log").toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals("app-log", r.report().get("inputs").get(0).get("kind").asText(), r.report().get("inputs").toString());
        assertEquals(53, r.report().get("summary").get("executions").asLong());
    }

    @Test
    void aFormatDescribedInQuerylensYaml() throws Exception {
        Path log = dir.resolve("worker.log");
        Files.writeString(log, "boot\n"
                + "2024-05-01T10:00:00.100Z SQL 4.5ms SELECT name FROM items WHERE id = $1 -- [1]\n"
                + "2024-05-01T10:00:00.200Z SQL 0.5ms SELECT name FROM items WHERE id = $1 -- [2]\n");
        Path config = dir.resolve("querylens.yaml");
        Files.writeString(config, """
                logFormats:
                  - name: worker
                    pattern: '^(?<time>\\S+) SQL (?<duration>[\\d.]+)ms (?<sql>.*?)(?: -- (?<params>\\[.*\\]))?$'
                """);
        Run r = analyze("--config", config.toString(), log.toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals(2, r.report().get("summary").get("executions").asLong());
        assertEquals(5.0, r.report().get("statements").get(0).get("totalTimeMs").asDouble(), 1e-9,
                r.report().get("statements").toString());

        Files.writeString(config, "logFormats:\n  - name: worker\n    pattern: 'SQL (?<statement>.*)'\n");
        Run bad = analyze("--config", config.toString(), log.toString());
        assertEquals(ExitCode.USAGE_OR_INPUT, bad.exit());
        assertTrue(bad.err().contains("querylens.yaml:3:") && bad.err().contains("(?<sql>...)"), bad.err());
    }

    @Test
    void aForcedFormatThatMatchesNothingIsNotACleanRun() throws Exception {
        Path log = dir.resolve("app.log");
        Files.writeString(log, "listening on :3000\nGET /books 200 12ms\n");
        Run r = analyze("--source-format", "app-log", log.toString());
        assertEquals(ExitCode.PARTIAL_REPORT, r.exit(), r.err());
        assertEquals(0, r.report().get("summary").get("executions").asLong());
        assertTrue(r.report().get("diagnostics").toString().contains("nothing was read from it"), r.report().get("diagnostics").toString());
    }

    @Test
    void whatPostgresRanIsReadAsTextWhenTheParserCannot() throws Exception {
        // valid PostgreSQL (XMLELEMENT's NAME) that QueryLens's parser does not read
        String statement = "SELECT xmlelement(name item, xmlattributes(id AS key)) FROM items WHERE id = 7";
        Path log = dir.resolve("postgresql.log");
        Files.writeString(log, "2024-05-01 10:00:00.123 UTC [42] LOG:  duration: 0.250 ms  statement: " + statement + "\n");
        Run server = analyze(log.toString());
        assertEquals(0, server.exit(), server.err());
        String said = server.report().get("diagnostics").toString();
        assertTrue(!said.contains("could not parse") && said.contains("read as text"), said);

        Path file = dir.resolve("query.sql");
        Files.writeString(file, statement + ";\n");
        Run written = analyze(file.toString());
        assertTrue(written.report().get("diagnostics").toString().contains("could not parse"),
                "a statement nobody ran may be a typo: still said " + written.report().get("diagnostics"));
    }
}
