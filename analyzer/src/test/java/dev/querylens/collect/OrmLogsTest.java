package dev.querylens.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ORMs' own SQL logs, as the real ORMs wrote them against PostgreSQL 15
 * (src/test/resources/ormlogs: capture.sh and the small programs that wrote them, VERSIONS.md),
 * read without telling QueryLens what they are. Each expectation comes from the program that
 * wrote the log (how many statements it runs and with which values), checked against the
 * server's own log of the same run while capturing.
 */
class OrmLogsTest {
    static final Path LOGS = Path.of("src", "test", "resources", "ormlogs");

    @TempDir
    Path tmp;

    record Read(SourceKind kind, List<Execution> executions, List<Diagnostic> diagnostics) {
        List<Execution> matching(String regex) {
            return executions.stream().filter(e -> e.sql() != null && e.sql().matches("(?s)" + regex)).toList();
        }
    }

    static Read read(Path file) {
        return read(file, null, List.of());
    }

    static Read read(Path file, SourceKind forced, List<DescribedLogFormat> described) {
        List<Execution> executions = new ArrayList<>();
        List<Diagnostic> diagnostics = new ArrayList<>();
        SourceKind kind = new InputFiles(null, new ObjectMapper(), forced, described).read(file, executions::add, diagnostics::add);
        return new Read(kind, executions.stream().filter(e -> e.sql() != null).toList(), diagnostics);
    }

    @Test
    void djangoBackendsLoggerWithDurations() {
        Read r = read(LOGS.resolve("django.log"));
        assertEquals(SourceKind.APP_LOG, r.kind());
        assertEquals(List.of(), r.diagnostics());
        // 5 schema statements (the schema editor's own "(params ...)" lines are not more of them), 3 + 6 inserts,
        // the book list, 6 author lookups (one per book), the select_related join, the update
        assertEquals(23, r.executions().size(), r.executions().toString());
        List<Execution> lookups = r.matching("SELECT \"shop_author\".\"id\", \"shop_author\".\"name\" FROM \"shop_author\" WHERE \"shop_author\".\"id\" = \\d LIMIT 21");
        assertEquals(6, lookups.size());
        assertEquals(List.of("1", "1", "2", "2", "3", "3"), lookups.stream().map(e -> e.sql().replaceAll(".*= (\\d) LIMIT.*", "$1")).toList());
        assertTrue(r.executions().stream().allMatch(e -> e.hasDuration() && e.durationMs() < 1000), "Django's (0.001) is seconds");
        assertTrue(r.executions().stream().anyMatch(e -> e.durationMs() >= 1), "(0.001) is one millisecond, not a thousandth of one");
        assertEquals(1, r.matching("UPDATE \"shop_author\" SET \"name\" = 'x' WHERE .*").size());
        assertEquals(1, r.executions().stream().map(Execution::session).distinct().count());
    }

    @Test
    void djangoFourAddsTheAliasAndAFormatterPrefix() throws Exception {
        // Django 4.0+ (django/db/backends/utils.py: "(%.3f) %s; args=%s; alias=%s"); only 3.2 is installable here, so hand-written
        Path log = tmp.resolve("django4.log");
        Files.writeString(log, """
                2024-05-01 10:00:00,100 DEBUG django.db.backends (0.002) SELECT "app_book"."id" FROM "app_book" WHERE "app_book"."author_id" = 7; args=(7,); alias=default
                2024-05-01 10:00:00,105 DEBUG django.db.backends (0.013) SELECT "app_book"."id"
                FROM "app_book" WHERE "app_book"."author_id" = 8; args=(8,); alias=replica
                """);
        Read r = read(log);
        assertEquals(SourceKind.APP_LOG, r.kind());
        assertEquals(2, r.executions().size(), r.diagnostics().toString());
        assertEquals("SELECT \"app_book\".\"id\"\nFROM \"app_book\" WHERE \"app_book\".\"author_id\" = 8", r.executions().get(1).sql());
        assertEquals(13.0, r.executions().get(1).durationMs(), 1e-9);
        assertEquals("process:replica", r.executions().get(1).session());
        assertEquals(java.time.Instant.parse("2024-05-01T10:00:00.105Z"), r.executions().get(1).timestamp());
    }

