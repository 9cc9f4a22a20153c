package dev.querylens.collect;

import java.util.Set;

/** One statement cut from a script, with the line it starts on and the rules suppressed for it. */
public record SqlStatementText(String sql, int line, Set<String> suppressed) {
}
