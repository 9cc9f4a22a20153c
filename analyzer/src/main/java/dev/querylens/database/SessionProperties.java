package dev.querylens.database;

import java.util.List;
import java.util.Properties;

/**
 * The driver properties of a QueryLens session: who connects, the extended protocol, the
 * client-side timeouts, and the server settings as startup options, where no statement of the
 * workload (which can never be a SET) can reach them.
 */
final class SessionProperties {
    private SessionProperties() {
    }

    static Properties of(ConnectionSettings settings, UserDatabase.Access access) {
        Properties p = new Properties();
        if (settings.user() != null) {
            p.setProperty("user", settings.user());
        }
        if (settings.password() != null) {
            p.setProperty("password", settings.password());
        }
        p.setProperty("ApplicationName", "querylens");
        p.setProperty("preferQueryMode", "extended");
        // libpq's connect_timeout bounds the whole connection; pgjdbc splits it into TCP connect and login
        int connect = settings.param("connect_timeout").map(Integer::parseInt).filter(t -> t > 0).orElse(UserDatabase.DEFAULT_CONNECT_TIMEOUT_S);
        p.setProperty("connectTimeout", Integer.toString(connect));
        p.setProperty("loginTimeout", Integer.toString(2 * connect));
        p.setProperty("socketTimeout", Integer.toString(UserDatabase.SOCKET_TIMEOUT_S));
        p.setProperty("tcpKeepAlive", "true");
        p.setProperty("readOnly", Boolean.toString(access == UserDatabase.Access.READ_ONLY));
        for (String ssl : List.of("sslmode", "sslrootcert", "sslcert", "sslkey", "sslpassword")) {
            settings.param(ssl).ifPresent(v -> p.setProperty(ssl, v));
        }
        if (settings.hosts().size() == 1 && settings.hosts().get(0).isSocketDirectory()) {
            // pgjdbc has no Unix-domain transport of its own; as in libpq, TLS and GSS
            // encryption are not used on a local socket, whatever sslmode says
            p.setProperty("socketFactory", UnixDomainSocketFactory.class.getName());
            p.setProperty("socketFactoryArg", settings.hosts().get(0).socketFile());
            p.setProperty("sslmode", "disable");
            p.setProperty("gssEncMode", "disable");
        }
        // the user's own options first: where they name the same setting, ours come later and win
        String ours = "-c statement_timeout=" + UserDatabase.STATEMENT_TIMEOUT_MS + " -c lock_timeout=" + UserDatabase.LOCK_TIMEOUT_MS
                + " -c idle_in_transaction_session_timeout=" + UserDatabase.IDLE_IN_TRANSACTION_TIMEOUT_MS
                + (access == UserDatabase.Access.READ_ONLY ? " -c default_transaction_read_only=on" : "");
        p.setProperty("options", settings.param("options").map(o -> o + " ").orElse("") + ours);
        return p;
    }
}