    @Test
    void sqlAlchemyEchoIsNotACsvLog() {
        for (String name : List.of("sqlalchemy-echo.log", "sqlalchemy-logging.log")) {
            Read r = read(LOGS.resolve(name));
            assertEquals(SourceKind.APP_LOG, r.kind(), name);
            assertEquals(List.of(), r.diagnostics(), name);
            // 3 dialect start-up queries; drop_all's and create_all's transactions (2 table lookups, and a DROP or CREATE
            // per table that exists or not: 2 of them in all), the inserts' transaction (each INSERT executemany is one
            // multi-row INSERT: psycopg2's execute_values, as the server log shows), the loop's transaction of 7
            int drops = r.matching("\\s*DROP TABLE .*").size(); // 0 or 2: whether the tables were there when it started
            assertEquals(3 + (2 + 2 + drops) + (2 + 2 + 2) + (2 + 2) + (2 + 5), r.executions().size(), name + ": " + r.executions().stream().map(Execution::sql).toList());
            assertEquals(4, r.matching("BEGIN").size(), name);
            assertEquals(4, r.matching("COMMIT").size(), name);
            // psycopg2 binds on the client: the statements are the texts the server received, values written in
            List<Execution> lazy = r.matching("SELECT sa_book\\.id AS sa_book_id, .*\nFROM sa_book \nWHERE \\d = sa_book\\.author_id");
            assertEquals(3, lazy.size(), name);
            assertEquals(List.of("1", "2", "3"), lazy.stream().map(e -> e.sql().replaceAll("(?s).*WHERE (\\d) = .*", "$1")).toList(), name);
            assertTrue(lazy.stream().allMatch(e -> e.params().isEmpty()), name);
            List<Execution> books = r.matching("INSERT INTO sa_book .*");
            assertEquals(1, books.size(), name);
            assertEquals("INSERT INTO sa_book (author_id, title) VALUES (1, 'b0.0'),(1, 'b0.1'),(2, 'b1.0'),(2, 'b1.1'),(3, 'b2.0'),(3, 'b2.1')"
                    + " RETURNING sa_book.id", books.get(0).sql(), name);
            assertEquals(1, r.matching("SELECT a\\.id,\n.*LIKE 'author%'\nGROUP BY a\\.id").size(), name);
        }
        assertNotNull(read(LOGS.resolve("sqlalchemy-echo.log")).executions().get(0).timestamp(), "echo's records have times");
    }

    @Test
    void sqlAlchemyExecutemanyOfUpdatesAndElidedRows() throws Exception {
        // the shapes SQLAlchemy 1.4 prints for an executemany it does not turn into one INSERT, and for many rows
        Path log = tmp.resolve("sa.log");
        Files.writeString(log, """
                INFO:sqlalchemy.engine.Engine:UPDATE item SET qty=%(qty)s WHERE item.id = %(item_id)s
                INFO:sqlalchemy.engine.Engine:[generated in 0.00010s] ({'qty': 1, 'item_id': 10}, {'qty': 2, 'item_id': 11})
                INFO:sqlalchemy.engine.Engine:DELETE FROM item WHERE item.id = %(id)s
                INFO:sqlalchemy.engine.Engine:[generated in 0.00010s] ({'id': 1}, {'id': 2}  ... displaying 10 of 12 total bound parameter sets ...  {'id': 11}, {'id': 12})
                """);
        Read r = read(log);
        assertEquals(List.of("UPDATE item SET qty=1 WHERE item.id = 10", "UPDATE item SET qty=2 WHERE item.id = 11"),
                r.matching("UPDATE .*").stream().map(Execution::sql).toList());
        // the rows the log elided ran too: their values unknown, they keep $n (which groups with the rest)
        assertEquals(4, r.matching("DELETE FROM item WHERE item.id = \\d+").size());
        assertEquals(8, r.matching("DELETE FROM item WHERE item.id = \\$1").size(), "rows the log elided ran too");
        assertEquals(12, r.executions().get(2).batchSize());
    }

    @Test
    void sequelizeWithAndWithoutBenchmarkAndParameters() {
        Read plain = read(LOGS.resolve("sequelize.log"));
        Read timed = read(LOGS.resolve("sequelize-benchmark.log"));
        for (Read r : List.of(plain, timed)) {
            assertEquals(SourceKind.APP_LOG, r.kind());
            assertEquals(List.of(), r.diagnostics());
            assertEquals(27, r.executions().size());
            assertEquals(3, r.matching("SELECT \"id\", \"title\", \"createdAt\", \"updatedAt\", \"authorId\" FROM \"sq_books\" AS \"Book\""
                    + " WHERE \"Book\".\"authorId\" = \\d;").size());
            // its index introspection aliases columns "primary" and "unique"
            assertEquals(2, r.matching("SELECT i.relname AS name, ix.indisprimary AS primary, ix.indisunique AS unique, .*").size());
        }
        assertTrue(plain.executions().stream().noneMatch(Execution::hasDuration));
        assertTrue(timed.executions().stream().allMatch(Execution::hasDuration));
        Read params = read(LOGS.resolve("sequelize-params.log"));
        assertEquals(List.of(), params.diagnostics());
        Execution insert = params.matching("INSERT INTO \"sq_authors\" .*").get(0);
        assertTrue(insert.sql().endsWith("RETURNING \"id\",\"name\",\"createdAt\",\"updatedAt\";"), insert.sql());
        assertEquals("author 0", insert.params().get(0));
        assertEquals(3, insert.params().size());
        List<Execution> loop = params.matching("SELECT \"id\", \"title\", .* FROM \"sq_books\" AS \"Book\" WHERE \"Book\".\"authorId\" = \\d;");
        assertEquals(3, loop.size());
        assertTrue(loop.get(0).session().startsWith("process transaction:"), loop.get(0).session());
        assertEquals(1, loop.stream().map(Execution::session).distinct().count());
    }

