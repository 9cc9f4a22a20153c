package dev.querylens.engine;

import dev.querylens.workload.SessionEvent;
import java.util.List;

/**
 * Reads executions in session order as they stream in. A watcher keeps bounded state (the
 * current run per session, not the history) and reports what it saw when the input ends.
 */
public interface SequenceRule extends Rule {
    Watcher watch(RuleContext context);

    /**
     * The watcher, where the engine keeps passes several rules share ({@link SharedPasses}): a rule
     * that reads one asks {@code shared} for it and leaves feeding it to the engine. By default a
     * rule keeps all its state itself.
     */
    default Watcher watch(RuleContext context, SharedPasses shared) {
        return watch(context);
    }

    interface Watcher {
        void accept(SessionEvent event);

        /** The session ended (disconnected, or closed early to bound memory): its state can go. */
        default void sessionEnded(String session) {
        }

        List<Finding> finish();
    }
}
