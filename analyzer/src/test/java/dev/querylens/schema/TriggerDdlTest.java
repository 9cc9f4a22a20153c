package dev.querylens.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.querylens.collect.Diagnostic;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the trigger reader cannot follow is a diagnostic, and what a function body writes is read without guessing. */
class TriggerDdlTest {
    @Test
    void aTriggerOnATableNoStatementCreatedIsADiagnosticNamingIt() {
        SchemaReader reader = new SchemaReader();
        List<Diagnostic> diagnostics = new ArrayList<>();
        reader.read("CREATE TABLE t (id int);\n"
                + "CREATE TRIGGER a AFTER INSERT ON missing FOR EACH ROW EXECUTE FUNCTION f();\n"
                + "DROP TRIGGER nope ON t;\n"
                + "ALTER TABLE t DISABLE TRIGGER nope;\n"
                + "CREATE TRIGGER b AFTER INSERT ON t FOR EACH ROW EXECUTE FUNCTION f();\n"
                + "CREATE TRIGGER b AFTER UPDATE ON t FOR EACH ROW EXECUTE FUNCTION f();\n", "m.sql", diagnostics::add);
        assertEquals(List.of(2L, 3L, 4L, 6L), diagnostics.stream().map(Diagnostic::line).toList(), diagnostics.toString());
        assertTrue(diagnostics.get(0).message().contains("missing"), diagnostics.get(0).message());
        // the second CREATE without OR REPLACE fails on the server: the first stays
        assertEquals(List.of("INSERT"), reader.catalog().triggers().on("public.t").stream().map(Trigger::eventsText).toList());
    }

    @Test
    void functionWritesAreThePlainWriteStatementsOfTheBody() {
        FunctionWrites w = FunctionWrites.scan("public.f", """
                CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$
                DECLARE r record;
                BEGIN
                  -- INSERT INTO commented_out VALUES (1);
                  SELECT * INTO r FROM locks WHERE id = NEW.id FOR UPDATE SKIP LOCKED;
                  IF TG_OP = 'UPDATE' THEN
                    UPDATE ONLY "Counters" SET n = n + 1;
                  END IF;
                  INSERT INTO audit.log (id) VALUES (NEW.id) ON CONFLICT (id) DO UPDATE SET id = excluded.id;
                  DELETE FROM public.queue WHERE id = OLD.id;
                  RETURN NEW;
                END $$""");
        assertEquals(List.of("Counters", "audit.log", "public.queue"), w.tables());
        assertEquals(List.of(Trigger.Event.UPDATE, Trigger.Event.INSERT, Trigger.Event.DELETE),
                w.writes().stream().map(FunctionWrites.Write::kind).toList());
        assertFalse(w.dynamic());
        assertTrue(FunctionWrites.scan("public.g", "BEGIN EXECUTE 'DELETE FROM ' || quote_ident(TG_ARGV[0]); RETURN NULL; END").dynamic());
    }
}
