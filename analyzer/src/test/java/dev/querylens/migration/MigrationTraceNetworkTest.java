package dev.querylens.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.querylens.cli.QueryLensCommand;
import dev.querylens.database.WitnessListener;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A migration that tries to connect out of a trace on the throwaway server, with the extensions for
 * it allowed (--trace-allow-extension dblink,postgres_fdw) and a password in every connection string
 * (what dblink and postgres_fdw demand of a role that is not a superuser), to TCP listeners the test
 * opens on loopback and on this machine's interface address: the server has no network, so every
 * attempt is listed as not traced, neither listener sees a connection,
 * and the ordinary statements around them are traced with their locks.
 */
class MigrationTraceNetworkTest {
    @TempDir
    Path dir;

    @Test
    void aMigrationCannotConnectToLoopbackOrToThisMachinesAddressFromTheThrowawayServer() throws Exception {
        try (WitnessListener loopback = WitnessListener.onLoopback(); WitnessListener iface = WitnessListener.onInterface()) {
            String history = """
                    CREATE TABLE parents (id integer PRIMARY KEY, name text);
                    CREATE EXTENSION IF NOT EXISTS dblink;
                    CREATE EXTENSION IF NOT EXISTS postgres_fdw;
                    SELECT dblink_connect('host=%1$s port=%2$d dbname=x user=x password=x connect_timeout=5');
                    SELECT dblink_connect('host=%3$s port=%4$d dbname=x user=x password=x connect_timeout=5');
                    CREATE SERVER near FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host '%1$s', port '%2$d', dbname 'x', connect_timeout '5');
                    CREATE USER MAPPING FOR CURRENT_USER SERVER near OPTIONS (user 'x', password 'x');
                    CREATE FOREIGN TABLE remote_near (id integer) SERVER near;
                    SELECT * FROM remote_near;
                    CREATE SERVER far FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host '%3$s', port '%4$d', dbname 'x', connect_timeout '5');
                    CREATE USER MAPPING FOR CURRENT_USER SERVER far OPTIONS (user 'x', password 'x');
                    CREATE FOREIGN TABLE remote_far (id integer) SERVER far;
                    SELECT * FROM remote_far;
                    CREATE INDEX parents_name_idx ON parents (name);
                    ALTER TABLE parents ADD COLUMN note text NOT NULL DEFAULT 'x';
                    """.formatted(loopback.host(), loopback.port(), iface.host(), iface.port());
            Files.createDirectories(dir.resolve("migrations"));
            Files.writeString(dir.resolve("migrations/0001_reach_out.sql"), history);
            StringWriter err = new StringWriter();
            var cli = QueryLensCommand.commandLine();
            cli.setErr(new PrintWriter(err, true));
            cli.setOut(new PrintWriter(new StringWriter(), true));
            int exit = cli.execute("migrations", "-q", "--trace", "--trace-allow-extension", "dblink,postgres_fdw", "-o",
                    dir.resolve("r.txt").toString(), dir.resolve("migrations").toString());
            String out = err.toString();
            System.out.println(out);
            Map<String, String> at = listed(out);
            assertTrue(out.contains("with no network"), out);
            assertFalse(out.contains("--trace: warning"), out);
            // the server's reason is "could not establish connection" / "could not connect to server" either way: the witnesses
            // below tell a connection the network refused from one that arrived and was turned away
            for (int line : new int[] {4, 5}) {
                assertTrue(at.get("0001_reach_out.sql:" + line).contains("not traced: reaches outside the traced database")
                        && at.get("0001_reach_out.sql:" + line).contains("could not establish connection"), out);
            }
            for (int line : new int[] {6, 7, 8, 10, 11, 12}) {
                assertTrue(at.get("0001_reach_out.sql:" + line).contains(" ms; "), "defining the foreign server is traced: " + out);
            }
            for (int line : new int[] {9, 13}) {
                assertTrue(at.get("0001_reach_out.sql:" + line).contains("not traced: reaches outside the traced database")
                        && at.get("0001_reach_out.sql:" + line).contains("could not connect to server"), out);
            }
            assertTrue(at.get("0001_reach_out.sql:14").contains("public.parents SHARE (blocks writes)"), out);
            assertTrue(at.get("0001_reach_out.sql:15").contains("public.parents ACCESS EXCLUSIVE (blocks reads and writes)"), out);
            assertFalse(out.contains("failed:"), out);
            Thread.sleep(300);
            assertEquals(0, loopback.accepted(), "a connection reached the loopback listener");
            assertEquals(0, iface.accepted(), "a connection reached the listener on " + iface.host());
            assertTrue(exit == 0 || exit == 1, "exit " + exit + ": " + out);
        }
    }

