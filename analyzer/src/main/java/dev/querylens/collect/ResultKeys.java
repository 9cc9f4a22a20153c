package dev.querylens.collect;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * A masked sample of the keys a query returned: the first column of its first rows, each value
 * hashed, so a trace can say "the next statement's $1 values are these rows' ids" without holding
 * the values. Compare a bound value with {@link #contains}, which hashes it the same way.
 *
 * <p>The hash is SHA-256 of the value's text, cut to 12 hex digits (48 bits): enough to tell ten
 * values apart, and it keeps the values out of the file. It is not encryption: a guessable value
 * (a small integer id) can be found again by hashing candidates.
 *
 * @param column the result's first column label, or null when no sample was taken
 * @param hashes the hashed values in row order, null values as null
 */
public record ResultKeys(String column, List<String> hashes) {
    public static final ResultKeys NONE = new ResultKeys(null, List.of());

    public ResultKeys {
        hashes = hashes == null ? List.of() : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(hashes));
    }

    public boolean isEmpty() {
        return hashes.isEmpty();
    }

    /** Whether the sample holds this value (as text, the way a trace records bound values). */
    public boolean contains(String value) {
        return value != null && hashes.contains(hash(value));
    }

    public static String hash(String value) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
