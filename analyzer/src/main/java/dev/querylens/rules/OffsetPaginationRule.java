package dev.querylens.rules;

import dev.querylens.engine.Finding;
import dev.querylens.engine.RuleContext;
import dev.querylens.engine.StatementRule;
import dev.querylens.sql.StatementFacts;
import dev.querylens.workload.StatementGroup;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** OFFSET pagination deep into a result: the server produces and throws away every skipped row. */
public final class OffsetPaginationRule implements StatementRule {
    @Override
    public String id() {
        return "offset-pagination";
    }

    @Override
    public List<Finding> check(StatementGroup group, StatementFacts facts, RuleContext context) {
        long threshold = (long) context.number("minOffset");
        List<Long> offsets = new ArrayList<>();
        if (facts.offset() >= 0) {
            offsets.add(facts.offset());
        }
        for (String v : group.valuesOf(facts.offsetParam())) {
            try {
                offsets.add(Long.parseLong(v.strip()));
            } catch (NumberFormatException notANumber) {
                // a value we cannot read says nothing about depth
            }
        }
        if (group.largestValueOf(facts.offsetParam()) >= 0) {
            offsets.add(group.largestValueOf(facts.offsetParam()));
        }
        long deepest = offsets.stream().mapToLong(Long::longValue).max().orElse(-1);
        if (deepest <= threshold) {
            return List.of();
        }
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("largestOffsetSeen", deepest);
        evidence.put("threshold", threshold);
        evidence.put("calls", group.calls());
        return List.of(new Finding(id(), context.severity(),
                "OFFSET " + deepest + " makes the server compute and discard " + deepest + " rows before returning a page;"
                        + " the cost grows with the page number",
                group.sql(), facts.tables().isEmpty() ? null : context.qualified(facts.tables().get(0)), List.of(), group.locations(), evidence,
                "Use keyset pagination: remember the last row's sort key and ask for WHERE (sort_key, id) > ($last_key, $last_id)"
                        + " ORDER BY sort_key, id LIMIT n, served by an index on (sort_key, id)."));
    }
}
