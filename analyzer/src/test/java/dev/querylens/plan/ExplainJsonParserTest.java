package dev.querylens.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.querylens.Samples;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Plans PostgreSQL 15 produced with EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) in samples/capture/capture.sh. */
class ExplainJsonParserTest {
    private final ExplainJsonParser parser = new ExplainJsonParser(new ObjectMapper());

    @Test
    void readsAnAnalyzedPlanTree() throws IOException {
        List<ExplainPlan> plans = parser.parse(Samples.read(Samples.PLANS.resolve("comments-of-task.json")));
        assertEquals(1, plans.size());
        ExplainPlan plan = plans.get(0);
        assertTrue(plan.executionTimeMs() > 0);
        PlanNode scan = plan.root().walk().filter(n -> "comments".equals(n.relationName())).findFirst().orElseThrow();
        assertTrue(scan.nodeType().contains("Seq Scan"), scan.nodeType());
        assertTrue(scan.analyzed());
        assertTrue(scan.rowsRemovedByFilter() > 100_000, "the filter throws away most of the table");
        assertTrue(scan.filter().contains("task_id"));
    }

    @Test
    void readsJoinsWithChildren() throws IOException {
        ExplainPlan plan = parser.parse(Samples.read(Samples.PLANS.resolve("project-open-counts.json"))).get(0);
        assertTrue(plan.root().walk().count() >= 3);
        assertTrue(plan.root().walk().anyMatch(n -> "tasks".equals(n.relationName())));
        assertTrue(plan.root().walk().anyMatch(n -> "projects".equals(n.relationName())));
    }

    @Test
    void estimatesOnlyPlansHaveNoActuals() throws IOException {
        String json = "[{\"Plan\": {\"Node Type\": \"Seq Scan\", \"Relation Name\": \"t\", \"Startup Cost\": 0.0,"
                + " \"Total Cost\": 35.5, \"Plan Rows\": 2550, \"Plan Width\": 4}}]";
        PlanNode root = parser.parse(json).get(0).root();
        assertFalse(root.analyzed());
        assertEquals(35.5, root.totalCost());
    }

    @Test
    void somethingElseIsRejectedWithAReason() {
        IOException e = assertThrows(IOException.class, () -> parser.parse("{\"not\": \"a plan\"}"));
        assertTrue(e.getMessage().contains("Plan"));
    }
}
