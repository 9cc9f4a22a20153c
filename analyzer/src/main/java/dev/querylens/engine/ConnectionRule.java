package dev.querylens.engine;

import java.util.List;

/** Reads how the application connects: sessions from server logs, backends from a live database. */
public interface ConnectionRule extends Rule {
    List<Finding> check(ConnectionFacts facts, RuleContext context);
}
