package dev.querylens.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.querylens.advisor.PostgresServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL decides which type changes lose values: for each change, a column of the old type holds
 * one sample value at a time (the edges: the largest integers, fractions, a float beyond 2^53,
 * trailing spaces, a long text, microseconds), ALTER COLUMN ... TYPE runs, and the value is cast back
 * to the old type. A change is lossy when some value came through changed without an error; it keeps
 * values when each one either came back as it was or made the statement fail. ColumnTypes.conversion
 * must say the same of every change here, which irreversible-step relies on (it reports only lossy ones).
 */
class ColumnConversionOnPostgresTest {
    private static PostgresServer pg;

    @BeforeAll
    static void start() throws Exception {
        pg = PostgresServer.start();
    }

    @AfterAll
    static void stop() throws Exception {
        pg.close();
    }

    /** A type change: from, to, the USING expression of the column {@code v} (or null). */
    private record Change(String from, String to, String using) {
        @Override
        public String toString() {
            return from + " -> " + to + (using == null ? "" : " USING " + using);
        }
    }

    private static final List<Change> CHANGES = List.of(
            // narrowings PostgreSQL checks: what does not fit is an error, what fits comes back as it was
            new Change("bigint", "integer", null), new Change("integer", "smallint", null), new Change("bigint", "smallint", null),
            new Change("text", "varchar(5)", null), new Change("varchar(200)", "varchar(10)", null),
            new Change("numeric(10,2)", "numeric(6,2)", null), new Change("numeric(10,2)", "numeric(12,4)", null),
            new Change("numeric(10,0)", "integer", null), new Change("char(8)", "char(3)", null),
            // widenings and changes that keep every value
            new Change("integer", "bigint", null), new Change("integer", "numeric(12,2)", null), new Change("integer", "double precision", null),
            new Change("smallint", "real", null), new Change("real", "double precision", null), new Change("numeric(6,2)", "double precision", null),
            new Change("numeric(5,2)", "real", null), new Change("timestamptz(3)", "timestamptz", null), new Change("date", "timestamp", null),
            new Change("integer", "text", null), new Change("double precision", "text", null), new Change("timestamptz", "text", null),
            new Change("numeric(10,2)", "text", null), new Change("char(5)", "varchar(10)", null), new Change("varchar(20)", "text", null),
            new Change("timestamp", "timestamptz", null), new Change("text", "varchar(5)", "v"),
            // changes that round, cut or replace values without an error
            new Change("numeric(10,2)", "numeric(10,0)", null), new Change("numeric(10,4)", "numeric(12,2)", null),
            new Change("numeric", "numeric(10,2)", null), new Change("numeric(10,2)", "integer", null), new Change("numeric", "bigint", null),
            new Change("double precision", "integer", null), new Change("real", "integer", null), new Change("double precision", "real", null),
            new Change("double precision", "numeric(12,2)", null), new Change("double precision", "numeric", null), new Change("real", "numeric", null),
            new Change("integer", "real", null), new Change("bigint", "double precision", null), new Change("bigint", "real", null),
            new Change("numeric(20,2)", "double precision", null), new Change("numeric(10,2)", "real", null),
            new Change("timestamptz", "date", null), new Change("timestamp", "date", null), new Change("timestamptz", "timestamptz(0)", null),
            new Change("timestamp", "timestamp(3)", null), new Change("timestamptz", "time", null), new Change("time", "time(0)", null),
            new Change("text", "char(10)", null), new Change("varchar(50)", "char(10)", null),
            new Change("text", "varchar(5)", "v::varchar(5)"), new Change("text", "varchar(5)", "CAST(v AS varchar(5))"),
            new Change("integer", "bigint", "NULL"), new Change("text", "text", "'n/a'"));

    /** The changes that must refuse a value rather than cut it: proof that the check, not luck of the samples, keeps them. */
    private static final List<String> REFUSING = List.of("bigint -> integer", "text -> varchar(5)", "varchar(200) -> varchar(10)",
            "numeric(10,2) -> numeric(6,2)", "numeric(10,0) -> integer");

    private static List<String> samples(String type) {
        if (type.matches("smallint|integer|bigint")) {
            return List.of("0", "7", "-5", "32767", "-32768", "2147483647", "16777217", "9007199254740993", "9223372036854775807");
        }
        if (type.startsWith("numeric")) {
            return List.of("0.05", "2.5", "-1.25", "123.456", "12345678.91", "1.2345678901234567", "0.3333333333333333333",
                    "123456789012345.67", "9999999999", "4");
        }
        if (type.equals("real") || type.equals("double precision")) {
            return List.of("0.1", "2.5", "16777217", "1.2345678901234567", "1e300", "-7", "4");
        }
        if (type.startsWith("timestamp")) {
            return List.of("'2024-05-01 12:34:56.789123+00'", "'2024-05-01 00:00:00+00'");
        }
        if (type.equals("date")) {
            return List.of("'2024-05-01'");
        }
        if (type.startsWith("time")) {
            return List.of("'12:34:56.789123'", "'00:00:00'");
        }
        return List.of("'short'", "'ab '", "'abc'", "'exactly-ten'", "repeat('x', 300)", "''");
    }

