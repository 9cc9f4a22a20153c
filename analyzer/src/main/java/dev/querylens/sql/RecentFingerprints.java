package dev.querylens.sql;

import java.util.HashMap;
import java.util.Map;

/**
 * The fingerprints of statement texts seen lately. Applications send the same text again and
 * again (a prepared statement's text with its $n, an ORM's query), and a fingerprint depends on
 * the text alone, so a text seen before costs a hash and a comparison instead of the lexer pass:
 * on the sample log that pass was almost half of the per-execution work.
 *
 * <p>Memory stays flat whatever the input: at most {@link #MAX_ENTRIES} texts of at most
 * {@link #MAX_TEXT_CHARS} characters each and {@link #MAX_CHARS} in all are remembered, then the
 * table starts afresh. Where texts rarely repeat (values written inline, as psql sends them), a
 * remembered text is almost never asked for again, so after a window with few hits it stops
 * remembering for a while: there, the cost over plain fingerprinting is one lookup per window.
 */
public final class RecentFingerprints {
    static final int MAX_ENTRIES = 4096;
    static final int MAX_TEXT_CHARS = 16_384;
    static final long MAX_CHARS = 1 << 20;
    /** Lookups per window, the hits below which a window counts as not worth remembering, and the pause after one. */
    static final int WINDOW = 4096;
    static final int MIN_HITS = WINDOW / 16;
    static final int PAUSE = 16 * WINDOW;

    private final Fingerprinter fingerprinter = new Fingerprinter();
    private final Map<String, Fingerprint> seen = new HashMap<>();
    private long chars;
    private int lookups;
    private int hits;
    private int paused;

    public Fingerprint of(String sql) {
        if (sql.length() > MAX_TEXT_CHARS) {
            return fingerprinter.fingerprint(sql);
        }
        if (paused > 0) {
            paused--;
            return fingerprinter.fingerprint(sql);
        }
        Fingerprint fp = seen.get(sql);
        if (fp != null) {
            hits++;
        } else {
            fp = fingerprinter.fingerprint(sql);
            if (seen.size() >= MAX_ENTRIES || chars + sql.length() > MAX_CHARS) {
                forget();
            }
            seen.put(sql, fp);
            chars += sql.length();
        }
        if (++lookups == WINDOW) {
            if (hits < MIN_HITS) {
                forget();
                paused = PAUSE;
            }
            lookups = 0;
            hits = 0;
        }
        return fp;
    }

    /** How many texts are remembered now (for tests of the bounds). */
    int remembered() {
        return seen.size();
    }

    private void forget() {
        seen.clear();
        chars = 0;
    }
}
