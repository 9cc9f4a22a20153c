package dev.querylens.database;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * The throwaway server as the operating system and the network see it, asked of the server itself
 * as its superuser (which only QueryLens's process can log in as): its processes do not run as
 * root (as root, they run as querylens-trace), it listens on 127.0.0.1 alone with its socket in its
 * own directory, and no login works without the password, as postgres or as anyone else.
 */
class ThrowawayServerTest {
    @Test
    void runsUnprivilegedOnLoopbackAndLetsNobodyInWithoutThePassword() throws Exception {
        Path marker = Files.createTempFile("querylens-server-uid", ".txt");
        Files.delete(marker);
        try (ThrowawayServer server = ThrowawayServer.start()) {
            ConnectionSettings su = server.superuserSettings();
            Properties login = new Properties();
            login.setProperty("user", su.user());
            login.setProperty("password", su.password());
            try (Connection c = DriverManager.getConnection(su.jdbcUrl(), login); Statement s = c.createStatement()) {
                // the superuser may run a program: it runs as the server's OS user, which is what this asks
                s.execute("COPY (SELECT 1) TO PROGRAM 'id -un > /tmp/" + marker.getFileName() + "; chmod 644 /tmp/" + marker.getFileName() + "'");
                String user = Files.readString(Path.of("/tmp").resolve(marker.getFileName()), StandardCharsets.UTF_8).strip();
                assertNotEquals("root", user);
                if ("root".equals(System.getProperty("user.name"))) {
                    assertEquals(ThrowawayServer.SERVER_USER, user);
                }
                assertEquals(user, server.serverUser());
                try (ResultSet rs = s.executeQuery("SELECT current_setting('listen_addresses'), current_setting('unix_socket_directories'),"
                        + " (SELECT string_agg(DISTINCT auth_method, ',') FROM pg_hba_file_rules)")) {
                    rs.next();
                    assertEquals("127.0.0.1", rs.getString(1));
                    assertTrue(rs.getString(2).contains("querylens-trace-") && !rs.getString(2).equals("/tmp"), rs.getString(2));
                    assertEquals("scram-sha-256", rs.getString(3), "every login needs a password");
                }
            }
            for (String user : new String[] {"postgres", "anyone"}) {
                Properties without = new Properties();
                without.setProperty("user", user);
                SQLException refused = assertThrows(SQLException.class, () -> DriverManager.getConnection(su.jdbcUrl(), without).close());
                assertTrue(refused.getMessage().contains("password"), refused.getMessage());
            }
        } finally {
            Files.deleteIfExists(Path.of("/tmp").resolve(marker.getFileName()));
        }
    }
}