    /** What happened to one value: "refused", "kept", or "changed: a -> b"; null when the old type cannot hold it. */
    private static String convert(Connection c, Change change, String sample) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("BEGIN");
            try {
                s.execute("SET LOCAL TimeZone = 'UTC'");
                s.execute("CREATE TEMP TABLE conv (v " + change.from() + ") ON COMMIT DROP");
                s.execute("SAVEPOINT stored");
                try {
                    s.execute("INSERT INTO conv VALUES ((" + sample + ")::" + change.from() + ")");
                } catch (SQLException e) {
                    return null;
                }
                String before = one(s, "SELECT v::text FROM conv");
                try {
                    s.execute("ALTER TABLE conv ALTER COLUMN v TYPE " + change.to() + (change.using() == null ? "" : " USING " + change.using()));
                } catch (SQLException e) {
                    return "refused";
                }
                String after;
                s.execute("SAVEPOINT converted");
                try {
                    after = one(s, "SELECT v::" + change.from() + "::text FROM conv");
                } catch (SQLException e) {
                    // what it became no longer fits the old type (2147483647 as a real is 2147483648): changed
                    s.execute("ROLLBACK TO SAVEPOINT converted");
                    after = "(" + one(s, "SELECT v::text FROM conv") + ", out of the old type's range)";
                }
                return java.util.Objects.equals(before, after) ? "kept" : "changed: " + before + " -> " + after;
            } finally {
                s.execute("ROLLBACK");
            }
        }
    }

    private static String one(Statement s, String sql) throws SQLException {
        try (ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getString(1);
        }
    }

    @Test
    void theLossyChangesAreThoseWherePostgresChangesAValueWithoutAnError() throws Exception {
        List<String> disagreements = new ArrayList<>();
        int lossy = 0;
        try (Connection c = pg.connect("postgres")) {
            c.setAutoCommit(true);
            for (Change change : CHANGES) {
                List<String> outcomes = new ArrayList<>();
                for (String sample : samples(change.from())) {
                    String outcome = convert(c, change, sample);
                    if (outcome != null) {
                        outcomes.add(outcome);
                    }
                }
                assertTrue(outcomes.stream().anyMatch(o -> !o.equals("refused")), change + ": some value converts: " + outcomes);
                boolean changedSome = outcomes.stream().anyMatch(o -> o.startsWith("changed"));
                ColumnTypes.Conversion expected = changedSome ? ColumnTypes.Conversion.LOSSY : ColumnTypes.Conversion.KEEPS;
                ColumnTypes.Conversion said = ColumnTypes.conversion(ColumnTypes.normalize(change.from()), ColumnTypes.normalize(change.to()),
                        change.using(), "v");
                if (said != expected) {
                    disagreements.add(change + ": PostgreSQL " + expected + " " + outcomes + ", ColumnTypes " + said);
                }
                if (REFUSING.contains(change.toString())) {
                    assertTrue(outcomes.contains("refused"), change + " refuses a value that does not fit: " + outcomes);
                }
                lossy += changedSome ? 1 : 0;
            }
        }
        assertEquals(List.of(), disagreements);
        assertTrue(lossy >= 20, "the matrix holds lossy changes: " + lossy);
        assertNotEquals(CHANGES.size(), lossy, "and changes that keep values");
    }

    /**
     * What irreversible-step says of DROP TYPE: without CASCADE PostgreSQL refuses while a column
     * uses the type (nothing is lost), with CASCADE it drops the column and its values.
     */
    @Test
    void dropTypeRefusesWhileAColumnUsesItAndCascadeDropsThatColumn() throws Exception {
        try (Connection c = pg.connect("postgres"); Statement s = c.createStatement()) {
            s.execute("CREATE TYPE plan AS ENUM ('free', 'pro')");
            s.execute("CREATE TABLE profiles (id int PRIMARY KEY, plan plan)");
            s.execute("INSERT INTO profiles VALUES (1, 'pro')");
            SQLException refused = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class, () -> s.execute("DROP TYPE plan"));
            assertEquals("2BP01", refused.getSQLState(), "dependent objects still exist");
            assertEquals("1", one(s, "SELECT count(*) FROM information_schema.columns WHERE table_name = 'profiles' AND column_name = 'plan'"));
            for (var op : OperationParser.parse("DROP TYPE plan")) {
                assertEquals(null, op.detail(), "parsed as the drop PostgreSQL refuses");
            }
            s.execute("DROP TYPE plan CASCADE");
            assertEquals("0", one(s, "SELECT count(*) FROM information_schema.columns WHERE table_name = 'profiles' AND column_name = 'plan'"),
                    "CASCADE dropped the column with its values");
            assertEquals("cascade", OperationParser.parse("DROP TYPE plan CASCADE").get(0).detail());
        }
    }
}
