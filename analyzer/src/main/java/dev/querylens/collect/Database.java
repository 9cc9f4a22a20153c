package dev.querylens.collect;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * Connections to a user's database. Read-only unless the caller explicitly needs writes: the JDBC
 * read-only flag and default_transaction_read_only, plus a statement_timeout on every session, so
 * nothing QueryLens runs can change data or run away. Accepts JDBC URLs and libpq URIs.
 */
public final class Database {
    static final String STATEMENT_TIMEOUT = "30s";

    private Database() {
    }

    public static Connection connect(String url, boolean readOnly) throws SQLException {
        Properties p = new Properties();
        String jdbc = url;
        if (url.startsWith("postgresql://") || url.startsWith("postgres://")) {
            // libpq URI: user and password move out of the authority, where pgjdbc does not read them
            URI uri = URI.create(url.replaceFirst("^postgres(ql)?://", "http://"));
            if (uri.getUserInfo() != null) {
                String[] userInfo = uri.getRawUserInfo().split(":", 2);
                p.setProperty("user", URLDecoder.decode(userInfo[0], StandardCharsets.UTF_8));
                if (userInfo.length == 2) {
                    p.setProperty("password", URLDecoder.decode(userInfo[1], StandardCharsets.UTF_8));
                }
            }
            jdbc = "jdbc:postgresql://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "") + uri.getRawPath()
                    + (uri.getRawQuery() != null ? "?" + uri.getRawQuery() : "");
        }
        p.setProperty("ApplicationName", "querylens");
        // simple protocol: EXPLAIN (GENERIC_PLAN) of a statement with $1 must reach the server as
        // text; over the extended protocol the driver would be asked to bind values for them
        p.setProperty("preferQueryMode", "simple");
        Connection c = DriverManager.getConnection(jdbc, p);
        try (Statement s = c.createStatement()) {
            s.execute("SET statement_timeout = '" + STATEMENT_TIMEOUT + "'");
            if (readOnly) {
                s.execute("SET default_transaction_read_only = on");
                c.setReadOnly(true);
            }
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }

    /** The URL as it may be shown: without its password. */
    public static String shown(String url) {
        return url.replaceAll("(?i)(://[^/:@]*:)[^@/]*@", "$1***@").replaceAll("(?i)(password=)[^&;]*", "$1***");
    }
}
