package dev.querylens.engine;

import dev.querylens.database.LiveHealth;

/**
 * A live database's health as read once with --db (index use, invalid indexes, sequences,
 * wraparound ages, table upkeep, replication slots, sessions), for the health rules.
 *
 * @param live      what was read, or null without --db (or when it could not be read)
 * @param liveLabel where it came from ("db postgresql://app@host/shop"), null without one
 * @param sequenceHistory earlier readings of its sequences ({@code health --history}), {@link SequenceHistory#NONE} without
 */
public record HealthFacts(LiveHealth live, String liveLabel, SequenceHistory sequenceHistory) {
    public static final HealthFacts NONE = new HealthFacts(null, null);

    public HealthFacts {
        sequenceHistory = sequenceHistory == null ? SequenceHistory.NONE : sequenceHistory;
    }

    public HealthFacts(LiveHealth live, String liveLabel) {
        this(live, liveLabel, SequenceHistory.NONE);
    }
}
