package dev.querylens.workload;

import dev.querylens.collect.SourceLocation;
import java.util.List;
import java.util.Map;

/**
 * The errors server logs show when sessions' server-side prepared statements are not what their
 * clients think: 26000 ("prepared statement ... does not exist": the client prepared it on another
 * server connection) and 42P05 ("... already exists": another client prepared the same name on this
 * one). Both are what a transaction pooler does to named prepared statements.
 *
 * @param missing   26000 errors
 * @param existing  42P05 errors
 * @param names     the statement names the errors gave, with how many errors each (at most
 *                  {@value #MAX_NAMES}, in the order first seen)
 * @param otherNames errors naming a statement past those kept
 * @param clients   the role@database of the sessions that logged them, where their connection was logged
 * @param locations where the first errors were logged
 */
public record PreparedStatementErrors(long missing, long existing, Map<String, Long> names, long otherNames, List<String> clients,
                                      List<SourceLocation> locations) {
    public static final int MAX_NAMES = 20;
    public static final PreparedStatementErrors NONE = new PreparedStatementErrors(0, 0, Map.of(), 0, List.of(), List.of());

    public PreparedStatementErrors {
        names = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(names));
        clients = List.copyOf(clients);
        locations = List.copyOf(locations);
    }

    public long total() {
        return missing + existing;
    }
}