    /**
     * Where no network namespace can be made (here: unshare is not on the PATH of the QueryLens
     * process), the trace still runs, says once that the server had network access, and its header
     * says where it ran; and then the same dblink does reach the loopback listener, which shows the
     * witness above would have seen a connection.
     */
    @Test
    void whereNoNamespaceCanBeMadeTheTraceSaysItHadNetworkAccess() throws Exception {
        try (WitnessListener loopback = WitnessListener.onLoopback()) {
            Files.createDirectories(dir.resolve("migrations"));
            Files.writeString(dir.resolve("migrations/0001_reach_out.sql"), """
                    CREATE TABLE parents (id integer PRIMARY KEY, name text);
                    CREATE EXTENSION IF NOT EXISTS dblink;
                    SELECT dblink_connect('host=%s port=%d dbname=x user=x password=x connect_timeout=5');
                    ALTER TABLE parents ADD COLUMN note text NOT NULL DEFAULT 'x';
                    """.formatted(loopback.host(), loopback.port()));
            // a PATH with what QueryLens runs to start the server as its own user, and no unshare
            Path bin = Files.createDirectories(dir.resolve("bin"));
            for (String tool : new String[] {"id", "useradd", "setpriv", "sh", "bash"}) {
                for (String from : new String[] {"/usr/bin/", "/usr/sbin/", "/bin/", "/sbin/"}) {
                    if (Files.isExecutable(Path.of(from + tool)) && !Files.exists(bin.resolve(tool))) {
                        Files.createSymbolicLink(bin.resolve(tool), Path.of(from + tool));
                    }
                }
            }
            List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                    System.getProperty("java.class.path"), "dev.querylens.cli.QueryLensCommand", "migrations", "-q", "--trace",
                    "--trace-allow-extension", "dblink", "-o", dir.resolve("r.txt").toString(), dir.resolve("migrations").toString());
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile());
            pb.environment().put("PATH", bin.toString());
            Process child = pb.start();
            assertTrue(child.waitFor(120, TimeUnit.SECONDS), "the trace ends");
            String out = Files.readString(dir.resolve("child.log"));
            List<String> warnings = out.lines().filter(l -> l.contains("--trace: warning:")).toList();
            assertEquals(1, warnings.size(), out);
            assertTrue(warnings.get(0).contains("the throwaway PostgreSQL had network access (cannot create a network namespace: unshare")
                    && warnings.get(0).contains("a migration could connect from it to other hosts and to services on this machine"), out);
            String header = out.lines().filter(l -> l.contains(": trace on ")).findFirst().orElse("");
            assertTrue(header.contains("in this machine's network") && !header.contains("with no network"), out);
            Map<String, String> at = listed(out);
            assertTrue(at.get("0001_reach_out.sql:3").contains("not traced: reaches outside the traced database"), out);
            assertTrue(at.get("0001_reach_out.sql:4").contains("public.parents ACCESS EXCLUSIVE (blocks reads and writes)"), out);
            long deadline = System.currentTimeMillis() + 5000;
            while (loopback.accepted() == 0 && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            assertTrue(loopback.accepted() > 0, "in the host's network the migration's dblink reaches the listener");
        }
    }

    /** The trace's line per FILE:LINE (file name only). */
    private static Map<String, String> listed(String err) {
        Map<String, String> out = new TreeMap<>();
        err.lines().dropWhile(l -> !l.contains(": trace on ")).skip(1).takeWhile(l -> l.startsWith("  ")).forEach(l -> {
            String at = l.strip();
            String file = Path.of(at.substring(0, at.indexOf(':'))).getFileName().toString();
            String rest = at.substring(at.indexOf(':') + 1);
            out.put(file + ":" + rest.substring(0, rest.indexOf(':')), rest.substring(rest.indexOf(':') + 2));
        });
        return out;
    }
}
