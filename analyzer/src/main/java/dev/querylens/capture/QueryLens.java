package dev.querylens.capture;

import javax.sql.DataSource;
import net.ttddyy.dsproxy.support.ProxyDataSourceBuilder;

/**
 * Entry points for capturing what an application sends through JDBC.
 *
 * <pre>
 * DataSource ds = QueryLens.capture(realDataSource, JsonLinesTraceSink.appendingTo(Path.of("querylens-trace.jsonl")));
 * try (var tag = QueryLens.tag("GET /orders")) {
 *     orders.load(customerId);   // every statement is recorded with request "GET /orders"
 * }
 * </pre>
 */
public final class QueryLens {
    private QueryLens() {
    }

    public static DataSource capture(DataSource dataSource, TraceSink sink) {
        return capture(dataSource, sink, CaptureOptions.DEFAULT);
    }

    public static DataSource capture(DataSource dataSource, TraceSink sink, CaptureOptions options) {
        CaptureListener listener = new CaptureListener(sink, options, null);
        ProxyDataSourceBuilder builder = ProxyDataSourceBuilder.create(dataSource).name("querylens").listener(listener)
                .methodListener(listener);
        if (listener.resultSampling() != null) {
            builder.proxyResultSet(listener.resultSampling());
        }
        return builder.build();
    }

    /**
     * Sends to the sink what a capture still holds back: a query whose result the application has
     * not read to the end or closed, kept only while its key sample is taken
     * ({@link CaptureOptions#resultKeys}). Call it before reading a {@link MemoryTraceSink} the
     * capture writes to; anything else is sent as soon as the next statement starts.
     */
    public static void complete(DataSource captured) {
        if (captured instanceof net.ttddyy.dsproxy.support.ProxyDataSource proxy) {
            for (var l : proxy.getProxyConfig().getQueryListener().getListeners()) {
                if (l instanceof CaptureListener capture) {
                    capture.emitPending();
                }
            }
        }
    }

    /**
     * Tags what the current thread executes until the returned scope closes, e.g. with the request
     * being served. The tag is thread-bound, like a logging MDC: it describes the work this thread
     * is doing, which is the only thing that knows it.
     */
    public static Tag tag(String name) {
        return Tag.open(name);
    }

    /** A tag scope: closing it restores the tag that was current before. */
    public static final class Tag implements AutoCloseable {
        private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();
        private final String previous;

        private Tag(String previous) {
            this.previous = previous;
        }

        static Tag open(String name) {
            Tag t = new Tag(CURRENT.get());
            CURRENT.set(name);
            return t;
        }

        static String current() {
            return CURRENT.get();
        }

        @Override
        public void close() {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        }
    }
}
