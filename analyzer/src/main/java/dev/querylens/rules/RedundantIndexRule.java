package dev.querylens.rules;

import dev.querylens.engine.Finding;
import dev.querylens.engine.RuleContext;
import dev.querylens.engine.SchemaRule;
import java.util.List;

/** An index whose key is a leading prefix of another index's key on the same table. */
public final class RedundantIndexRule implements SchemaRule {
    @Override
    public String id() {
        return "redundant-index";
    }

    @Override
    public List<Finding> check(RuleContext context) {
        return OverlappingIndexRules.check(context, id(), false);
    }
}
