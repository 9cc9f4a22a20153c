package dev.querylens.sql;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
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
 *
 * <p>A caller that also needs the values of a text's inline constants (a simple-protocol
 * statement's values, for the sequence rules) gets them from the same lexer pass that
 * fingerprints it, and a remembered text remembers them: on logs of short statements with values
 * inline, a second pass for the values was as costly as the fingerprint itself.
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
    private final Map<String, Remembered> seen = new HashMap<>();
    private long chars;
    private int lookups;
    private int hits;
    private int paused;

    /** A text's fingerprint and, once a caller asked for them, the values of its inline constants (null until then). */
    private record Remembered(Fingerprint fingerprint, List<String> constants) {
    }

    public Fingerprint of(String sql) {
        return of(sql, null);
    }

    /**
     * The text's fingerprint; when {@code constants} is not null, also appends the value of each
     * constant normalization replaced, in parameter order, as {@link Fingerprinter#normalize(String, List)} does.
     */
    public Fingerprint of(String sql, List<String> constants) {
        if (sql.length() > MAX_TEXT_CHARS) {
            return fingerprint(sql, constants);
        }
        if (paused > 0) {
            paused--;
            return fingerprint(sql, constants);
        }
        Remembered r = seen.get(sql);
        int from = constants == null ? 0 : constants.size();
        Fingerprint fp;
        if (r != null) {
            hits++;
            fp = r.fingerprint();
            if (constants != null) {
                if (r.constants() != null) {
                    constants.addAll(r.constants());
                } else {
                    fingerprinter.normalize(sql, constants);
                    remember(sql, new Remembered(fp, copy(constants.subList(from, constants.size()))), 0);
                }
            }
        } else {
            fp = fingerprint(sql, constants);
            remember(sql, new Remembered(fp, constants == null ? null : copy(constants.subList(from, constants.size()))), sql.length());
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

    private Fingerprint fingerprint(String sql, List<String> constants) {
        return constants == null ? fingerprinter.fingerprint(sql) : Fingerprint.of(fingerprinter.normalize(sql, constants));
    }

    /** Remembers an entry; the constants' characters count against the bound as the text's do. */
    private void remember(String sql, Remembered r, int textChars) {
        long size = textChars + (r.constants() == null ? 0 : charsOf(r.constants()));
        if (textChars > 0 && (seen.size() >= MAX_ENTRIES || chars + size > MAX_CHARS)) {
            forget();
        } else if (textChars == 0 && chars + size > MAX_CHARS) {
            return; // keep the entry as it was: the values are worked out again next time
        }
        seen.put(sql, r);
        chars += size;
    }

    /** The constants as an unmodifiable copy (a value may be null: SQL NULL). */
    private static List<String> copy(List<String> constants) {
        return constants.isEmpty() ? List.of() : Collections.unmodifiableList(new ArrayList<>(constants));
    }

    private static long charsOf(List<String> values) {
        long n = 0;
        for (String v : values) {
            n += v == null ? 0 : v.length();
        }
        return n;
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
