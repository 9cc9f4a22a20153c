package dev.querylens.workload;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The sessions that have executions and have not ended yet, least recently active first. A log
 * without disconnection lines (or a trace, which has none) would otherwise keep every session it
 * ever saw: past the limit the least recently active one is closed early and counted, and whoever
 * keeps state per session is told it ended.
 */
final class OpenSessions {
    private final Map<String, Boolean> open;
    private final Consumer<String> ended;
    private long evicted;

    OpenSessions(int limit, Consumer<String> ended) {
        this.ended = ended;
        this.open = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                if (size() <= limit) {
                    return false;
                }
                evicted++;
                ended.accept(eldest.getKey());
                return true;
            }
        };
    }

    /** The session ran something: it becomes the most recently active. */
    void touch(String session) {
        open.put(session, Boolean.TRUE);
    }

    /** The session disconnected. */
    void end(String session) {
        if (open.remove(session) != null) {
            ended.accept(session);
        }
    }

    long evicted() {
        return evicted;
    }
}
