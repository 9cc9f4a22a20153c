package dev.querylens.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.querylens.advisor.PostgresServer;
import dev.querylens.schema.Catalog;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Valid PostgreSQL always parses: what pg_stat_statements lists is text PostgreSQL itself parsed,
 * so none of it may give a parse error. Two sources of such text: a pg_stat_statements
 * (PostgreSQL 15.18) exported after the ORM programs of src/test/resources/ormlogs ran against it
 * (their start-up introspection, Sequelize's "AS primary, AS unique", the referential-integrity
 * checks, DDL; VERSIONS.md), and a PostgreSQL 15 started here, asked after statements that make it
 * run its own foreign-key checks.
 */
class PgStatStatementsParseTest {
    private static List<String> unparsed(List<String> queries) {
        List<String> failed = new ArrayList<>();
        try (FactExtractor extractor = new FactExtractor(Catalog.empty())) {
            for (String q : queries) {
                String sql = new Fingerprinter().normalize(q);
                StatementFacts facts = extractor.extract(sql);
                if (facts.parseError() != null) {
                    failed.add(facts.parseError() + "\n    " + sql);
                }
            }
        }
        return failed;
    }

    @Test
    void everyStatementTheOrmsRunParses() throws Exception {
        JsonNode exported = new ObjectMapper().readTree(Path.of("src/test/resources/ormlogs/pg_stat_statements.json").toFile());
        List<String> queries = new ArrayList<>();
        exported.forEach(q -> queries.add(q.asText()));
        assertEquals(119, queries.size());
        assertEquals(List.of(), unparsed(queries));
    }

    @Test
    void theForeignKeyChecksPostgresRunsParseWithTheirFacts() throws Exception {
        List<String> queries = new ArrayList<>();
        try (PostgresServer pg = PostgresServer.start("-c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track=all")) {
            try (Connection c = pg.connect("postgres"); Statement s = c.createStatement()) {
                s.execute("CREATE EXTENSION pg_stat_statements");
                s.execute("CREATE TABLE author (id int PRIMARY KEY, name text)");
                s.execute("CREATE TABLE book (id int PRIMARY KEY, author_id int REFERENCES author ON DELETE CASCADE, title text)");
                s.execute("CREATE TABLE \"Review\" (\"id\" int PRIMARY KEY, \"bookId\" int REFERENCES book (id) ON UPDATE CASCADE)");
                s.execute("INSERT INTO author VALUES (1, 'a'), (2, 'b')");
                s.execute("INSERT INTO book VALUES (1, 1, 'x'), (2, 2, 'y')"); // RI: the author exists, FOR KEY SHARE
                s.execute("INSERT INTO \"Review\" VALUES (1, 1)");
                s.execute("UPDATE book SET id = 3 WHERE id = 1"); // RI: cascade to "Review"
                s.execute("DELETE FROM author WHERE id = 2"); // RI: cascade to book
                s.execute("ALTER TABLE book ADD CONSTRAINT book_author FOREIGN KEY (author_id) REFERENCES author"); // RI: validation
                s.execute("SELECT i.relname AS name, ix.indisprimary AS primary, ix.indisunique AS unique, ix.indkey AS indkey,"
                        + " array_agg(a.attnum) as column_indexes FROM pg_class t, pg_class i, pg_index ix, pg_attribute a"
                        + " WHERE t.oid = ix.indrelid AND i.oid = ix.indexrelid AND a.attrelid = t.oid AND t.relkind = 'r'"
                        + " AND t.relname = 'book' GROUP BY i.relname, ix.indexrelid, ix.indisprimary, ix.indisunique, ix.indkey");
                try (ResultSet rs = s.executeQuery("SELECT query FROM pg_stat_statements")) {
                    while (rs.next()) {
                        queries.add(rs.getString(1));
                    }
                }
            }
        }
        List<String> foreignKeyChecks = queries.stream().filter(q -> q.contains("OPERATOR(pg_catalog.=)")).toList();
        assertTrue(foreignKeyChecks.size() >= 4, "the server ran its own checks: " + foreignKeyChecks);
        assertEquals(List.of(), unparsed(queries), queries.size() + " statements");
        try (FactExtractor extractor = new FactExtractor(Catalog.empty())) {
            String check = foreignKeyChecks.stream().filter(q -> q.contains("FOR KEY SHARE") && q.contains("\"author\"")).findFirst().orElseThrow();
            StatementFacts facts = extractor.extract(new Fingerprinter().normalize(check));
            assertEquals(List.of("author"), facts.tables(), check); // public is the default schema: named as the other sources name it
            assertEquals("id", facts.predicates().get(0).column().column(), check);
        }
    }
}
