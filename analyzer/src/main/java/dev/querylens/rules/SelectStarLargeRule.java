package dev.querylens.rules;

import dev.querylens.engine.Finding;
import dev.querylens.engine.RuleContext;
import dev.querylens.engine.StatementRule;
import dev.querylens.sql.StatementFacts;
import dev.querylens.workload.StatementGroup;
import java.util.List;
import java.util.Map;

/** SELECT * from a wide table, or in a statement run very often: columns read, sent and decoded for nothing. */
public final class SelectStarLargeRule implements StatementRule {
    @Override
    public String id() {
        return "select-star-large";
    }

    @Override
    public List<Finding> check(StatementGroup group, StatementFacts facts, RuleContext context) {
        if (!facts.selectStar() || facts.tables().isEmpty()) {
            return List.of();
        }
        int widest = facts.tables().stream().map(context.catalog()::table).flatMap(java.util.Optional::stream)
                .mapToInt(t -> t.columns().size()).max().orElse(0);
        boolean wide = widest >= context.number("minColumns");
        boolean hot = group.calls() >= context.number("minCalls");
        if (!wide && !hot) {
            return List.of();
        }
        String table = facts.tables().get(0);
        return List.of(new Finding(id(), context.severity(),
                "SELECT * " + (wide ? "reads all " + widest + " columns of a wide table" : "in a statement run " + group.calls() + " times")
                        + ": every column is fetched, sent and decoded whether the caller uses it or not, and an index-only scan is impossible",
                group.sql(), context.qualified(table), List.of(), group.locations(),
                Map.of("columns", widest, "calls", group.calls()),
                "Name the columns the caller needs."));
    }
}
