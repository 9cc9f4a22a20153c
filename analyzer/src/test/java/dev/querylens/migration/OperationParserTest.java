package dev.querylens.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.querylens.migration.Operation.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The statement forms migration tools write, read the way PostgreSQL reads them. */
class OperationParserTest {
    @Test
    void severalActionsOfOneAlterTableAreSeveralOperations() {
        List<Operation> ops = OperationParser.parse("ALTER TABLE ONLY \"public\".\"Tasks\" ADD COLUMN \"Due\" timestamp(3) without time zone,"
                + " ALTER COLUMN title TYPE character varying(200) USING title::varchar, DROP COLUMN IF EXISTS legacy,"
                + " ADD CONSTRAINT tasks_fk FOREIGN KEY (project_id) REFERENCES projects(id) NOT VALID;");
        assertEquals(List.of(Kind.ADD_COLUMN, Kind.ALTER_TYPE, Kind.DROP_COLUMN, Kind.ADD_CONSTRAINT), ops.stream().map(Operation::kind).toList());
        assertEquals("public.Tasks", ops.get(0).table(), "quoted names keep their case");
        assertEquals("Due", ops.get(0).column());
        assertEquals("timestamp(3)", ops.get(0).type());
        assertEquals("varchar(200)", ops.get(1).type());
        assertEquals("legacy", ops.get(2).column());
        assertTrue(ops.get(3).notValid());
        assertEquals("projects", ops.get(3).referenced());
    }

    @Test
    void drizzleKitsDoBlockIsReadThrough() {
        List<Operation> ops = OperationParser.parse("DO $$ BEGIN\n ALTER TABLE \"tasks\" ADD CONSTRAINT \"tasks_p_fk\" FOREIGN KEY (\"project_id\")"
                + " REFERENCES \"public\".\"projects\"(\"id\") ON DELETE cascade;\nEXCEPTION\n WHEN duplicate_object THEN null;\nEND $$;");
        assertEquals(1, ops.size(), ops.toString());
        assertEquals("FOREIGN KEY", ops.get(0).constraint());
        assertEquals("public.projects", ops.get(0).referenced());
        assertFalse(ops.get(0).notValid());
    }

    @Test
    void createTableColumnsTypesAndKeys() {
        Operation t = OperationParser.parse("CREATE TABLE IF NOT EXISTS members (org_id int4 NOT NULL, user_id uuid DEFAULT gen_random_uuid(),"
                + " note varchar(20) CHECK (note <> ''), CONSTRAINT members_pk PRIMARY KEY (org_id), UNIQUE (user_id))").get(0);
        assertEquals(Kind.CREATE_TABLE, t.kind());
        assertEquals(3, t.columns().size(), t.columns().toString());
        assertEquals(new Operation.ColumnDef("org_id", "integer", true), t.columns().get(0));
        assertEquals(new Operation.ColumnDef("note", "varchar(20)", false), t.columns().get(2));
    }

    @Test
    void defaultsNotNullAndGeneratedColumns() {
        Operation a = OperationParser.parse("alter table t add column c uuid default gen_random_uuid() not null").get(0);
        assertEquals("gen_random_uuid()", a.defaultExpr());
        assertTrue(a.notNull());
        Operation g = OperationParser.parse("ALTER TABLE t ADD COLUMN total numeric GENERATED ALWAYS AS (qty * price) STORED").get(0);
        assertEquals("stored", g.detail());
        assertNull(g.defaultExpr());
    }

    @Test
    void indexesTransactionsAndSettings() {
        Operation i = OperationParser.parse("CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS \"a_idx\" ON ONLY a USING btree (x)").get(0);
        assertTrue(i.concurrently());
        assertEquals("a", i.table());
        assertEquals("a_idx", i.column());
        assertEquals(Kind.BEGIN, OperationParser.parse("BEGIN").get(0).kind());
        assertEquals(Kind.COMMIT, OperationParser.parse("commit;").get(0).kind());
        Operation set = OperationParser.parse("SET LOCAL lock_timeout TO '2s'").get(0);
        assertEquals("2s", set.detail());
        assertEquals(List.of(), OperationParser.parse("UPDATE t SET x = 1"), "not DDL: nothing for the migration rules");
    }

    @Test
    void binaryCompatibleTypeChanges() {
        assertTrue(ColumnTypes.binaryCompatible("varchar(10)", "varchar(20)"));
        assertTrue(ColumnTypes.binaryCompatible("varchar(10)", "text"));
        assertTrue(ColumnTypes.binaryCompatible("numeric(10,2)", "numeric(12,2)"));
        assertFalse(ColumnTypes.binaryCompatible("varchar(20)", "varchar(10)"));
        assertFalse(ColumnTypes.binaryCompatible("numeric(10,2)", "numeric(12,3)"));
        assertFalse(ColumnTypes.binaryCompatible("integer", "bigint"));
        assertFalse(ColumnTypes.binaryCompatible("text", "varchar(10)"));
        assertFalse(ColumnTypes.binaryCompatible(null, "text"), "unknown previous type: not proven");
        assertEquals("timestamptz(3)", ColumnTypes.normalize("timestamp(3) with time zone"));
    }
}
