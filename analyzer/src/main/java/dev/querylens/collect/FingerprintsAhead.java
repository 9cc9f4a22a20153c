package dev.querylens.collect;

import dev.querylens.sql.Fingerprint;
import dev.querylens.sql.RecentFingerprints;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Fingerprints worked out on the thread that reads a log, ahead of the thread that groups its
 * executions and runs the sequence rules. A fingerprint is a function of the text alone, and so is
 * how a simple-protocol message splits into statements ({@link SimpleQueryStatements#of}); on a
 * log of short statements the two were a third of the consuming thread's work while the reading
 * thread was mostly idle. The consumer still sees every execution in the order read: only where
 * this work is done moves.
 *
 * <p>{@link PipelinedSource} gives each execution to a {@link #worker()} on its reading thread and
 * says which execution it is handing over ({@link #delivering}) before the consumer sees it. A
 * consumer that asks about that very execution (the same instance, the same text instance) gets
 * the answer worked out ahead; one that asks about anything else (an execution a filter replaced,
 * a text of another source) gets null and works it out itself, as before. The answers are the
 * same either way, so what a run reports cannot depend on which thread did the work.
 */
public final class FingerprintsAhead {
    /** What was worked out for one execution: its message's statements, their fingerprints and inline values. */
    static final class Worked {
        final Execution execution;
        /** The execution's text, which {@link #statements} were cut from. */
        final String sql;
        final List<String> statements;
        final Fingerprint[] fingerprints;
        /** Per statement, the values of its inline constants; null where none were asked for (bound parameters, no session). */
        final List<List<String>> constants;

        Worked(Execution execution, String sql, List<String> statements, Fingerprint[] fingerprints, List<List<String>> constants) {
            this.execution = execution;
            this.sql = sql;
            this.statements = statements;
            this.fingerprints = fingerprints;
            this.constants = constants;
        }
    }

    /** The execution being handed to the consumer and what was worked out for it; the consumer's thread only. */
    private Worked current;

    /**
     * A worker for one reading thread (it keeps its own memory of recent texts): for an execution,
     * what the consumer will ask, or null where it will ask nothing (no text) or the work failed
     * (then the consumer does it, and fails, as it did before).
     */
    Function<Execution, Object> worker() {
        RecentFingerprints recent = new RecentFingerprints();
        return e -> {
            try {
                return work(e, recent);
            } catch (RuntimeException | Error failed) {
                return null; // an input that breaks the lexer breaks it on the consumer's thread, as it always did
            }
        };
    }

    private static Worked work(Execution e, RecentFingerprints recent) {
        return work(e, e.sql(), !e.params().isEmpty(), e.session() != null, recent);
    }

    /**
     * The work for a text that is yet to become an execution's, on the guess whether that execution
     * will have bound parameters (and a session): {@link #confirmed} says whether it applies.
     */
    static Object ahead(String sql, boolean withParams, RecentFingerprints recent) {
        try {
            return work(null, sql, withParams, true, recent);
        } catch (RuntimeException | Error failed) {
            return null; // as worker(): the consumer's thread does it, and fails, as it always did
        }
    }

    /** What {@link #ahead} worked out, for this execution of that very text when the guess held; else null. */
    static Object confirmed(Object ahead, Execution e) {
        if (ahead instanceof Worked w && w.execution == null && w.sql == e.sql()
                && e.session() != null && (w.constants == null) == !e.params().isEmpty()) {
            return new Worked(e, w.sql, w.statements, w.fingerprints, w.constants);
        }
        return null;
    }

    private static Worked work(Execution e, String sql, boolean withParams, boolean withSession, RecentFingerprints recent) {
        if (sql == null || sql.isBlank()) {
            return null;
        }
        // as SimpleQueryStatements.splitting cuts it, and as Workload.add asks for the fingerprints
        List<String> statements = withParams || sql.indexOf(';') < 0 ? List.of(sql) : SimpleQueryStatements.of(sql);
        boolean inline = withSession && !withParams;
        Fingerprint[] fingerprints = new Fingerprint[statements.size()];
        List<List<String>> constants = inline ? new ArrayList<>(statements.size()) : null;
        for (int k = 0; k < fingerprints.length; k++) {
            String statement = statements.get(k);
            List<String> values = inline ? new ArrayList<>() : null;
            if (!statement.isBlank()) { // never asked for: Workload takes no blank text
                fingerprints[k] = recent.of(statement, values);
            }
            if (inline) {
                constants.add(values);
            }
        }
        return new Worked(e, sql, statements, fingerprints, constants);
    }

    /** The reading side handed over this execution with what its worker returned ({@code null, null} once it is consumed). */
    void delivering(Execution e, Object worked) {
        current = worked instanceof Worked w && w.execution == e ? w : null;
    }

    /** {@link SimpleQueryStatements#of} of this execution's text as worked out ahead, or null. */
    List<String> statementsOf(Execution e) {
        Worked w = current;
        return w != null && w.execution == e ? w.statements : null;
    }

    /**
     * The fingerprint of this text of the execution being delivered, as worked out ahead, appending
     * the values of its inline constants to {@code constants} when not null; null when this text
     * (this very string) was not worked out ahead, or not with the values asked for.
     */
    public Fingerprint fingerprint(String sql, List<String> constants) {
        Worked w = current;
        if (w == null) {
            return null;
        }
        for (int k = 0; k < w.statements.size(); k++) {
            if (w.statements.get(k) == sql && w.fingerprints[k] != null) {
                if ((constants != null) != (w.constants != null)) {
                    return null;
                }
                if (constants != null) {
                    constants.addAll(w.constants.get(k));
                }
                return w.fingerprints[k];
            }
        }
        return null;
    }
}
