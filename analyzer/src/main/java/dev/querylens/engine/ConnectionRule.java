package dev.querylens.engine;

import java.util.List;
import java.util.Optional;

/** Reads how the application connects: sessions from server logs, backends from a live database. */
public interface ConnectionRule extends Rule {
    List<Finding> check(ConnectionFacts facts, RuleContext context);

    /** One line for the report when the facts are too partial to judge (a log setting is off): what to turn on. */
    default Optional<String> note(ConnectionFacts facts, RuleContext context) {
        return Optional.empty();
    }
}
