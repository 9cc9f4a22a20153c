package dev.querylens.rules;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/** A request (or a session without request tags): its statements counted, its open runs, its last statement. */
final class LoopScope {
    final String key;
    final boolean request;
    long index;
    SeenStatement last;
    final Map<String, LoopRun> open = new HashMap<>();
    final Map<String, Long> lastIndex = new HashMap<>();
    /** Per open run, its executions in this scope since the transaction began. */
    final Map<String, Integer> inTransaction = new HashMap<>();
    final ArrayDeque<LoopRun> recent = new ArrayDeque<>();
    /** The explicit transaction open in this scope (numbered from 1 at each BEGIN), 0 outside one. */
    long transaction;
    long transactions;

    LoopScope(String key, boolean request) {
        this.key = key;
        this.request = request;
    }
}
