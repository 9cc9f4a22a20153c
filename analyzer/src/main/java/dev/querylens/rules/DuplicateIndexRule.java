package dev.querylens.rules;

import dev.querylens.engine.Finding;
import dev.querylens.engine.RuleContext;
import dev.querylens.engine.SchemaRule;
import java.util.List;

/** Two indexes with the same key on the same table. */
public final class DuplicateIndexRule implements SchemaRule {
    @Override
    public String id() {
        return "duplicate-index";
    }

    @Override
    public List<Finding> check(RuleContext context) {
        return OverlappingIndexRules.check(context, id(), true);
    }
}
