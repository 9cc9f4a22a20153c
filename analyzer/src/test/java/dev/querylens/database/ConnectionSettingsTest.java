package dev.querylens.database;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.querylens.Samples;
import dev.querylens.cli.QueryLensCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Connection settings read the way libpq reads them, and a password that never shows. */
class ConnectionSettingsTest {
    @TempDir
    Path home;

    private ConnectionSettings parse(String url, Map<String, String> env) throws Exception {
        return ConnectionSettings.parse(url, env, home);
    }

    /**
     * A host that is a directory is its Unix-domain socket, as in libpq's URLs: pgjdbc is given
     * QueryLens's socket factory for the socket file, never TLS; a socketFactory the URL names is
     * never handed to the driver (it would instantiate any class by name).
     */
    @Test
    void aSocketDirectoryIsReachedThroughItsSocketFileAndAUrlNamesNoSocketFactory() throws Exception {
        ConnectionSettings socket = parse("postgresql://app@%2Fvar%2Frun%2Fpostgresql:5433/shop?sslmode=require", Map.of());
        assertEquals(List.of(new ConnectionSettings.HostPort("/var/run/postgresql", 5433)), socket.hosts());
        assertEquals("jdbc:postgresql://localhost:5433/shop", socket.jdbcUrl());
        java.util.Properties p = SessionProperties.of(socket, UserDatabase.Access.READ_ONLY);
        assertEquals(UnixDomainSocketFactory.class.getName(), p.getProperty("socketFactory"));
        assertEquals("/var/run/postgresql/.s.PGSQL.5433", p.getProperty("socketFactoryArg"));
        assertEquals("disable", p.getProperty("sslmode"));
        ConnectionSettings tcp = parse("postgresql://app@db.example/shop?socketFactory=java.lang.ProcessBuilder&socketFactoryArg=x", Map.of());
        java.util.Properties q = SessionProperties.of(tcp, UserDatabase.Access.READ_ONLY);
        assertNull(q.getProperty("socketFactory"));
        assertNull(q.getProperty("socketFactoryArg"));
    }

    @Test
    void percentEncodedAndUnencodedPasswordsWithSpacesSlashesAndAts() throws Exception {
        ConnectionSettings encoded = parse("postgresql://app:s3%20c%2Fr%40t@db.example:6543/shop?sslmode=require", Map.of());
        assertEquals("s3 c/r@t", encoded.password());
        assertEquals("app", encoded.user());
        assertEquals(List.of(new ConnectionSettings.HostPort("db.example", 6543)), encoded.hosts());
        assertEquals("shop", encoded.database());
        assertEquals("require", encoded.param("sslmode").orElseThrow());
        ConnectionSettings raw = parse("postgresql://app:s3/cr@t@db.example/shop", Map.of());
        assertEquals("s3/cr@t", raw.password());
        assertEquals("db.example", raw.hosts().get(0).host());
        assertEquals("shop", raw.database());
        assertEquals("a+b", parse("postgresql://u:a+b@h/d", Map.of()).password(), "+ is not a space in a URI");
        for (ConnectionSettings s : List.of(encoded, raw)) {
            assertFalse(s.shown().contains("s3"), s.shown());
            assertFalse(s.toString().contains("s3"), s.toString());
            assertEquals("cannot log in with *** as app", s.redact("cannot log in with " + s.password() + " as app"));
        }
    }

    @Test
    void ipv6HostsSeveralHostsKeywordValueAndJdbcUrls() throws Exception {
        ConnectionSettings v6 = parse("postgresql://u@[::1]:6543/db", Map.of());
        assertEquals("::1", v6.hosts().get(0).host());
        assertEquals("jdbc:postgresql://[::1]:6543/db", v6.jdbcUrl());
        ConnectionSettings multi = parse("postgres://u@a:1,b:2/db", Map.of());
        assertEquals(List.of(new ConnectionSettings.HostPort("a", 1), new ConnectionSettings.HostPort("b", 2)), multi.hosts());
        ConnectionSettings kv = parse("host=h port=5433 dbname='my db' user=u password='it\\'s'", Map.of());
        assertEquals("my db", kv.database());
        assertEquals("it's", kv.password());
        assertEquals("jdbc:postgresql://h:5433/my%20db", kv.jdbcUrl());
        ConnectionSettings jdbc = parse("jdbc:postgresql://h:5432/db?user=u&password=p%26q&ApplicationName=x", Map.of());
        assertEquals("p&q", jdbc.password());
        assertEquals("u", jdbc.user());
        assertThrows(ConnectionSettings.Malformed.class, () -> parse("postgresql://u@h:99999/db", Map.of()));
        assertThrows(ConnectionSettings.Malformed.class, () -> parse("postgresql://u@[::1/db", Map.of()));
        assertThrows(ConnectionSettings.Malformed.class, () -> parse("host=h password='unterminated", Map.of()));
        var e = assertThrows(ConnectionSettings.Malformed.class, () -> parse("postgresql://u:hunter2@h:x/db", Map.of()));
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
    }

