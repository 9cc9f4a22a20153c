package dev.querylens.database;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where and as whom QueryLens connects, read the way libpq reads it: a {@code postgresql://} URI
 * (percent-encoding, IPv6 in brackets, several hosts, {@code ?keyword=value}), a keyword/value
 * string ({@code host=db user=app dbname=shop}), or a JDBC URL; then the {@code PG*} environment
 * variables for what the URL leaves out; then the password file ({@code PGPASSFILE} or
 * {@code ~/.pgpass}). The password is held here and nowhere else; {@link #shown()} never prints it.
 *
 * @param params the other connection keywords (sslmode, sslrootcert, options, ...), libpq names
 */
public record ConnectionSettings(List<HostPort> hosts, String database, String user, String password, Map<String, String> params) {
    /** Keywords that name a secret: masked wherever settings are shown. */
    private static final List<String> SECRET_PARAMS = List.of("password", "sslpassword");

    public ConnectionSettings {
        hosts = List.copyOf(hosts);
        params = Map.copyOf(params);
    }

    public record HostPort(String host, int port) {
        /** As in libpq: a host that is an absolute path is the directory of the server's Unix-domain socket. */
        public boolean isSocketDirectory() {
            return host.startsWith("/");
        }

        /** The socket file of a {@linkplain #isSocketDirectory socket directory}: {@code DIR/.s.PGSQL.PORT}. */
        public String socketFile() {
            return host + "/.s.PGSQL." + port;
        }

        @Override
        public String toString() {
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }
    }

    /** A URL or keyword/value string the user gave that cannot be read; the message never contains the password. */
    public static final class Malformed extends Exception {
        Malformed(String message) {
            super(message);
        }
    }

    /** Reads {@code text} with the process's environment and the user's password file. */
    public static ConnectionSettings parse(String text) throws Malformed {
        return parse(text, System.getenv(), Path.of(System.getProperty("user.home", "")));
    }

    /** Reads {@code text}; {@code env} stands for the environment and {@code home} for the home directory (tests give their own). */
    public static ConnectionSettings parse(String text, Map<String, String> env, Path home) throws Malformed {
        Map<String, String> given = new LinkedHashMap<>();
        List<HostPort> hosts = new ArrayList<>();
        String trimmed = text == null ? "" : text.strip();
        if (trimmed.startsWith("jdbc:postgresql:")) {
            parseUri(trimmed.substring("jdbc:postgresql:".length()), given, hosts, "jdbc:postgresql:");
        } else if (trimmed.startsWith("postgresql://") || trimmed.startsWith("postgres://")) {
            parseUri(trimmed.substring(trimmed.indexOf(':') + 1), given, hosts, "postgresql:");
        } else if (trimmed.contains("=")) {
            KeywordValue.parse(trimmed, given);
        } else {
            throw new Malformed("--db takes a postgresql:// URL, a JDBC URL or keyword=value settings (host=... dbname=...)");
        }
        if (hosts.isEmpty()) {
            hosts.addAll(hostsFrom(given.remove("host"), given.remove("port"), env));
        } else {
            given.remove("host");
            given.remove("port");
        }
        String user = firstNonEmpty(given.remove("user"), env.get("PGUSER"), System.getProperty("user.name"));
        String database = firstNonEmpty(given.remove("dbname"), env.get("PGDATABASE"), user);
        String password = firstNonEmpty(given.remove("password"), env.get("PGPASSWORD"), null);
        if (!given.containsKey("sslmode") && env.get("PGSSLMODE") != null) {
            given.put("sslmode", env.get("PGSSLMODE"));
        }
        if (!given.containsKey("sslrootcert") && env.get("PGSSLROOTCERT") != null) {
            given.put("sslrootcert", env.get("PGSSLROOTCERT"));
        }
        if (!given.containsKey("connect_timeout") && env.get("PGCONNECT_TIMEOUT") != null) {
            given.put("connect_timeout", env.get("PGCONNECT_TIMEOUT"));
        }
        if (!given.containsKey("options") && env.get("PGOPTIONS") != null) {
            given.put("options", env.get("PGOPTIONS"));
        }
        if (password == null) {
            Path file = env.get("PGPASSFILE") != null ? Path.of(env.get("PGPASSFILE")) : home.resolve(".pgpass");
            password = PasswordFile.lookup(file, hosts.get(0), database, user).orElse(null);
        }
        if (given.containsKey("connect_timeout") && !given.get("connect_timeout").matches("\\d{1,6}")) {
            throw new Malformed("connect_timeout must be a number of seconds");
        }
        return new ConnectionSettings(hosts, database, user, password, given);
    }

    /** postgresql://[user[:password]@][host[:port][,...]][/dbname][?keyword=value&...], after the scheme's colon. */
    private static void parseUri(String rest, Map<String, String> given, List<HostPort> hosts, String scheme) throws Malformed {
        if (!rest.startsWith("//")) {
            throw new Malformed("a " + scheme + " URL starts with " + scheme + "//");
        }
        rest = rest.substring(2);
        int query = rest.indexOf('?');
        String params = query >= 0 ? rest.substring(query + 1) : "";
        rest = query >= 0 ? rest.substring(0, query) : rest;
        // the password may itself contain '@' or '/' when the user did not percent-encode it: the
        // authority ends at the last '@' before the path, and a path starts after it
        int at = rest.lastIndexOf('@');
        String userInfo = at >= 0 ? rest.substring(0, at) : null;
        String hostAndPath = at >= 0 ? rest.substring(at + 1) : rest;
        int slash = hostAndPath.indexOf('/');
        String hostList = slash >= 0 ? hostAndPath.substring(0, slash) : hostAndPath;
        if (slash >= 0 && slash + 1 < hostAndPath.length()) {
            given.put("dbname", decode(hostAndPath.substring(slash + 1)));
        }
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            String user = decode(colon >= 0 ? userInfo.substring(0, colon) : userInfo);
            if (!user.isEmpty()) {
                given.put("user", user);
            }
            if (colon >= 0) {
                given.put("password", decode(userInfo.substring(colon + 1)));
            }
        }
        for (String pair : params.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new Malformed("URL parameter without a value (" + (eq == 0 ? "empty name" : decode(pair)) + ")");
            }
            given.put(libpqName(decode(pair.substring(0, eq))), decode(pair.substring(eq + 1)));
        }
        if (!hostList.isEmpty()) {
            for (String h : hostList.split(",")) {
                hosts.add(hostPort(decode(h), given.get("port")));
            }
        }
    }

    /** pgjdbc's parameter names mean the same as libpq's; a JDBC URL may use either. */
    private static String libpqName(String name) {
        return switch (name) {
            case "PGDBNAME" -> "dbname";
            case "ApplicationName" -> "application_name";
            case "connectTimeout" -> "connect_timeout";
            default -> name;
        };
    }

    private static HostPort hostPort(String text, String defaultPort) throws Malformed {
        String host = text;
        String port = null;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) {
                throw new Malformed("an IPv6 host in brackets has no closing ]");
            }
            host = text.substring(1, close);
            if (close + 1 < text.length()) {
                if (text.charAt(close + 1) != ':') {
                    throw new Malformed("after an IPv6 host in brackets comes :port");
                }
                port = text.substring(close + 2);
            }
        } else if (text.indexOf(':') >= 0) {
            host = text.substring(0, text.indexOf(':'));
            port = text.substring(text.indexOf(':') + 1);
        }
        return new HostPort(host.isEmpty() ? "localhost" : host, port(port != null ? port : defaultPort));
    }

    private static List<HostPort> hostsFrom(String host, String port, Map<String, String> env) throws Malformed {
        String hostText = firstNonEmpty(host, env.get("PGHOST"), "localhost");
        String portText = firstNonEmpty(port, env.get("PGPORT"), null);
        List<HostPort> out = new ArrayList<>();
        String[] ports = portText == null ? new String[0] : portText.split(",");
        String[] names = hostText.split(",");
        for (int i = 0; i < names.length; i++) {
            String p = ports.length == 0 ? null : ports[Math.min(i, ports.length - 1)];
            // a socket directory (host=/var/run/postgresql) cannot be reached over JDBC: libpq's TCP default instead
            out.add(new HostPort(names[i].startsWith("/") ? "localhost" : names[i], port(p)));
        }
        return out;
    }

    private static int port(String text) throws Malformed {
        if (text == null || text.isEmpty()) {
            return 5432;
        }
        if (!text.matches("\\d{1,5}") || Integer.parseInt(text) == 0 || Integer.parseInt(text) > 65535) {
            throw new Malformed("the port must be a number from 1 to 65535");
        }
        return Integer.parseInt(text);
    }

    private static String decode(String s) throws Malformed {
        try {
            // URLDecoder also turns '+' into a space, which RFC 3986 (and libpq) do not
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new Malformed("the URL has a malformed percent-encoding (%XX)");
        }
    }

    private static String firstNonEmpty(String a, String b, String c) {
        return a != null && !a.isEmpty() ? a : b != null && !b.isEmpty() ? b : c;
    }

    /**
     * The JDBC URL pgjdbc connects to; it carries no user or password (those go in properties). A
     * socket directory is named localhost there: the connection goes to its socket file through
     * {@link UnixDomainSocketFactory}, which {@link SessionProperties} sets where the one host is one.
     */
    public String jdbcUrl() {
        StringBuilder b = new StringBuilder("jdbc:postgresql://");
        for (int i = 0; i < hosts.size(); i++) {
            HostPort h = hosts.get(i);
            b.append(i > 0 ? "," : "").append(h.isSocketDirectory() ? new HostPort("localhost", h.port()) : h);
        }
        return b.append('/').append(URLEncoder.encode(database, StandardCharsets.UTF_8).replace("+", "%20")).toString();
    }

    /** How the connection may be shown: user, hosts and database, never a password. */
    public String shown() {
        StringBuilder b = new StringBuilder("postgresql://");
        if (user != null) {
            b.append(user).append('@');
        }
        for (int i = 0; i < hosts.size(); i++) {
            b.append(i > 0 ? "," : "").append(hosts.get(i));
        }
        return b.append('/').append(database).toString();
    }

    /** {@code text} (a driver or server message) with every form of this connection's secrets masked. */
    public String redact(String text) {
        if (text == null) {
            return "";
        }
        String out = text;
        List<String> secrets = new ArrayList<>();
        secrets.add(password);
        SECRET_PARAMS.forEach(k -> secrets.add(params.get(k)));
        for (String secret : secrets) {
            if (secret != null && !secret.isEmpty()) {
                out = out.replace(secret, "***").replace(URLEncoder.encode(secret, StandardCharsets.UTF_8), "***");
            }
        }
        return out;
    }

    public Optional<String> param(String name) {
        return Optional.ofNullable(params.get(name));
    }

    @Override
    public String toString() {
        return shown();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConnectionSettings c && hosts.equals(c.hosts) && Objects.equals(database, c.database)
                && Objects.equals(user, c.user) && Objects.equals(password, c.password) && params.equals(c.params);
    }

    @Override
    public int hashCode() {
        return Objects.hash(hosts, database, user, params);
    }
}
