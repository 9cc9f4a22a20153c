package dev.querylens.capture;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import net.ttddyy.dsproxy.ConnectionInfo;
import net.ttddyy.dsproxy.ExecutionInfo;
import net.ttddyy.dsproxy.QueryInfo;
import net.ttddyy.dsproxy.listener.QueryExecutionListener;
import net.ttddyy.dsproxy.proxy.JdbcProxyFactory;
import net.ttddyy.dsproxy.proxy.ProxyConfig;

/**
 * Stands in front of the PostgreSQL driver for {@link UncapturedStatements}: the connections it
 * opens report each statement to the watches on at the time, if any. It wraps every connection,
 * not only those opened during a test, because pools open theirs ahead of use: a pool built after
 * the first QueryLens test class started is seen in every later test.
 */
final class WatchingDriver implements Driver {
    private final List<Driver> postgres;
    private final AtomicLong connections = new AtomicLong();
    private final QueryExecutionListener report = new QueryExecutionListener() {
        @Override
        public void beforeQuery(ExecutionInfo info, List<QueryInfo> queries) {
            for (QueryInfo q : queries) {
                UncapturedStatements.ran(q.getQuery(), Math.max(1, q.getParametersList().size()));
            }
        }

        @Override
        public void afterQuery(ExecutionInfo info, List<QueryInfo> queries) {
        }
    };

    WatchingDriver(List<Driver> postgres) {
        this.postgres = List.copyOf(postgres);
    }

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        for (Driver d : postgres) {
            Connection c = d.connect(url, info);
            if (c != null) {
                return watched(c);
            }
        }
        return null;
    }

    private Connection watched(Connection c) {
        ConnectionInfo connectionInfo = new ConnectionInfo();
        connectionInfo.setConnectionId("watched-" + connections.incrementAndGet());
        connectionInfo.setDataSourceName("querylens-watch");
        return JdbcProxyFactory.DEFAULT.createConnection(c, connectionInfo, ProxyConfig.Builder.create().queryListener(report).build());
    }

    @Override
    public boolean acceptsURL(String url) throws SQLException {
        for (Driver d : postgres) {
            if (d.acceptsURL(url)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) throws SQLException {
        return postgres.get(0).getPropertyInfo(url, info);
    }

    @Override
    public int getMajorVersion() {
        return postgres.get(0).getMajorVersion();
    }

    @Override
    public int getMinorVersion() {
        return postgres.get(0).getMinorVersion();
    }

    @Override
    public boolean jdbcCompliant() {
        return false;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return postgres.get(0).getParentLogger();
    }
}
