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
        assertEquals(List.of(), OperationParser.parse("INSERT INTO t (x) VALUES (1)"), "adds rows, changes no shape: nothing for the migration rules");
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

    @Test
    void dataChangesAreReadWithTheirConditionAndTheColumnsTheyAssign() {
        Operation delete = OperationParser.parse("DELETE FROM ONLY \"report\" r USING users u WHERE r.user_id = u.id AND u.deleted;").get(0);
        assertEquals(Kind.DELETE_ROWS, delete.kind());
        assertEquals("report", delete.table());
        assertEquals("r.user_id = u.id and u.deleted", delete.detail());
        assertNull(OperationParser.parse("delete from sessions").get(0).detail(), "no WHERE: every row");

        Operation update = OperationParser.parse("UPDATE \"website_event\" we SET visit_id = a.uuid, (x, y) = (1, 2), tags[1] = 'a',"
                + " payload = payload || '{}' FROM (SELECT 1) a WHERE we.session_id = a.session_id;").get(0);
        assertEquals(Kind.UPDATE_ROWS, update.kind());
        assertEquals("website_event", update.table());
        assertEquals(List.of("visit_id", "x", "y", "tags", "payload"), update.columns().stream().map(Operation.ColumnDef::name).toList());
        assertEquals("we.session_id = a.session_id", update.detail());
        assertEquals(List.of(), OperationParser.parse("UPDATE \"UserRequest\" SET request = request WHERE request IS NOT NULL;").get(0).columns(),
                "an assignment of the column to itself changes no value (hoppscotch fires a trigger with it)");

        Operation cte = OperationParser.parse("WITH ordered AS (SELECT id, ROW_NUMBER() OVER (PARTITION BY \"parentID\") AS n FROM \"UserCollection\"),"
                + " other (a) AS MATERIALIZED (SELECT 1)\nUPDATE \"UserCollection\" uc SET \"orderIndex\" = o.n FROM ordered o WHERE uc.id = o.id;").get(0);
        assertEquals(Kind.UPDATE_ROWS, cte.kind());
        assertEquals("UserCollection", cte.table());
        assertEquals(List.of("orderIndex"), cte.columns().stream().map(Operation.ColumnDef::name).toList());
        Operation cteDelete = OperationParser.parse("WITH ranked AS (SELECT id FROM docs) DELETE FROM \"PublishedDocs\" WHERE id IN"
                + " (SELECT id FROM ranked WHERE rn > 1)").get(0);
        assertEquals(Kind.DELETE_ROWS, cteDelete.kind());
        assertEquals("PublishedDocs", cteDelete.table());
        assertTrue(OperationParser.parse("WITH x AS (SELECT 1) SELECT * FROM x").isEmpty(), "a query writes nothing");

        List<Operation> truncate = OperationParser.parse("TRUNCATE TABLE ONLY a, public.b * RESTART IDENTITY CASCADE;");
        assertEquals(List.of("a", "public.b"), truncate.stream().map(Operation::table).toList());
        assertTrue(truncate.stream().allMatch(o -> o.kind() == Kind.TRUNCATE));

        List<Operation> types = OperationParser.parse("DROP TYPE IF EXISTS public.plan, \"Mood\" CASCADE;");
        assertEquals(List.of("public.plan", "Mood"), types.stream().map(Operation::column).toList());
        assertTrue(types.stream().allMatch(o -> o.kind() == Kind.DROP_TYPE && "cascade".equals(o.detail())));
        assertNull(OperationParser.parse("DROP TYPE \"Role_old\";").get(0).detail());
    }

    @Test
    void typeChangesThatRoundOrCutValuesAreToldFromThoseThatRefuseWhatDoesNotFit() {
        assertEquals(ColumnTypes.Conversion.KEEPS, ColumnTypes.conversion("bigint", "integer", null, "n"), "out of range is an error");
        assertEquals(ColumnTypes.Conversion.KEEPS, ColumnTypes.conversion("text", "varchar(20)", null, "n"), "too long is an error");
        assertEquals(ColumnTypes.Conversion.LOSSY, ColumnTypes.conversion("text", "varchar(20)", "n::varchar(20)", "n"), "an explicit cast cuts");
        assertEquals(ColumnTypes.Conversion.LOSSY, ColumnTypes.conversion("numeric(10,2)", "numeric(10,0)", null, "n"));
        assertEquals(ColumnTypes.Conversion.KEEPS, ColumnTypes.conversion("numeric(10,2)", "numeric(8,2)", null, "n"));
        assertEquals(ColumnTypes.Conversion.LOSSY, ColumnTypes.conversion("timestamptz", "date", null, "n"));
        assertEquals(ColumnTypes.Conversion.LOSSY, ColumnTypes.conversion("integer", "boolean", "NULL", "n"), "USING that never reads the column");
        assertEquals(ColumnTypes.Conversion.UNKNOWN, ColumnTypes.conversion("timestamp(3)", "timestamptz(3)",
                "\"loggedIn\" at time zone 'UTC'", "loggedIn"), "an expression of the column: not judged");
        assertEquals(ColumnTypes.Conversion.UNKNOWN, ColumnTypes.conversion(null, "integer", null, "n"), "previous type unknown");
    }

    @Test
    void aUniqueOrPrimaryKeyConstraintKeepsEveryColumnOfItsKey() {
        // Hasura's console writes this; the fix builds the index from these columns, so one missing is a wrong index
        Operation unique = OperationParser.parse("alter table \"public\".\"likes\" add constraint \"likes_user_id_article_id_key\""
                + " unique (\"user_id\", \"article_id\");").get(0);
        assertEquals("UNIQUE", unique.constraint());
        assertEquals("\"user_id\", \"article_id\"", unique.detail());
        Operation pk = OperationParser.parse("ALTER TABLE t ADD PRIMARY KEY (org_id, \"User Id\", c) INCLUDE (d)").get(0);
        assertEquals("PRIMARY KEY", pk.constraint());
        assertEquals("org_id, \"User Id\", c", pk.detail());
    }
}
