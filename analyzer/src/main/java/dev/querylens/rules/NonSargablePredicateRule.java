package dev.querylens.rules;

import dev.querylens.engine.Finding;
import dev.querylens.engine.RuleContext;
import dev.querylens.engine.StatementRule;
import dev.querylens.schema.Table;
import dev.querylens.sql.Predicate;
import dev.querylens.sql.StatementFacts;
import dev.querylens.workload.StatementGroup;
import dev.querylens.advisor.IndexKey;
import dev.querylens.sql.Quote;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A function, cast or arithmetic applied to a column in a filter ({@code lower(email) = $1},
 * {@code created_at::date = $1}, {@code n + 1 = $1}): an index on the column cannot serve it,
 * only an index on that same expression can.
 */
public final class NonSargablePredicateRule implements StatementRule {
    @Override
    public String id() {
        return "non-sargable-predicate";
    }

    @Override
    public List<Finding> check(StatementGroup group, StatementFacts facts, RuleContext context) {
        List<Finding> out = new ArrayList<>();
        for (Predicate p : facts.predicates()) {
            if (p.function() == null || p.op() == Predicate.Operator.LIKE) {
                continue;
            }
            Table table = context.catalog().table(p.column().table()).orElse(null);
            if (table == null || (!table.columns().isEmpty() && table.column(p.column().column()).isEmpty())) {
                continue;
            }
            String expression = canonical(p.function());
            if (table.indexes().stream().anyMatch(ix -> ix.keys().stream().map(NonSargablePredicateRule::canonical)
                    .anyMatch(expression::equals))) {
                continue;
            }
            boolean columnIndexed = table.hasIndexLeadingWith(p.column().column());
            Map<String, Object> evidence = new LinkedHashMap<>();
            evidence.put("expression", p.function());
            evidence.put("columnIndexed", columnIndexed);
            evidence.put("calls", group.calls());
            String fix = p.function().contains("::date")
                    ? "Compare the column itself with a range: " + p.column().column() + " >= $1 AND " + p.column().column()
                            + " < $1 + 1, which an index on " + p.column().column() + " serves."
                    : IndexKey.isExpression(p.function())
                            ? "Create an expression index that matches the predicate exactly: CREATE INDEX CONCURRENTLY IF NOT EXISTS "
                                    + Quote.ident(table.name() + "_" + p.column().column() + "_expr_idx") + " ON "
                                    + Quote.qualified(table.schema(), table.name()) + " (" + IndexKey.sql(p.function())
                                    + "); or store the normalized value in its own column."
                            : "Create an expression index on exactly the expression the filter uses, or store the normalized value"
                                    + " in its own column and index that.";
            out.add(new Finding(id(), context.severity(),
                    "The filter applies " + p.function() + " to column " + p.column()
                            + (columnIndexed ? ", so the index on the column cannot be used" : " and no index matches that expression")
                            + ": every row is read and the expression computed for each",
                    group.sql(), table.qualifiedName(), List.of(p.column().column()), group.locations(), evidence, fix));
        }
        return out;
    }

    private static String canonical(String expression) {
        return expression.toLowerCase(java.util.Locale.ROOT).replace("\"", "").replaceAll("[\\s()]", "");
    }
}
