package dev.querylens.database;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
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
 * root (as root, they run as querylens-trace), it listens on no TCP address, only on its Unix socket
 * in its own directory, no login works without the password, as postgres or as anyone else, and
 * (as root, and wherever unshare can make a network namespace) nothing it runs can connect to a
 * listener on loopback or on this machine's interface address; started in the host's network, the
 * same connections do reach the listeners, which shows the witness sees what it should.
 */
class ThrowawayServerTest {
    private static final boolean ROOT = "root".equals(System.getProperty("user.name"));

    private static Connection superuser(ThrowawayServer server) throws SQLException {
        ConnectionSettings su = server.superuserSettings();
        return DriverManager.getConnection(su.jdbcUrl(), SessionProperties.of(su, UserDatabase.Access.DISPOSABLE));
    }

    @Test
    void runsUnprivilegedOnItsOwnSocketAndLetsNobodyInWithoutThePassword() throws Exception {
        Path marker = Files.createTempFile("querylens-server-uid", ".txt");
        Files.delete(marker);
        try (ThrowawayServer server = ThrowawayServer.start()) {
            try (Connection c = superuser(server); Statement s = c.createStatement()) {
                // the superuser may run a program: it runs as the server's OS user, which is what this asks
                s.execute("COPY (SELECT 1) TO PROGRAM 'id -un > /tmp/" + marker.getFileName() + "; chmod 644 /tmp/" + marker.getFileName() + "'");
                String user = Files.readString(Path.of("/tmp").resolve(marker.getFileName()), StandardCharsets.UTF_8).strip();
                assertNotEquals("root", user);
                if (ROOT) {
                    assertEquals(ThrowawayServer.SERVER_USER, user);
                }
                assertEquals(user, server.serverUser());
                try (ResultSet rs = s.executeQuery("SELECT current_setting('listen_addresses'), current_setting('unix_socket_directories'),"
                        + " (SELECT string_agg(DISTINCT auth_method, ',') FROM pg_hba_file_rules), inet_server_addr() IS NULL")) {
                    rs.next();
                    assertEquals("", rs.getString(1), "no TCP address");
                    assertTrue(rs.getString(2).contains("querylens-trace-") && !rs.getString(2).equals("/tmp"), rs.getString(2));
                    assertEquals("scram-sha-256", rs.getString(3), "every login needs a password");
                    assertTrue(rs.getBoolean(4), "this session came through the Unix socket");
                }
            }
            ConnectionSettings su = server.superuserSettings();
            for (String user : new String[] {"postgres", "anyone"}) {
                Properties without = SessionProperties.of(new ConnectionSettings(su.hosts(), "postgres", user, null, su.params()),
                        UserDatabase.Access.DISPOSABLE);
                SQLException refused = assertThrows(SQLException.class, () -> DriverManager.getConnection(su.jdbcUrl(), without).close());
                assertTrue(refused.getMessage().contains("password"), refused.getMessage());
            }
        } finally {
            Files.deleteIfExists(Path.of("/tmp").resolve(marker.getFileName()));
        }
    }

    @Test
    void nothingTheServerRunsReachesAListenerOnLoopbackOrOnThisMachinesAddress() throws Exception {
        try (ThrowawayServer server = ThrowawayServer.start(); WitnessListener loopback = WitnessListener.onLoopback();
             WitnessListener iface = WitnessListener.onInterface()) {
            if (!ROOT && server.networkAccess() != null) {
                // not root, and no user namespace here: the fallback, which says so, and is what the other test below shows
                assertTrue(server.networkAccess().contains("network namespace"), server.networkAccess());
                return;
            }
            assertNull(server.networkAccess(), "as root the server gets a network namespace of its own");
            try (Connection c = superuser(server); Statement s = c.createStatement()) {
                s.execute("CREATE EXTENSION dblink");
                for (WitnessListener l : new WitnessListener[] {loopback, iface}) {
                    // as the superuser, who may connect anywhere without a password: only the network stops it
                    SQLException e = assertThrows(SQLException.class, () -> s.execute("SELECT dblink_connect('host=" + l.host()
                            + " port=" + l.port() + " dbname=x user=x connect_timeout=5')"));
                    assertTrue(e.getMessage().contains("could not establish connection") && e.getMessage().contains("Network is unreachable"),
                            e.getMessage());
                    // and a program of the server's, with the shell's own TCP client
                    SQLException p = assertThrows(SQLException.class, () -> s.execute("COPY (SELECT 1) TO PROGRAM 'bash -c \"exec 3<>/dev/tcp/"
                            + l.host() + "/" + l.port() + "\"'"));
                    assertTrue(p.getMessage().contains("failed"), p.getMessage());
                }
                try (ResultSet rs = s.executeQuery("SELECT dblink_get_connections() IS NULL")) {
                    rs.next();
                    assertTrue(rs.getBoolean(1), "no dblink connection was made");
                }
            }
            Thread.sleep(300);
            assertEquals(0, loopback.accepted(), "a connection reached the loopback listener");
            assertEquals(0, iface.accepted(), "a connection reached the listener on " + iface.host());
        }
    }

    @Test
    void inTheHostsNetworkTheSameConnectionsReachTheListenersAndTheServerSaysSo() throws Exception {
        try (ThrowawayServer server = ThrowawayServer.start(false); WitnessListener loopback = WitnessListener.onLoopback();
             WitnessListener iface = WitnessListener.onInterface()) {
            assertNotNull(server.networkAccess(), "the fallback says the server has network access");
            try (Connection c = superuser(server); Statement s = c.createStatement()) {
                s.execute("CREATE EXTENSION dblink");
                for (WitnessListener l : new WitnessListener[] {loopback, iface}) {
                    // the listener accepts and hangs up: dblink fails, after its connection arrived
                    assertThrows(SQLException.class, () -> s.execute("SELECT dblink_connect('host=" + l.host() + " port=" + l.port()
                            + " dbname=x user=x connect_timeout=5')"));
                }
            }
            long deadline = System.currentTimeMillis() + 5000;
            while ((loopback.accepted() == 0 || iface.accepted() == 0) && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            assertTrue(loopback.accepted() > 0, "the witness on loopback sees a connection from a server in the host's network");
            assertTrue(iface.accepted() > 0, "the witness on " + iface.host() + " sees a connection from a server in the host's network");
            assertFalse(server.networkAccess().isBlank());
        }
    }
}
