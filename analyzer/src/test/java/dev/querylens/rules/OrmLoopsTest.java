package dev.querylens.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.querylens.cli.QueryLensCommand;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server log (stderr and csvlog) of a real Django 3.2 application and a real SQLAlchemy 1.4
 * application (Debian's python3-django, python3-sqlalchemy, python3-psycopg2) run against
 * PostgreSQL 15 with log_min_duration_statement = 0: src/test/resources/orm-loops, with the two
 * scripts that wrote it. Each ran two N+1 loops (a lazy many-to-one, a lazy one-to-many, 12 each),
 * 25 row-by-row inserts, the same reads done right (select_related / prefetch_related,
 * selectinload), bulk inserts, and an OFFSET page walk. The ORMs are told from the SQL they
 * write (psycopg2 sends no application_name), and the fixes use their APIs.
 */
class OrmLoopsTest {
    private static final Path DIR = Path.of("src/test/resources/orm-loops");

    @TempDir
    Path out;

    private JsonNode analyze(String file) throws Exception {
        Path report = out.resolve(file + ".json");
        assertEquals(0, QueryLensCommand.execute("analyze", "-q", "--format", "json", "-o", report.toString(),
                DIR.resolve(file).toString()));
        return new ObjectMapper().readTree(report.toFile());
    }

    private static List<JsonNode> findings(JsonNode report, String rule) {
        List<JsonNode> list = new ArrayList<>();
        report.get("findings").forEach(f -> {
            if (f.get("rule").asText().equals(rule)) {
                list.add(f);
            }
        });
        return list;
    }

    @Test
    void everyLoopOnceWithItsOrmsFixAndNothingElse() throws Exception {
        // expected, written before the run: by table, the loop's statement, its ORM and a word of its fix
        Map<String, String> loops = new TreeMap<>(Map.of(
                "from shop_author where shop_author.id = $1", "Django select_related",
                "from shop_book where shop_book.author_id = $1", "Django prefetch_related",
                "from authors where authors.id = $1", "SQLAlchemy selectinload",
                "from books where $1 = books.author_id", "SQLAlchemy selectinload"));
        Map<String, String> writes = new TreeMap<>(Map.of(
                "insert into shop_book", "Django bulk_create",
                "insert into books", "SQLAlchemy insert(Table).values"));
        for (String file : List.of("django-sqlalchemy.log", "django-sqlalchemy.csv")) {
            JsonNode report = analyze(file);
            Map<String, String> foundLoops = new TreeMap<>();
            for (JsonNode f : findings(report, "n-plus-one")) {
                JsonNode e = f.get("evidence");
                assertEquals(12, e.get("executions").asInt(), file + ": " + f);
                assertEquals("[12]", e.get("runs").toString(), file + ": " + f);
                assertTrue(e.has("parentQuery"), file + ": " + f);
                String key = loops.keySet().stream().filter(k -> f.get("sql").asText().contains(k)).findFirst().orElse(f.get("sql").asText());
                String orm = e.get("orm").asText().split(" ")[0];
                String fixWord = loops.getOrDefault(key, " ").split(" ")[1];
                foundLoops.put(key, orm + " " + (f.get("fix").asText().contains(fixWord) ? fixWord : f.get("fix").asText()));
            }
            assertEquals(loops, foundLoops, file);
            Map<String, String> foundWrites = new TreeMap<>();
            for (JsonNode f : findings(report, "unbatched-writes")) {
                JsonNode e = f.get("evidence");
                assertEquals(25, e.get("statements").asInt(), file + ": " + f);
                assertEquals("[25]", e.get("runs").toString(), file + ": " + f);
                String key = writes.keySet().stream().filter(k -> f.get("sql").asText().startsWith(k)).findFirst().orElse(f.get("sql").asText());
                String fixWord = writes.getOrDefault(key, " ").split(" ")[1];
                foundWrites.put(key, e.get("orm").asText().split(" ")[0] + " "
                        + (f.get("fix").asText().contains(fixWord) ? fixWord : f.get("fix").asText()));
            }
            assertEquals(writes, foundWrites, file);
            for (String silent : List.of("offset-pagination", "repeated-identical-query")) {
                assertEquals(List.of(), findings(report, silent), file + " " + silent);
            }
        }
    }

    @Test
    void sequelizesSequentialAndConcurrentLoopsAreOneStatementsTwoRuns() throws Exception {
        // expected, written before the run: getBooks() per author, once in a for loop and once through
        // Promise.all over the pool: one finding, runs [12, 12]; 25 create() calls: one run of 25; with
        // Sequelize's API in both fixes; bulkCreate, include and the page walk silent
        JsonNode report = analyze("sequelize.log");
        List<JsonNode> loops = findings(report, "n-plus-one");
        assertEquals(1, loops.size(), report.get("findings").toString());
        JsonNode e = loops.get(0).get("evidence");
        assertEquals("[12,12]", e.get("runs").toString(), e.toString());
        assertEquals(24, e.get("executions").asInt());
        assertTrue(e.get("orm").asText().startsWith("Sequelize"), e.toString());
        assertTrue(loops.get(0).get("fix").asText().contains("include"), loops.get(0).toString());
        assertTrue(e.get("parentQuery").asText().contains("seq_authors"), e.toString());
        List<JsonNode> writes = findings(report, "unbatched-writes");
        assertEquals(1, writes.size(), report.get("findings").toString());
        assertEquals("[25]", writes.get(0).get("evidence").get("runs").toString());
        assertTrue(writes.get(0).get("fix").asText().contains("bulkCreate"), writes.get(0).toString());
        for (String silent : List.of("offset-pagination", "repeated-identical-query")) {
            assertEquals(List.of(), findings(report, silent), silent);
        }
    }
}
