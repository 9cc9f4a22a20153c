package dev.querylens.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code explain} on documents of every shape a damaged or hostile file can have: each is one line
 * on stderr and exit 2, never a stack trace, a silent exit 0 or a tree of NaN. A plan without
 * costs (EXPLAIN (COSTS OFF), which PostgreSQL really prints) is drawn without them.
 */
class ExplainShapesTest {
    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {
    }

    private Run explain(String name, byte[] content) throws Exception {
        Path file = dir.resolve(name);
        Files.write(file, content);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = QueryLensCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute("explain", file.toString());
        return new Run(exit, out.toString(), err.toString());
    }

    private Run explain(String name, String json) throws Exception {
        return explain(name, json.getBytes(StandardCharsets.UTF_8));
    }

    /** Exit 2 with exactly one line on stderr naming the file and what is wrong, nothing on stdout. */
    private void refused(Run r, String name, String why) {
        assertEquals(2, r.exit(), r.err() + r.out());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("querylens explain: ") && r.err().contains(name), r.err());
        assertTrue(r.err().contains(why), r.err());
        assertFalse(r.err().contains("Exception") || r.err().contains("Error") || r.err().contains("\tat "), r.err());
        assertEquals("", r.out());
    }

    @Test
    void twentyKilobytesOfNestedArraysIsADiagnosticNotAStackOverflow() throws Exception {
        refused(explain("nested.json", "[".repeat(10_000) + "]".repeat(10_000)), "nested.json", "no plan in it");
        // and nested arrays holding a plan at the bottom: still found, as many levels down as it is
        String plan = "{\"Plan\": {\"Node Type\": \"Result\", \"Total Cost\": 0.01, \"Plan Rows\": 1}}";
        Run deep = explain("deep.json", "[".repeat(10_000) + plan + "]".repeat(10_000));
        assertEquals(0, deep.exit(), deep.err());
        assertTrue(deep.out().contains("Result  [100%] est. 1 rows, cost 0.01"), deep.out());
        // nested objects past the parser's nesting limit
        refused(explain("objects.json", "{\"a\":".repeat(200_000) + "1" + "}".repeat(200_000)), "objects.json", "not a readable");
    }

    @Test
    void emptyDocumentsAreNotASilentSuccess() throws Exception {
        refused(explain("empty-array.json", "[]"), "empty-array.json", "no plan in it");
        refused(explain("blank.json", "\n"), "blank.json", "empty");
        refused(explain("nothing.json", ""), "nothing.json", "empty");
    }

    @Test
    void aPlanThatIsNotAPlanNodeIsRefusedNotDrawnAsNaN() throws Exception {
        refused(explain("null-plan.json", "[{\"Plan\": null}]"), "null-plan.json", "\"Plan\" is null");
        refused(explain("number-plan.json", "[{\"Plan\": 5}]"), "number-plan.json", "\"Plan\" is number");
        refused(explain("empty-plan.json", "[{\"Plan\": {}}]"), "empty-plan.json", "no \"Node Type\"");
        refused(explain("bad-children.json", "[{\"Plan\": {\"Node Type\": \"Seq Scan\", \"Plans\": [1, null]}}]"),
                "bad-children.json", "not a plan node");
        refused(explain("plans-object.json", "[{\"Plan\": {\"Node Type\": \"Seq Scan\", \"Plans\": {}}}]"),
                "plans-object.json", "\"Plans\" is not an array");
        refused(explain("null.json", "null"), "null.json", "expected an object with a \"Plan\" key");
        refused(explain("garbage.json", "[{\"Plan\": {\"Node Type\": \"Seq Scan\"}}] secret-token"), "garbage.json", "malformed JSON");
        Run r = explain("garbage.json", "[{\"Plan\": {\"Node Type\": \"Seq Scan\"}}] secret-token");
        assertFalse(r.err().contains("secret-token"), "the diagnostic does not echo the input: " + r.err());
    }

    @Test
    void notUtf8IsSaidSo() throws Exception {
        refused(explain("plan.json.gz", new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff}), "plan.json.gz", "not UTF-8 text");
    }

    @Test
    void aPlanWithoutCostsIsDrawnWithoutNaN() throws Exception {
        // what PostgreSQL 15 prints for EXPLAIN (COSTS OFF, FORMAT JSON) SELECT * FROM t WHERE a = 1
        String json = """
                [
                  {
                    "Plan": {
                      "Node Type": "Seq Scan",
                      "Parallel Aware": false,
                      "Async Capable": false,
                      "Relation Name": "t",
                      "Alias": "t",
                      "Filter": "(a = 1)"
                    }
                  }
                ]""";
        Run r = explain("costs-off.json", json);
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("Seq Scan on t"), r.out());
        assertTrue(r.out().contains("no costs in this plan"), r.out());
        assertFalse(r.out().contains("NaN"), r.out());
    }
}
