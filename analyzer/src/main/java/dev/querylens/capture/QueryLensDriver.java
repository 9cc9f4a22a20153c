package dev.querylens.capture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;
import net.ttddyy.dsproxy.ConnectionInfo;
import net.ttddyy.dsproxy.proxy.JdbcProxyFactory;
import net.ttddyy.dsproxy.proxy.ProxyConfig;

/**
 * The {@code jdbc:querylens:postgresql://...} URL form: connects with the PostgreSQL driver to
 * {@code jdbc:postgresql://...} and records every statement to the JSON Lines file named by the
 * system property {@code querylens.trace.file} (default {@code querylens-trace.jsonl} in the
 * working directory); with {@code -Dquerylens.resultKeys=10} each query's line also carries a hashed
 * sample of its first column (docs/jdbc-trace-format.md). Registered with DriverManager through
 * META-INF/services/java.sql.Driver.
 */
public final class QueryLensDriver implements Driver {
    static final String PREFIX = "jdbc:querylens:";

    static {
        // DriverManager instantiates the drivers it finds through ServiceLoader, but uses only those that register themselves
        try {
            DriverManager.registerDriver(new QueryLensDriver());
        } catch (SQLException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private volatile CaptureListener listener;
    private volatile TraceSink sink;
    private final java.util.concurrent.atomic.AtomicLong connections = new java.util.concurrent.atomic.AtomicLong();

    @Override
    public boolean acceptsURL(String url) {
        return url != null && url.startsWith(PREFIX);
    }

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        if (!acceptsURL(url)) {
            return null;
        }
        Connection real = DriverManager.getConnection("jdbc:" + url.substring(PREFIX.length()), info);
        ConnectionInfo connectionInfo = new ConnectionInfo();
        connectionInfo.setConnectionId(String.valueOf(connections.incrementAndGet()));
        connectionInfo.setDataSourceName("querylens");
        CaptureListener l = listener();
        ProxyConfig.Builder config = ProxyConfig.Builder.create().queryListener(l).methodListener(l);
        if (l.resultSampling() != null) {
            config.resultSetProxyLogicFactory(l.resultSampling());
        }
        return JdbcProxyFactory.DEFAULT.createConnection(real, connectionInfo, config.build());
    }

    /** Writes what is buffered to the trace file now (it is also written when the JVM exits). */
    public synchronized void flush() {
        if (listener != null) {
            listener.emitPending();
        }
        if (sink instanceof JsonLinesTraceSink lines) {
            lines.flush();
        }
    }

    private synchronized CaptureListener listener() {
        if (listener == null) {
            try {
                sink = JsonLinesTraceSink.appendingTo(Path.of(System.getProperty("querylens.trace.file", "querylens-trace.jsonl")));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            TraceSink s = sink;
            int keys = Integer.getInteger("querylens.resultKeys", 0);
            CaptureListener l = new CaptureListener(s, keys > 0 ? CaptureOptions.DEFAULT.withResultKeys(keys) : CaptureOptions.DEFAULT, null);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                l.emitPending(); // a query whose result was never closed is still held for its sample
                s.close();
            }, "querylens-trace-flush"));
            listener = l;
        }
        return listener;
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
        return new DriverPropertyInfo[0];
    }

    @Override
    public int getMajorVersion() {
        return 0;
    }

    @Override
    public int getMinorVersion() {
        return 1;
    }

    @Override
    public boolean jdbcCompliant() {
        return false;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }
}
