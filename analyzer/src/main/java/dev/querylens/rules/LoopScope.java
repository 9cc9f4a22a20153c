package dev.querylens.rules;

/**
 * A request (or a session without request tags): its statements counted, its last statement, its
 * explicit transaction, all kept once by the {@link LoopTracker}; and per loop rule reading it, that
 * rule's open runs here ({@link ScopeRuns}, by the rule's place in the tracker).
 */
final class LoopScope {
    final String key;
    final boolean request;
    long index;
    SeenStatement last;
    /** The explicit transaction open in this scope (numbered from 1 at each BEGIN), 0 outside one. */
    long transaction;
    long transactions;
    final ScopeRuns[] runs;

    LoopScope(String key, boolean request, int rules) {
        this.key = key;
        this.request = request;
        this.runs = new ScopeRuns[rules];
        for (int i = 0; i < rules; i++) {
            runs[i] = new ScopeRuns();
        }
    }
}
