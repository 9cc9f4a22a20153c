package dev.querylens.collect;

import java.nio.charset.StandardCharsets;

/**
 * Tells what a file holds from its first bytes, so a log named .txt or a plan named .out is still
 * read right. Returns null when the content is binary or fits no known kind.
 */
public final class InputKind {
    private InputKind() {
    }

    public static SourceKind detect(String fileName, byte[] head, LogLinePrefix prefix) {
        if (looksBinary(head)) {
            return null;
        }
        String text = new String(head, StandardCharsets.UTF_8);
        String trimmed = text.stripLeading();
        if ((trimmed.startsWith("[") || trimmed.startsWith("{")) && text.contains("\"Plan\"")) {
            return SourceKind.EXPLAIN_JSON;
        }
        int checked = 0;
        int matched = 0;
        for (String line : text.lines().limit(200).toList()) {
            if (line.isBlank() || line.startsWith("\t")) {
                continue;
            }
            checked++;
            if (prefix.match(line) != null) {
                matched++;
            }
            if (checked >= 20) {
                break;
            }
        }
        if (matched > 0 && matched * 2 >= checked) {
            return SourceKind.STDERR_LOG;
        }
        if (fileName.toLowerCase(java.util.Locale.ROOT).endsWith(".sql") || looksLikeSql(trimmed)) {
            return SourceKind.SQL_FILE;
        }
        return null;
    }

    static boolean looksBinary(byte[] head) {
        int control = 0;
        for (byte b : head) {
            if (b == 0) {
                return true;
            }
            if (b > 0 && b < 32 && b != '\n' && b != '\r' && b != '\t' && b != '\f') {
                control++;
            }
        }
        return head.length > 0 && control * 20 > head.length;
    }

    private static boolean looksLikeSql(String text) {
        String t = text.replaceAll("(?s)^(\\s*--[^\\n]*\\n|\\s*/\\*.*?\\*/)*", "").stripLeading().toLowerCase(java.util.Locale.ROOT);
        for (String start : new String[] {"select ", "insert ", "update ", "delete ", "create ", "alter ", "with ", "begin", "set "}) {
            if (t.startsWith(start)) {
                return true;
            }
        }
        return false;
    }
}
