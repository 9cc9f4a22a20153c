package dev.querylens.collect;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Passes executions on in the order their statements appear in a log, though a reader completes
 * some of them only later: an extended-protocol execute waits for its session's next statement
 * (auto_explain logs its plan when the portal closes), an application log's statement for its
 * thread's bound values or its JDBC batch. Passed on as completed, a statement whose session then
 * stays quiet reaches the rules after everything logged after it on other sessions, and the
 * query a fan-out through a pool iterates would come after the whole fan-out.
 *
 * <p>Each statement reserves a slot when it is read; a slot's executions go out once every slot
 * before it has. At most {@value #MAX_WAITING} slots wait: past that the oldest is completed as
 * it stands (a plan or value logged for it later is then not attached), so an idle session cannot
 * hold the stream, or memory, without bound.
 */
final class LogOrder {
    static final int MAX_WAITING = 10_000;

    private final Consumer<Execution> out;
    private final ArrayDeque<Slot> waiting = new ArrayDeque<>();

    /** One statement's place in the log: its executions (a JDBC batch has several), once complete. */
    final class Slot {
        private final List<Execution> executions = new ArrayList<>(1);
        private final Runnable force;
        private boolean done;

        private Slot(Runnable force) {
            this.force = force;
        }

        /** An execution of this statement; it goes out when the slot is done and none before it waits. */
        void add(Execution e) {
            if (done) {
                out.accept(e); // completed early (forced): what comes later still counts, after its turn
                return;
            }
            executions.add(e);
        }

        /** Nothing more will be added: passes on what is ready. */
        void done() {
            if (!done) {
                done = true;
                release();
            }
        }

        boolean isDone() {
            return done;
        }
    }

    LogOrder(Consumer<Execution> out) {
        this.out = out;
    }

    /**
     * A slot for a statement just read. {@code force} completes it now, as it stands, when too many
     * wait; it must call {@link Slot#done()}.
     */
    Slot reserve(Runnable force) {
        Slot slot = new Slot(force);
        waiting.addLast(slot);
        while (waiting.size() > MAX_WAITING) {
            Slot head = waiting.peekFirst();
            head.force.run();
            head.done(); // in case force could not
        }
        return slot;
    }

    /** A marker (a connection, a session's end) or a complete execution: in its place, after what waits. */
    void pass(Execution e) {
        if (waiting.isEmpty()) {
            out.accept(e);
        } else {
            Slot slot = new Slot(() -> { });
            slot.executions.add(e);
            slot.done = true;
            waiting.addLast(slot);
        }
    }

    /** The end of the log: completes whatever still waits (its owner completed its own first). */
    void finish() {
        while (!waiting.isEmpty()) {
            Slot head = waiting.peekFirst();
            if (!head.done) {
                head.force.run();
                head.done();
            }
            release();
        }
    }

    private void release() {
        while (!waiting.isEmpty() && waiting.peekFirst().done) {
            waiting.pollFirst().executions.forEach(out);
        }
    }
}
