package dev.querylens.rules;

import java.util.LinkedHashSet;
import java.util.Set;

/** A connection as the loop tracker follows it: the request it serves now, and every scope it served. */
final class LoopSession {
    /** The scope of its statements that name no request: made once, not per execution in each rule. */
    final String ownScope;
    String scope;
    /** Statements the session ran (besides transaction control): none yet means the pool just opened it. */
    long statements;
    final Set<String> scopes = new LinkedHashSet<>();

    LoopSession(String session) {
        this.ownScope = "session " + session;
    }
}
