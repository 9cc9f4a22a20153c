package dev.querylens.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.querylens.sql.Fingerprinter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** psycopg2 binds on the client: an ORM log's statement is rebuilt as the text the server received. */
class PyFormatSqlTest {
    private final Fingerprinter fingerprinter = new Fingerprinter();

    @Test
    void aConstantBeforeAPlaceholderIsNumberedWhereTheServerNumbersIt() {
        // SQLAlchemy 1.4's foreign-key reflection, as its echo log prints it, and as the server logged the same statement
        String logged = "SELECT r.conname, pg_catalog.pg_get_constraintdef(r.oid, true) as condef FROM pg_catalog.pg_constraint r"
                + " WHERE r.conrelid = %(table)s AND r.contype = 'f' ORDER BY 1";
        String server = "SELECT r.conname, pg_catalog.pg_get_constraintdef(r.oid, true) as condef FROM pg_catalog.pg_constraint r"
                + " WHERE r.conrelid = 16418 AND r.contype = 'f' ORDER BY 1";
        PyFormatSql bound = PyFormatSql.of(logged, LoggedValues.parse("{'table': 16418}"));
        assertEquals(server, bound.sql());
        assertEquals(List.of(), bound.params());
        assertEquals(fingerprinter.fingerprint(server).id(), fingerprinter.fingerprint(bound.sql()).id());
        // the $n form numbers the placeholder before the constant: the mismatch this replaces
        String numbered = PyFormatSql.numbered(logged, LoggedValues.parse("{'table': 16418}")).sql();
        assertEquals(false, fingerprinter.normalize(numbered).equals(fingerprinter.normalize(server)), fingerprinter.normalize(numbered));
    }

    @Test
    void valuesAreWrittenAsPsycopg2WritesThem() {
        // each expected text is what psycopg2 2.9.5 (Debian 12) gave for adapt(value).getquoted() on the value the repr prints
        String[][] cases = {
                {"None", "NULL"}, {"True", "true"}, {"42", "42"}, {"-5", " -5"}, {"1.5", "1.5"},
                {"inf", "'Infinity'::float"}, {"Decimal('1.50')", "1.50"}, {"Decimal('NaN')", "'NaN'::numeric"},
                {"\"it's\"", "'it''s'"},
                {"datetime.datetime(2024, 1, 2, 3, 4, 5, 678)", "'2024-01-02T03:04:05.000678'::timestamp"},
                {"datetime.datetime(2024, 1, 2, 3, 4)", "'2024-01-02T03:04:00'::timestamp"},
                {"datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc)", "'2024-01-02T03:04:05+00:00'::timestamptz"},
                {"datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=datetime.timezone(datetime.timedelta(days=-1, seconds=68400)))",
                        "'2024-01-02T03:04:05-05:00'::timestamptz"},
                {"datetime.date(2024, 1, 2)", "'2024-01-02'::date"}, {"datetime.time(3, 4, 5)", "'03:04:05'::time"},
                {"datetime.timedelta(days=1, seconds=5, microseconds=3)", "'1 days 5.000003 seconds'::interval"},
                {"UUID('12345678-1234-5678-1234-567812345678')", "'12345678-1234-5678-1234-567812345678'::uuid"},
                {"(1, 2, 'a')", "(1, 2, 'a')"}, {"[1, 2]", "ARRAY[1,2]"}, {"[]", "'{}'"}};
        for (String[] c : cases) {
            assertEquals(c[1], PythonValueSql.of(LoggedValues.parse(c[0])), c[0]);
        }
        // not certain from the repr: no text, so the statement keeps $n with its values as parameters
        assertNull(PythonValueSql.of(LoggedValues.parse("datetime.datetime(2024, 1, 2, tzinfo=zoneinfo.ZoneInfo(key='Europe/Paris'))")));
        assertNull(PythonValueSql.of(LoggedValues.parse("{'a': 1}")));
        PyFormatSql kept = PyFormatSql.of("SELECT * FROM t WHERE doc = %s AND id = %s", LoggedValues.parse("({'a': 1}, 7)"));
        assertEquals("SELECT * FROM t WHERE doc = $1 AND id = $2", kept.sql());
        assertEquals(List.of("{'a': 1}", "7"), kept.params());
    }

    @Test
    void aDatetimeAfterAConstantGroupsWithTheServersText() {
        // a second shape: a constant before a placeholder of a type psycopg2 casts
        String logged = "SELECT id FROM orders WHERE status = 'open' AND created_at > %s LIMIT 10";
        PyFormatSql bound = PyFormatSql.of(logged, LoggedValues.parse("(datetime.datetime(2024, 5, 1, 0, 0),)"));
        assertEquals("select id from orders where status = $1 and created_at > $2::timestamp limit $3",
                fingerprinter.normalize(bound.sql()));
    }
}
