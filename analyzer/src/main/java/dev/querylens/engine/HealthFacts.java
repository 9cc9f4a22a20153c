package dev.querylens.engine;

import dev.querylens.database.LiveHealth;

/**
 * A live database's health as read once with --db (index use, invalid indexes, sequences,
 * wraparound ages, table upkeep, replication slots, sessions), for the health rules.
 *
 * @param live      what was read, or null without --db (or when it could not be read)
 * @param liveLabel where it came from ("db postgresql://app@host/shop"), null without one
 */
public record HealthFacts(LiveHealth live, String liveLabel) {
    public static final HealthFacts NONE = new HealthFacts(null, null);
}
