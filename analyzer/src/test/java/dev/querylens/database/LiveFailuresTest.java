package dev.querylens.database;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.querylens.advisor.PostgresServer;
import dev.querylens.cli.QueryLensCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database that fails under QueryLens: a real PostgreSQL stopped in the middle of what-if
 * planning, a server that accepts connections and never answers, and the usual connection
 * problems, each one clear line without the password, and an exit code that does not pass.
 */
class LiveFailuresTest {
    @TempDir
    Path dir;

    private record Run(int exit, String err) {
    }

    private static Run cli(String... args) {
        StringWriter err = new StringWriter();
        var cli = QueryLensCommand.commandLine();
        cli.setErr(new PrintWriter(err, true));
        cli.setOut(new PrintWriter(new StringWriter(), true));
        return new Run(cli.execute(args), err.toString());
    }

    @Test
    void aServerStoppedMidRunMakesTheAdviceIncompleteAndTheExitCodeSaysSo() throws Exception {
        try (PostgresServer pg = PostgresServer.start("-c logging_collector=on -c log_directory=log -c log_filename=server.log"
                + " -c log_file_mode=0644 -c log_statement=all")) {
            try (Connection c = pg.connect("postgres"); Statement s = c.createStatement()) {
                s.execute("""
                        CREATE EXTENSION hypopg;
                        CREATE TABLE customers (id serial PRIMARY KEY, email text NOT NULL, region text NOT NULL);
                        CREATE TABLE orders (id serial PRIMARY KEY, customer_id int NOT NULL, status text NOT NULL,
                                             created_at timestamptz NOT NULL, total int NOT NULL);
                        INSERT INTO customers (email, region) SELECT 'c' || g || '@example.com', 'r' || g % 20 FROM generate_series(1, 50000) g;
                        INSERT INTO orders (customer_id, status, created_at, total)
                          SELECT g % 50000, 's' || g % 7, timestamptz '2025-01-01' + g * interval '1 minute', g % 500 FROM generate_series(1, 200000) g;
                        ANALYZE;
                        """);
            }
            Path workload = Files.writeString(dir.resolve("pgss.csv"), """
                    query,calls,total_exec_time
                    "select id, total from orders where customer_id = $1",5000,25000
                    "select id from orders where customer_id = $1 and created_at >= $2",2000,10000
                    "select o.id from customers c join orders o on o.customer_id = c.id where c.email = $1",500,4000
                    "select id from orders where status = $1 order by created_at desc limit 20",1000,9000
                    "select id from customers where region = $1 and email = $2",800,3000
                    "select count(*) from orders where total = $1",300,2000
                    """);
            Path log = pg.logDirectory().resolve("server.log");
            AtomicBoolean killed = new AtomicBoolean();
            Thread watcher = new Thread(() -> {
                try {
                    // stop the server once QueryLens is well into what-if planning
                    while (!Files.exists(log) || count(Files.readString(log), "hypopg_create_index") < 15) {
                        Thread.sleep(10);
                    }
                    pg.kill();
                    killed.set(true);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            watcher.start();
            Path out = dir.resolve("advice.json");
            Run r = cli("advise", "-q", "--db", pg.url("postgres"), "--format", "json", "-o", out.toString(), workload.toString());
            watcher.join(60_000);
            assertTrue(killed.get(), "the server was stopped during the run");
            assertEquals(3, r.exit(), "advice written but incomplete: " + r.err());
            assertTrue(r.err().contains("was lost during the run"), r.err());
            JsonNode report = new ObjectMapper().readTree(out.toFile());
            List<String> lost = new ArrayList<>();
            report.get("diagnostics").forEach(d -> {
                if (d.get("inputLost").asBoolean()) {
                    lost.add(d.get("message").asText());
                }
            });
            assertTrue(lost.stream().anyMatch(m -> m.contains("connection was lost") && m.contains("verified before it")), lost.toString());
            assertTrue(report.get("diagnostics").toString().contains("could not cost"), "the statements not costed are named");
        }
    }

    private static int count(String text, String word) {
        int n = 0;
        for (int i = text.indexOf(word); i >= 0; i = text.indexOf(word, i + 1)) {
            n++;
        }
        return n;
    }

    @Test
    void aServerThatNeverAnswersEndsTheRunInsteadOfHangingIt() throws Exception {
        try (ServerSocket frozen = new ServerSocket(0)) {
            List<Socket> accepted = new ArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(frozen.accept()); // and never a byte back
                    }
                } catch (java.io.IOException closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            long start = System.nanoTime();
            Run r = cli("advise", "-q", "--db", "postgresql://app:Fr0zenPw@127.0.0.1:" + frozen.getLocalPort() + "/shop?connect_timeout=1",
                    dir.toString());
            double seconds = (System.nanoTime() - start) / 1e9;
            assertEquals(2, r.exit(), r.err());
            assertTrue(seconds < 30, "the login timeout ended it: " + seconds + " s");
            assertTrue(r.err().lines().count() == 1, "one line: " + r.err());
            assertFalse(r.err().contains("Fr0zenPw"), r.err());
            for (Socket s : accepted) {
                s.close();
            }
        }
    }

    @Test
    void eachConnectionProblemIsOneClearLineWithoutThePassword() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        String[][] cases = {
                {"postgresql://app:Pw%40123@no-such-host.invalid/shop", "unknown host"},
                {"postgresql://app:Pw%40123@127.0.0.1:" + closedPort + "/shop", "connection refused"},
                {"postgresql://app:Pw@123@127.0.0.1:99999/shop", "port"},
                {"postgresql://app:Pw%4@127.0.0.1/shop", "percent-encoding"},
                {"mysql://app:Pw@123@h/shop", "postgresql://"},
        };
        for (String[] c : cases) {
            Run r = cli("explain", "--db", c[0], "--sql", "select 1");
            assertEquals(2, r.exit(), c[0] + ": " + r.err());
            assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
            assertTrue(r.err().contains(c[1]), c[1] + " in: " + r.err());
            assertFalse(r.err().contains("Pw"), r.err());
            assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), r.err());
        }
        try (PostgresServer pg = PostgresServer.start()) {
            Run ssl = cli("explain", "--db", "postgresql://postgres:Pw%40123@127.0.0.1:" + pg.port + "/postgres?sslmode=require", "--sql", "select 1");
            assertEquals(2, ssl.exit(), ssl.err());
            assertTrue(ssl.err().toLowerCase(java.util.Locale.ROOT).contains("ssl"), ssl.err());
            assertFalse(ssl.err().contains("Pw"), ssl.err());
            Run db = cli("explain", "--db", "postgresql://postgres@127.0.0.1:" + pg.port + "/no_such_db", "--sql", "select 1");
            assertTrue(db.err().contains("does not exist"), db.err());
        }
    }
}
