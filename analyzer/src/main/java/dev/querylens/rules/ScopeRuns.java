package dev.querylens.rules;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/** One loop rule's runs in one scope: the open ones, by the rule's key, and the last few that closed. */
final class ScopeRuns {
    final Map<String, Held> open = new HashMap<>();
    final ArrayDeque<LoopRun> recent = new ArrayDeque<>();

    /**
     * An open run as this scope holds it: where in the scope it last ran, and its executions here
     * since the transaction began. One object per run held, not two map entries (and two boxed
     * numbers) updated per execution.
     */
    static final class Held {
        final LoopRun run;
        long lastIndex;
        int inTransaction;

        Held(LoopRun run) {
            this.run = run;
        }
    }
}
