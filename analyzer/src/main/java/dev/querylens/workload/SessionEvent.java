package dev.querylens.workload;

import dev.querylens.collect.QueryTags;
import dev.querylens.collect.ResultKeys;
import dev.querylens.collect.SourceLocation;
import dev.querylens.sql.Fingerprint;
import java.time.Instant;
import java.util.List;

/**
 * One execution as sequence rules see it: in session order, already fingerprinted, with the
 * statement's command word (select, insert, ...) so rules need no parse. {@code batchSize} is the
 * JDBC batch it was sent in, when the source knows (traces); 0 otherwise. {@code resultKeys} is the
 * masked sample of the keys the statement returned, when a JDBC trace opted in to keep one
 * ({@link ResultKeys#contains} tells whether a later statement's bound value is among them).
 * {@code tags} are its query comment's tags and application_name ({@link QueryTags}).
 */
public record SessionEvent(
        String session,
        Fingerprint fingerprint,
        String command,
        List<String> params,
        Instant timestamp,
        double durationMs,
        SourceLocation location,
        String rawSql,
        int batchSize,
        ResultKeys resultKeys,
        QueryTags tags) {

    public SessionEvent(String session, Fingerprint fingerprint, String command, List<String> params, Instant timestamp,
                        double durationMs, SourceLocation location, String rawSql, int batchSize, ResultKeys resultKeys) {
        this(session, fingerprint, command, params, timestamp, durationMs, location, rawSql, batchSize, resultKeys, null);
    }

    public SessionEvent(String session, Fingerprint fingerprint, String command, List<String> params, Instant timestamp,
                        double durationMs, SourceLocation location, String rawSql, int batchSize) {
        this(session, fingerprint, command, params, timestamp, durationMs, location, rawSql, batchSize, ResultKeys.NONE);
    }

    public SessionEvent {
        resultKeys = resultKeys == null ? ResultKeys.NONE : resultKeys;
        tags = tags == null ? QueryTags.NONE : tags;
    }
}
