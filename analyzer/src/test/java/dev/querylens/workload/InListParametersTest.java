package dev.querylens.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.querylens.collect.Execution;
import dev.querylens.collect.SourceKind;
import dev.querylens.collect.SourceLocation;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Executions whose IN lists of bound parameters differ in length are one group, and each $n keeps its own value. */
class InListParametersTest {
    @Test
    void oneGroupAndTheValuesOfTheNumberedDownParameters() {
        Workload w = new Workload(e -> { });
        w.add(new Execution(SourceKind.JDBC_TRACE, new SourceLocation("t", 1), "select * from t where a in ($1, $2) and b = $3",
                List.of("x", "y", "z"), "c1", null, 1.0, null, null));
        w.add(new Execution(SourceKind.JDBC_TRACE, new SourceLocation("t", 2), "select * from t where a in ($1, $2, $3) and b = $4",
                List.of("x", "y", "w", "z"), "c1", null, 1.0, null, null));
        List<StatementGroup> groups = w.groups();
        assertEquals(1, groups.size(), groups.toString());
        assertEquals(2, groups.get(0).calls());
        assertEquals(List.of("z"), groups.get(0).valuesOf(2).stream().distinct().toList(), "b = $2 keeps b's value");
        assertEquals(List.of("x"), groups.get(0).valuesOf(1).stream().distinct().toList());
    }
}
