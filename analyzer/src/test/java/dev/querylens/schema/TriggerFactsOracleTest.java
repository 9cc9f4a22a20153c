package dev.querylens.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.querylens.advisor.PostgresServer;
import dev.querylens.collect.Diagnostic;
import dev.querylens.database.ConnectionSettings;
import dev.querylens.database.UserDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Triggers read from DDL and from a live catalog, with PostgreSQL 15 deciding: PostgreSQL's own
 * trigger forms (CREATE [OR REPLACE] [CONSTRAINT] TRIGGER with UPDATE OF, WHEN, REFERENCING,
 * DEFERRABLE, EXECUTE PROCEDURE; ALTER TRIGGER RENAME; ENABLE REPLICA / ALWAYS / DISABLE; DROP
 * TRIGGER [IF EXISTS]; DROP TABLE; a renamed table; a search_path) run through psql, and pg_trigger
 * compared with what QueryLens read from the same files and from the live catalog. The corpus's
 * real migrations are compared the same way in CorpusSchemaOracleTest, which now holds trigger facts.
 */
class TriggerFactsOracleTest {
    private static PostgresServer server;

    @BeforeAll
    static void start() throws Exception {
        server = PostgresServer.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void triggersReadFromDdlAndLiveAreThoseOfPgTrigger() throws Exception {
        Path dir = Path.of(getClass().getResource("/triggers").toURI());
        List<Path> files = List.of(dir.resolve("001_forms.sql"), dir.resolve("002_changes.sql"));
        SchemaOracle.Result result = SchemaOracle.run(server, "trigger_forms", files);
        assertEquals(List.of(), result.diagnostics().stream().map(Diagnostic::toString).toList(), "diagnostics reading the DDL");
        assertEquals(List.of(), result.unexplained(), "facts where QueryLens and PostgreSQL disagree");
        TreeSet<String> triggers = new TreeSet<>(result.server().stream().filter(f -> f.contains(" trigger ") || f.contains(" partition of ")).toList());
        // written down from the files before the run: what pg_trigger must hold (and so QueryLens, as the sets are equal)
        assertEquals(new TreeSet<>(List.of(
                "audit.log trigger log_touch2: BEFORE ROW UPDATE -> audit.touch_log, enabled",
                "public.event_log trigger events_audit: AFTER ROW INSERT -> audit.record_order, enabled",
                "public.event_log_2025 partition of public.event_log",
                "public.events_2024 partition of public.event_log",
                "public.order_lines trigger Lines Dynamic: AFTER ROW UPDATE -> audit.dynamic, enabled",
                "public.order_lines trigger lines_check: AFTER ROW INSERT OR UPDATE -> audit.record_order, disabled",
                "public.orders trigger orders_audit: AFTER ROW INSERT OR DELETE -> audit.record_order, enabled",
                "public.orders trigger orders_count: AFTER STATEMENT INSERT -> audit.count_rows, enabled, transition inserted",
                "public.orders trigger orders_set_updated_at: BEFORE ROW INSERT OR UPDATE OF status, amount -> public.touch, enabled, when",
                "public.orders trigger orders_truncate: AFTER STATEMENT TRUNCATE -> audit.count_rows, disabled")), triggers);

        List<Diagnostic> diagnostics = new ArrayList<>();
        Catalog live;
        try (UserDatabase db = UserDatabase.open(ConnectionSettings.parse(server.url("trigger_forms")), UserDatabase.Access.READ_ONLY)) {
            live = LiveCatalogReader.read(db.catalog(), diagnostics::add);
        }
        assertEquals(List.of(), diagnostics);
        try (Connection c = server.connect("trigger_forms")) {
            assertEquals(result.server(), SchemaOracle.facts(live, c), "the live catalog's facts");
        }

        // what the functions write, from the DDL's bodies and from pg_proc.prosrc alike
        SchemaReader reader = new SchemaReader();
        for (Path f : files) {
            reader.read(java.nio.file.Files.readString(f), f.toString(), d -> { });
        }
        for (Catalog catalog : List.of(reader.catalog(), live)) {
            TriggerFacts facts = catalog.triggers();
            assertEquals(List.of("audit.log"), facts.writesOf("audit.record_order").orElseThrow().tables());
            assertEquals(false, facts.writesOf("audit.record_order").orElseThrow().dynamic());
            assertEquals(List.of(), facts.writesOf("audit.count_rows").orElseThrow().tables(), "PERFORM count(*) writes nothing");
            assertTrue(facts.writesOf("audit.dynamic").orElseThrow().dynamic(), "EXECUTE format(...) is dynamic SQL");
        }
    }
}
