package dev.querylens.engine;

import java.util.List;
import java.util.Optional;

/** Reads a live database's statistics and catalog state (--db): what PgHero and pganalyze check on a running server. */
public interface HealthRule extends Rule {
    List<Finding> check(HealthFacts facts, RuleContext context);

    /** One line for the report when the role could not see what this rule needs: what to grant. Never a silent "healthy". */
    default Optional<String> note(HealthFacts facts, RuleContext context) {
        return Optional.empty();
    }
}