    @Test
    void typeOrmQueryFailedAndSlowAreTheSameExecution() {
        Read r = read(LOGS.resolve("typeorm.log"));
        assertEquals(SourceKind.APP_LOG, r.kind());
        assertEquals(List.of(), r.diagnostics());
        // every "query:" line is one execution; "query is slow:" and "query failed:" lines repeat one of them
        assertEquals(53, r.executions().size());
        Execution sleep = r.matching("SELECT pg_sleep\\(0\\.02\\)").get(0);
        assertTrue(sleep.durationMs() >= 20, "the slow line's execution time: " + sleep.durationMs());
        List<Execution> failed = r.matching("SELECT no_such_column FROM to_author WHERE id = \\$1");
        assertEquals(1, failed.size());
        assertEquals(List.of("1"), failed.get(0).params());
        List<Execution> loop = r.matching("SELECT \"Book\"\\.\"id\" AS \"Book_id\", .*WHERE .*");
        assertEquals(3, loop.size());
        assertEquals(List.of(List.of("1"), List.of("2"), List.of("3")), loop.stream().map(Execution::params).toList());
        assertEquals(List.of("b0.0", "1"), r.matching("INSERT INTO \"to_book\".*").get(0).params());
    }

    @Test
    void knexDebugQueryAndBindings() {
        Read r = read(LOGS.resolve("knex-debug.log"));
        assertEquals(SourceKind.APP_LOG, r.kind());
        assertEquals(List.of(), r.diagnostics());
        assertEquals(25, r.executions().size());
        List<Execution> inserts = r.matching("insert into \"kx_book\" \\(\"author_id\", \"title\"\\) values \\(\\$1, \\$2\\)");
        assertEquals(6, inserts.size());
        assertEquals(List.of("1", "b0.0"), inserts.get(0).params());
        List<Execution> inTx = r.matching("select \\* from \"kx_book\" where \"author_id\" = \\$1 limit \\$2");
        assertEquals(3, inTx.size());
        assertEquals("process transaction:trx2", inTx.get(0).session());
        assertEquals(List.of("3", "1"), inTx.get(2).params());
        assertNotNull(inTx.get(0).timestamp());
    }

    @Test
    void knexOnATerminalWithColoursAndAListOverLines() throws Exception {
        // the debug module on a TTY: indented, coloured namespace, "+Nms" since the namespace's last line (not a duration)
        Path log = tmp.resolve("knex-tty.log");
        Files.writeString(log, "  \u001B[38;5;26;1mknex:query \u001B[0mselect * from \"t\" where \"id\" in ($1, $2) undefined \u001B[38;5;26m+0ms\u001B[0m\n"
                + "  \u001B[38;5;26;1mknex:bindings \u001B[0m[\n    1,\n    'it\\'s'\n  ] undefined \u001B[38;5;26m+1ms\u001B[0m\n");
        Read r = read(log);
        assertEquals(1, r.executions().size(), r.diagnostics().toString());
        assertEquals("select * from \"t\" where \"id\" in ($1, $2)", r.executions().get(0).sql());
        assertEquals(List.of("1", "it's"), r.executions().get(0).params());
        assertFalse(r.executions().get(0).hasDuration());
    }

