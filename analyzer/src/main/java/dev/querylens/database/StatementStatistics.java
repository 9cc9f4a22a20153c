package dev.querylens.database;

/** One pg_stat_statements entry of the connected database. */
public record StatementStatistics(String query, long calls, double totalTimeMs, long rows) {
}
