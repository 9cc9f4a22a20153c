package dev.querylens.rules;

import dev.querylens.collect.ResultKeys;
import java.time.Instant;
import java.util.List;

/**
 * A statement a loop tracker has seen, as a parent candidate: its text, values, result keys, end
 * and session, the explicit transaction it ran in (0 outside one), and where it stands in the log's
 * order and file.
 */
record SeenStatement(String sql, String command, List<String> params, ResultKeys keys, Instant end, String session,
                     long transaction, long order, String file, Instant logged, double durationMs) {
}