    @Test
    void railsActiveRecordWithColoursBindsAndCache() throws Exception {
        // Rails' log as the Rails guides show it (no Ruby here to run one): colour codes, binds, a cache hit, a call site
        Path log = tmp.resolve("development.log");
        Files.writeString(log, """
                Started GET "/users/1" for 127.0.0.1 at 2024-05-01 10:00:00 +0000
                  \u001B[1m\u001B[36mUser Load (0.5ms)\u001B[0m  \u001B[1m\u001B[34mSELECT "users".* FROM "users" WHERE "users"."id" = $1 LIMIT $2\u001B[0m  [["id", 1], ["LIMIT", 1]]
                  ↳ app/controllers/users_controller.rb:5:in `show'
                  \u001B[1m\u001B[36mCACHE User Load (0.0ms)\u001B[0m  \u001B[1m\u001B[34mSELECT "users".* FROM "users" WHERE "users"."id" = $1 LIMIT $2\u001B[0m  [["id", 1], ["LIMIT", 1]]
                  TRANSACTION (0.1ms)  BEGIN
                  Post Create (0.6ms)  INSERT INTO "posts" ("title", "user_id") VALUES ($1, $2) RETURNING "id"  [["title", "it's \\"new\\""], ["user_id", nil]]
                  TRANSACTION (0.9ms)  COMMIT
                Completed 200 OK in 12ms (Views: 3.1ms | ActiveRecord: 2.1ms | Allocations: 4321)
                """);
        Read r = read(log);
        assertEquals(SourceKind.APP_LOG, r.kind());
        assertEquals(List.of("SELECT \"users\".* FROM \"users\" WHERE \"users\".\"id\" = $1 LIMIT $2", "BEGIN",
                "INSERT INTO \"posts\" (\"title\", \"user_id\") VALUES ($1, $2) RETURNING \"id\"", "COMMIT"),
                r.executions().stream().map(Execution::sql).toList(), "the CACHE hit never reached the database");
        assertEquals(List.of("1", "1"), r.executions().get(0).params());
        assertEquals(0.5, r.executions().get(0).durationMs(), 1e-9);
        assertEquals("it's \"new\"", r.executions().get(2).params().get(0));
        assertNull(r.executions().get(2).params().get(1));
        Path production = tmp.resolve("production.log");
        Files.writeString(production, "D, [2024-05-01T10:00:00.123456 #4242] DEBUG -- : [0f6a2d1e-8c1b-4b6f-9a57-3f2b1c9d8e7a]"
                + "   Book Load (1.2ms)  SELECT \"books\".* FROM \"books\" WHERE \"books\".\"author_id\" = $1  [[\"author_id\", 3]]\n");
        Execution e = read(production).executions().get(0);
        assertEquals("request:0f6a2d1e-8c1b-4b6f-9a57-3f2b1c9d8e7a", e.session());
        assertEquals(java.time.Instant.parse("2024-05-01T10:00:00.123456Z"), e.timestamp());
    }

    @Test
    void aFormatDescribedInTheConfiguration() throws Exception {
        Path log = tmp.resolve("custom.log");
        Files.writeString(log, """
                10:00:00 starting up
                2024-05-01T10:00:00.100Z [worker-3] SQL 4.5ms | SELECT * FROM t WHERE id = $1 | [42]
                2024-05-01T10:00:00.200Z [worker-3] SQL 0.5ms | SELECT * FROM t WHERE id = $1 | ["x"]
                """);
        DescribedLogFormat format = DescribedLogFormat.of("myapp",
                "(?<time>\\S+) \\[(?<session>[^\\]]+)\\] SQL (?<duration>[\\d.]+)ms \\| (?<sql>.*?) \\| (?<params>\\[.*\\])", null);
        Read r = read(log, null, List.of(format));
        assertEquals(SourceKind.APP_LOG, r.kind());
        assertEquals(2, r.executions().size());
        assertEquals(List.of("42"), r.executions().get(0).params());
        assertEquals(4.5, r.executions().get(0).durationMs(), 1e-9);
        assertEquals("myapp:worker-3", r.executions().get(1).session());
        assertEquals(java.time.Instant.parse("2024-05-01T10:00:00.200Z"), r.executions().get(1).timestamp());
        assertEquals(null, read(log).kind(), "without the description the file is not recognised");
    }

    @Test
    void aForcedFormatThatMatchesNothingLosesInput() throws Exception {
        Path log = tmp.resolve("app.log");
        Files.writeString(log, "server started on port 3000\nGET / 200 3ms\n");
        for (SourceKind forced : List.of(SourceKind.APP_LOG, SourceKind.JSON_LOG, SourceKind.CSV_LOG, SourceKind.STDERR_LOG)) {
            Read r = read(log, forced, List.of());
            assertEquals(0, r.executions().size());
            assertTrue(r.diagnostics().stream().anyMatch(Diagnostic::inputLost), forced + ": " + r.diagnostics());
        }
    }

    /** Statements per shape, to compare one reading with another. */
    static Map<String, Long> shapes(List<Execution> executions) {
        return executions.stream().collect(Collectors.groupingBy(Execution::sql, TreeMap::new, Collectors.counting()));
    }
}