    @Test
    void pgVariablesFillWhatTheUrlLeavesOut() throws Exception {
        Map<String, String> env = Map.of("PGHOST", "envhost", "PGPORT", "6000", "PGUSER", "envuser", "PGDATABASE", "envdb",
                "PGPASSWORD", "envpw", "PGSSLMODE", "verify-full");
        ConnectionSettings s = parse("host=given", env);
        assertEquals("given", s.hosts().get(0).host());
        assertEquals(6000, s.hosts().get(0).port());
        assertEquals("envuser", s.user());
        assertEquals("envdb", s.database());
        assertEquals("envpw", s.password());
        assertEquals("verify-full", s.param("sslmode").orElseThrow());
        assertEquals("urlpw", parse("postgresql://u:urlpw@h/d", env).password(), "the URL wins over PGPASSWORD");
    }

    @Test
    void thePasswordFileAsLibpqReadsIt() throws Exception {
        Path pgpass = Files.writeString(home.resolve(".pgpass"), """
                # comment
                other:5432:*:app:wrong
                db.example:6543:shop:app:pa\\:ss
                *:*:*:*:fallback
                """);
        Files.setPosixFilePermissions(pgpass, PosixFilePermissions.fromString("rw-------"));
        assertEquals("pa:ss", parse("postgresql://app@db.example:6543/shop", Map.of()).password());
        assertEquals("fallback", parse("postgresql://app@elsewhere/shop", Map.of()).password());
        Path other = Files.writeString(home.resolve("alt"), "*:*:*:*:fromenvfile\n");
        Files.setPosixFilePermissions(other, PosixFilePermissions.fromString("rw-------"));
        assertEquals("fromenvfile", parse("postgresql://app@h/shop", Map.of("PGPASSFILE", other.toString())).password());
        Files.setPosixFilePermissions(pgpass, PosixFilePermissions.fromString("rw-r--r--"));
        assertNull(parse("postgresql://app@db.example:6543/shop", Map.of()).password(), "a file others can read is not used");
    }

    @Test
    void noOutputFormatAndNoErrorLineShowsThePassword() throws Exception {
        // nothing listens on port 1: the connection fails, and says so without the password
        String url = "postgresql://app:Sup3r%20S3cret@127.0.0.1:1/shop";
        for (String format : List.of("text", "json", "sarif", "markdown", "html")) {
            Path out = home.resolve("report." + format);
            for (String command : List.of("analyze", "check")) {
                StringWriter err = new StringWriter();
                StringWriter stdout = new StringWriter();
                var cli = QueryLensCommand.commandLine();
                cli.setErr(new PrintWriter(err, true));
                cli.setOut(new PrintWriter(stdout, true));
                int exit = cli.execute(command, "-q", "--db", url, "--format", format, "-o", out.toString(), Samples.TASKBOARD.toString());
                assertTrue(exit != 0, command + " with an unreachable --db does not pass: " + err);
                String everything = err + stdout.toString() + (Files.exists(out) ? Files.readString(out) : "");
                for (String secret : List.of("Sup3r", "S3cret", "Sup3r%20S3cret")) {
                    assertFalse(everything.contains(secret), format + " " + command + " shows the password: " + everything);
                }
            }
        }
        StringWriter err = new StringWriter();
        var cli = QueryLensCommand.commandLine();
        cli.setErr(new PrintWriter(err, true));
        assertEquals(2, cli.execute("advise", "--db", url, Samples.TASKBOARD.toString()));
        assertTrue(err.toString().contains("connection refused"), err.toString());
        assertFalse(err.toString().contains("S3cret"), err.toString());
    }
}
