package dev.querylens.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.querylens.Samples;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Remembering fingerprints changes no fingerprint, and memory stays bounded on any stream of texts. */
class RecentFingerprintsTest {
    private final Fingerprinter fingerprinter = new Fingerprinter();

    /** The statement texts of the sample stderr log, as the server logged them (extended protocol: they repeat). */
    private static List<String> sampleLogStatements() {
        Matcher m = Pattern.compile("(?m)(?:execute|statement)[^:\\n]*: (.*)$").matcher(Samples.read(Samples.STDERR_LOG));
        List<String> out = new java.util.ArrayList<>();
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    @Test
    void repeatedTextsGetTheFingerprintTheLexerGives() {
        List<String> statements = sampleLogStatements();
        assertTrue(statements.size() > 300, "the sample log's statements: " + statements.size());
        RecentFingerprints recent = new RecentFingerprints();
        for (int round = 0; round < 3; round++) {
            for (String sql : statements) {
                // a new String each time, as each log line is: a hit must compare text, not identity
                assertEquals(fingerprinter.fingerprint(sql), recent.of(new String(sql.toCharArray())), sql);
            }
        }
        assertEquals(statements.stream().distinct().count(), recent.remembered());
    }

    @Test
    void textsThatNeverRepeatStayBoundedAndStopBeingRemembered() {
        RecentFingerprints recent = new RecentFingerprints();
        int max = 0;
        for (int i = 0; i < 3 * RecentFingerprints.WINDOW; i++) {
            String sql = "select * from tasks where id = " + i + " and title = 'task " + i + "'";
            assertEquals(fingerprinter.fingerprint(sql), recent.of(sql));
            max = Math.max(max, recent.remembered());
        }
        assertTrue(max <= RecentFingerprints.MAX_ENTRIES, "remembered at most " + max);
        // the first window had no hits: nothing is kept while paused
        assertEquals(0, recent.remembered());
        // the pause began after the first window; two more windows of it have passed
        for (int i = 0; i < RecentFingerprints.PAUSE - 2 * RecentFingerprints.WINDOW; i++) {
            recent.of("select " + i);
        }
        // the pause is over: a repeating text is remembered again
        recent.of("select 1 from tasks");
        assertEquals(fingerprinter.fingerprint("select 1 from tasks"), recent.of("select 1 from tasks"));
        assertTrue(recent.remembered() >= 1);
    }

    @Test
    void memoryIsBoundedInCharactersAndLongTextsAreNotKept() {
        RecentFingerprints recent = new RecentFingerprints();
        String padding = "x".repeat(RecentFingerprints.MAX_TEXT_CHARS - 100);
        for (int i = 0; i < 200; i++) {
            String sql = "select '" + padding + "' from t" + (i % 100);
            assertEquals(fingerprinter.fingerprint(sql), recent.of(sql));
            assertTrue(recent.remembered() * (long) sql.length() <= RecentFingerprints.MAX_CHARS + sql.length());
        }
        String huge = "select '" + "y".repeat(RecentFingerprints.MAX_TEXT_CHARS) + "'";
        RecentFingerprints fresh = new RecentFingerprints();
        assertEquals(fingerprinter.fingerprint(huge), fresh.of(huge));
        assertEquals(0, fresh.remembered());
    }

    /**
     * The values a caller asks for with the fingerprint are those the lexer gives, whether the text
     * is new, remembered with its values, remembered without them (first asked for by a caller that
     * did not want them), or seen while remembering is paused; a NULL literal's value is null.
     */
    @Test
    void constantsAreTheLexersOnMissesHitsAndPauses() {
        List<String> texts = List.of("select * from tasks where id = 42 and title = 'it''s' and done = null",
                "update tasks set status = 'done' where id in (1, 2, 3) and project_id = $1",
                "begin", "select 1");
        RecentFingerprints recent = new RecentFingerprints();
        for (String sql : texts) {
            recent.of(sql); // remembered without its values
        }
        for (int round = 0; round < 3; round++) {
            for (String sql : texts) {
                List<String> expected = new java.util.ArrayList<>();
                Fingerprint fp = Fingerprint.of(fingerprinter.normalize(sql, expected));
                List<String> got = new java.util.ArrayList<>(List.of("already there"));
                assertEquals(fp, recent.of(new String(sql.toCharArray()), got), sql);
                assertEquals("already there", got.get(0));
                assertEquals(expected, got.subList(1, got.size()), sql);
            }
        }
        List<String> values = new java.util.ArrayList<>();
        recent.of(texts.get(0), values);
        assertEquals(java.util.Arrays.asList("42", "it's", null), values);
        // while paused (a window of texts that never repeat), values still come from the lexer
        RecentFingerprints paused = new RecentFingerprints();
        for (int i = 0; i < RecentFingerprints.WINDOW; i++) {
            paused.of("select " + i + " from t where a = 'v" + i + "'", new java.util.ArrayList<>());
        }
        assertEquals(0, paused.remembered());
        List<String> during = new java.util.ArrayList<>();
        paused.of("select * from t where a = 'x' and b = 7", during);
        assertEquals(List.of("x", "7"), during);
    }
}
