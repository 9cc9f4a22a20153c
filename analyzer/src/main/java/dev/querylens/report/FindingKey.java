package dev.querylens.report;

import dev.querylens.engine.Finding;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A finding's identity across runs: the rule plus what it is about (the normalized statement, or
 * the table and columns), never where it was seen, so moving code or a new log does not change it.
 * Used by baselines and as SARIF's partial fingerprint.
 */
public final class FindingKey {
    private FindingKey() {
    }

    /** What the finding is about, readable: the normalized SQL, or table(columns). */
    public static String subject(Finding f) {
        if (f.sql() != null && !f.rule().startsWith("plan-")) {
            return f.sql();
        }
        String table = f.table() == null ? "" : f.table();
        return table + "(" + String.join(", ", f.columns()) + ")" + (f.sql() != null ? " " + f.sql() : "");
    }

    public static String of(Finding f) {
        return hash(f.rule() + "\n" + subject(f));
    }

    /** The first 128 bits of the text's SHA-256, in hex. */
    static String hash(String text) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] digest = sha.digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
