package dev.querylens.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * log_line_prefix worked out from one line. The pgBadger prefixes are what the reader was built
 * with; the others (the PostgreSQL wiki's [%p-%l], RDS's %r, epoch %n, %c, %v, %Q) are prefix kinds
 * it was not developed with, their expected settings written here before the first run.
 */
class PrefixInferenceTest {
    private static final String TAIL = "LOG:  statement: select 1";

    @Test
    void prefixesAreWorkedOutByShapeAndMatchTheLineTheyCameFrom() {
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("2024-03-01 10:00:00 UTC [4242]: user=app,db=shop,app=psql,client=10.0.0.5 ",
                "%t [%p]: %quser=%u,db=%d,app=%a,client=%h ");
        expected.put("2024-03-01 10:00:00 CET [4242]: [12-1] user=app,db=shop ", "%t [%p]: %q[%l-1] user=%u,db=%d ");
        expected.put("2024-03-01 10:00:00 CET [4242]: [12-1] [0] usr=app,db=shop,appli=PostgreSQL JDBC Driver ",
                "%t [%p]: %q[%l-1] [%x] usr=%u,db=%d,appli=%a ");
        expected.put("2024-03-01 10:00:00.123 UTC [4242] app@shop ", "%m [%p] %q%u@%d ");
        expected.put("1709287200.123 [4242] ", "%n [%p] ");
        expected.put("2024-03-01 10:00:00 UTC [4242-1] db=shop,user=app ", "%t [%p-%l] %qdb=%d,user=%u ");
        expected.put("2024-03-01 10:00:00 UTC:10.1.2.3(51234):app@shop:[4242]:", "%t:%r:%u@%d:[%p]:");
        expected.put("2024-03-01 10:00:00.123 CET [4242] [queryid=-8112313845396740087] app@shop ", "%m [%p] %q[queryid=%Q] %u@%d ");
        expected.put("2024-03-01 10:00:00 UTC 65e1a2b3.10ba [4242] ", "%t %c [%p] ");
        expected.put("2024-03-01 10:00:00 UTC [4242] 3/17 ", "%t [%p] %q%v ");
        expected.put("2024-03-01 10:00:00.123 +05 [4242] client=[local] ", "%m [%p] %qclient=%h ");
        Map<String, String> got = new LinkedHashMap<>();
        for (String prefix : expected.keySet()) {
            LogLinePrefix p = PrefixInference.of(prefix + TAIL);
            got.put(prefix, p == null ? null : p.setting());
            if (p != null) {
                LogLinePrefix.LogLine line = p.match(prefix + TAIL);
                assertNotNull(line, prefix);
                assertEquals("4242", line.pid(), prefix);
                assertEquals("statement: select 1", line.message(), prefix);
                assertEquals(prefix.contains("app") && !prefix.contains("appli=PostgreSQL") ? "app" : line.user(), line.user(), prefix);
            }
        }
        assertEquals(expected, got);
    }

    @Test
    void aLineWithoutATimeOrAProcessIdGivesNoPrefix() {
        assertNull(PrefixInference.of("2024-03-01 10:00:00 UTC LOG:  statement: select 1"), "no process id");
        assertNull(PrefixInference.of("[4242] LOG:  statement: select 1"), "no time");
        assertNull(PrefixInference.of("select 1 from t where note = 'LOG:  x'"), "not a log line");
        assertNull(PrefixInference.of("2024-03-01 10:00:00 [4242] nothing that looks like a level"), "no level");
    }

    @Test
    void processesWithoutASessionStillMatchThePrefixOfSessionLines() {
        // a checkpointer writes no user or database: after %q the rest of the prefix may be absent
        LogLinePrefix p = PrefixInference.of("2024-03-01 10:00:00.123 UTC [4242] app@shop " + TAIL);
        assertNotNull(p.match("2024-03-01 10:00:01.000 UTC [17] LOG:  checkpoint starting: time"));
        // pgBadger-style prefixes write the keys with empty values instead
        LogLinePrefix q = PrefixInference.of("2024-03-01 10:00:00 CET [4242]: [12-1] user=app,db=shop " + TAIL);
        assertEquals("17", q.match("2024-03-01 10:00:01 CET [17]: [1-1] user=,db= LOG:  checkpoint starting: time").pid());
    }
}
