package dev.querylens.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.querylens.cli.QueryLensCommand;
import dev.querylens.collect.ResultKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With a trace's masked result keys, the N+1 finding says whether the loop's values are the parent's rows, instead of inferring it. */
class NPlusOneParentProofTest {
    @TempDir
    Path dir;

    private JsonNode loopEvidence(boolean childUsesParentRows) throws Exception {
        ObjectMapper json = new ObjectMapper();
        StringBuilder trace = new StringBuilder();
        ObjectNode parent = json.createObjectNode().put("sql", "select id from authors where org_id = ?").put("connection", "c1")
                .put("durationNanos", 200_000).put("resultKeyColumn", "id");
        parent.putArray("params").add("7");
        var keys = parent.putArray("resultKeys");
        for (int id = 1; id <= 6; id++) {
            keys.add(ResultKeys.hash(Integer.toString(id)));
        }
        trace.append(parent).append('\n');
        for (int id = 1; id <= 6; id++) {
            ObjectNode child = json.createObjectNode().put("sql", "select title from books where author_id = ?").put("connection", "c1")
                    .put("durationNanos", 10_000_000); // client-side time: 6 x 10 ms waited
            child.putArray("params").add(Integer.toString(childUsesParentRows ? id : 100 + id));
            trace.append(child).append('\n');
        }
        Path file = Files.writeString(dir.resolve("trace-" + childUsesParentRows + ".jsonl"), trace);
        Path out = dir.resolve("report.json");
        assertEquals(0, QueryLensCommand.execute("analyze", "-q", "--format", "json", "-o", out.toString(), file.toString()));
        for (JsonNode f : json.readTree(out.toFile()).get("findings")) {
            if (f.get("rule").asText().equals("n-plus-one")) {
                return f.get("evidence");
            }
        }
        throw new AssertionError("no n-plus-one finding");
    }

    @Test
    void theParentsRowsAreProvenOrRefutedByItsResultKeys() throws Exception {
        JsonNode proven = loopEvidence(true);
        assertTrue(proven.get("note").asText().startsWith("proven"), proven.toString());
        assertEquals("6 of 6 executions bound one of the parent's first-column values (id) as $1", proven.get("parentRowsBound").asText());
        JsonNode refuted = loopEvidence(false);
        assertTrue(refuted.get("note").asText().contains("do not contain"), refuted.toString());
    }
}
