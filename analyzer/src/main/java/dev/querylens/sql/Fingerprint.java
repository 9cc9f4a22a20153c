package dev.querylens.sql;

/**
 * The identity of a statement shape: its normalized text (literals replaced by $n, IN lists of
 * constants collapsed, comments and layout dropped, keywords and unquoted names lower-cased) and a
 * 64-bit hash of that text shown as 16 hex digits.
 */
public record Fingerprint(String id, String normalizedSql) {
    public static Fingerprint of(String normalizedSql) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < normalizedSql.length(); i++) {
            h ^= normalizedSql.charAt(i);
            h *= 0x100000001b3L;
        }
        String hex = Long.toHexString(h);
        return new Fingerprint(hex.length() == 16 ? hex : "0".repeat(16 - hex.length()) + hex, normalizedSql);
    }
}
