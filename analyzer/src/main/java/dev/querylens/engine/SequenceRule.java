package dev.querylens.engine;

import dev.querylens.workload.SessionEvent;
import java.util.List;

/**
 * Reads executions in session order as they stream in. A watcher keeps bounded state (the
 * current run per session, not the history) and reports what it saw when the input ends.
 */
public interface SequenceRule extends Rule {
    Watcher watch(RuleContext context);

    interface Watcher {
        void accept(SessionEvent event);

        /** The session ended (disconnected, or closed early to bound memory): its state can go. */
        default void sessionEnded(String session) {
        }

        List<Finding> finish();
    }
}
