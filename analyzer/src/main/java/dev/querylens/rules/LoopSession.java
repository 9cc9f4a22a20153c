package dev.querylens.rules;

import java.util.LinkedHashSet;
import java.util.Set;

/** A connection as the loop tracker follows it: the request it serves now, and every scope it served. */
final class LoopSession {
    String scope;
    /** Statements the session ran (besides transaction control): none yet means the pool just opened it. */
    long statements;
    final Set<String> scopes = new LinkedHashSet<>();
}
