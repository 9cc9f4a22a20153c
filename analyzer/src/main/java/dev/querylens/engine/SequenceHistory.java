package dev.querylens.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Earlier readings of one database's sequences (kept by {@code health --history}), so a rule can
 * say how fast a sequence counts: from the newest earlier reading far enough back to the reading
 * of this run.
 *
 * @param now     when this run read the sequences, null without history
 * @param earlier the earlier readings, any order
 */
public record SequenceHistory(Instant now, List<Reading> earlier) {
    public static final SequenceHistory NONE = new SequenceHistory(null, List.of());

    /** One sequence's last_value as one run read it. */
    public record Reading(Instant at, String schema, String name, long lastValue) {
    }

    /**
     * How fast it counted: from {@code fromValue} at {@code since} to the value read now.
     *
     * @param perDay values a day, 0 when it did not move
     */
    public record Rate(Instant since, long fromValue, double perDay) {
    }

    public SequenceHistory {
        earlier = earlier == null ? List.of() : List.copyOf(earlier);
    }

    /**
     * The rate since the newest earlier reading of the sequence at least {@code minSpan} before
     * now; empty without one, or when the sequence went backwards since (restarted, or another
     * database's sequence of the same name), which gives no rate.
     */
    public Optional<Rate> rate(String schema, String name, long lastValue, Duration minSpan) {
        if (now == null) {
            return Optional.empty();
        }
        Reading from = null;
        for (Reading r : earlier) {
            if (r.schema().equals(schema) && r.name().equals(name) && !r.at().isAfter(now.minus(minSpan))
                    && (from == null || r.at().isAfter(from.at()))) {
                from = r;
            }
        }
        if (from == null || from.lastValue() > lastValue) {
            return Optional.empty();
        }
        double days = Duration.between(from.at(), now).toMillis() / 86_400_000.0;
        return days <= 0 ? Optional.empty() : Optional.of(new Rate(from.at(), from.lastValue(), (lastValue - from.lastValue()) / days));
    }
}
