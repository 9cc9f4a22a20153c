package dev.querylens.capture;

import dev.querylens.collect.ResultKeys;
import java.util.List;

/**
 * One statement execution captured from JDBC, in the shape of docs/jdbc-trace-format.md.
 *
 * @param tx     transaction id on its connection, or null in autocommit
 * @param batch  size of the JDBC batch it was part of, 0 when not batched
 * @param rows   update count, or -1 when unknown (queries)
 * @param test   the test that ran it, or null
 * @param request the request tag set with {@link QueryLens#tag}, or null
 * @param resultKeys the masked sample of the query's first column ({@link CaptureOptions#resultKeys}), else
 *                   {@link ResultKeys#NONE}
 */
public record TraceRecord(String sql, List<String> params, String connection, String thread, String tx, int batch,
                          long startNanos, long durationNanos, long rows, String test, String request, ResultKeys resultKeys) {
    public TraceRecord {
        params = params == null ? List.of() : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(params));
        resultKeys = resultKeys == null ? ResultKeys.NONE : resultKeys;
    }

    public TraceRecord(String sql, List<String> params, String connection, String thread, String tx, int batch,
                       long startNanos, long durationNanos, long rows, String test, String request) {
        this(sql, params, connection, thread, tx, batch, startNanos, durationNanos, rows, test, request, ResultKeys.NONE);
    }

    public TraceRecord withTest(String name) {
        return new TraceRecord(sql, params, connection, thread, tx, batch, startNanos, durationNanos, rows, name, request, resultKeys);
    }

    TraceRecord withResultKeys(ResultKeys keys) {
        return new TraceRecord(sql, params, connection, thread, tx, batch, startNanos, durationNanos, rows, test, request, keys);
    }
}
