package dev.querylens.collect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Tells what a file holds from its first bytes, so a log named .txt or a plan named .out is still
 * read right. For stderr logs it also finds the log_line_prefix, by trying the common ones.
 */
public final class InputKind {
    /** Prefixes seen in the wild: Debian's default, PostgreSQL's default, RDS/Aurora, pgBadger's advice, Cloud SQL, Azure. */
    public static final List<String> COMMON_PREFIXES = List.of(
            LogLinePrefix.DEBIAN_DEFAULT,
            "%m [%p] ",
            "%t:%r:%u@%d:[%p]:",
            "%t [%p]: [%l-1] user=%u,db=%d,app=%a,client=%h ",
            "%m [%p]: [%l-1] db=%d,user=%u ",
            "%t-%c-");
    private static final Pattern CSV_LOG = Pattern.compile("^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d(\\.\\d+)?( [A-Za-z0-9+:-]+)?,");

    /** What a file is, and for a stderr log the prefix it was written with. */
    public record Detected(SourceKind kind, LogLinePrefix prefix, boolean json) {
    }

    private InputKind() {
    }

    public static Detected detect(String fileName, byte[] head, LogLinePrefix configured, ObjectMapper mapper) {
        if (looksBinary(head)) {
            return null;
        }
        String text = new String(head, StandardCharsets.UTF_8);
        String trimmed = text.stripLeading();
        String firstLine = trimmed.lines().findFirst().orElse("");
        if (trimmed.startsWith("[") || trimmed.startsWith("{")) {
            if (text.contains("\"Plan\"")) {
                return new Detected(SourceKind.EXPLAIN_JSON, null, true);
            }
            JsonNode first = firstObject(firstLine, mapper);
            if (first != null && first.has("error_severity")) {
                return new Detected(SourceKind.JSON_LOG, null, true);
            }
            if (first != null && first.has("sql")) {
                return new Detected(SourceKind.JDBC_TRACE, null, true);
            }
            if (text.contains("\"query\"") && text.contains("\"calls\"")) {
                return new Detected(SourceKind.PG_STAT_STATEMENTS, null, true);
            }
        }
        if (CSV_LOG.matcher(firstLine).find()) {
            return new Detected(SourceKind.CSV_LOG, null, false);
        }
        List<String> header = List.of(firstLine.toLowerCase(Locale.ROOT).split(","));
        if (header.contains("query") && header.contains("calls")) {
            return new Detected(SourceKind.PG_STAT_STATEMENTS, null, false);
        }
        LogLinePrefix prefix = probe(text, configured);
        if (prefix != null) {
            return new Detected(SourceKind.STDERR_LOG, prefix, false);
        }
        if (fileName.toLowerCase(Locale.ROOT).endsWith(".sql") || looksLikeSql(trimmed)) {
            return new Detected(SourceKind.SQL_FILE, null, false);
        }
        return null;
    }

    /** A file read as the kind the user named: only what the kind itself needs is worked out. */
    public static Detected as(SourceKind kind, byte[] head, LogLinePrefix configured) {
        if (kind == SourceKind.STDERR_LOG) {
            LogLinePrefix p = configured != null ? configured : probe(new String(head, StandardCharsets.UTF_8), null);
            return new Detected(kind, p != null ? p : LogLinePrefix.compile(LogLinePrefix.DEBIAN_DEFAULT), false);
        }
        String start = new String(head, StandardCharsets.UTF_8).stripLeading();
        return new Detected(kind, null, start.startsWith("[") || start.startsWith("{"));
    }

    /** The configured prefix if the lines match it, else the common prefix most lines match. */
    static LogLinePrefix probe(String text, LogLinePrefix configured) {
        List<String> lines = text.lines().filter(l -> !l.isBlank() && !l.startsWith("\t")).limit(20).toList();
        if (lines.isEmpty()) {
            return null;
        }
        List<LogLinePrefix> candidates = configured != null ? List.of(configured)
                : COMMON_PREFIXES.stream().map(LogLinePrefix::compile).toList();
        LogLinePrefix best = null;
        long bestCount = 0;
        for (LogLinePrefix p : candidates) {
            long count = lines.stream().filter(l -> p.match(l) != null).count();
            if (count > bestCount) {
                best = p;
                bestCount = count;
            }
        }
        return bestCount * 2 >= lines.size() ? best : null;
    }

    private static JsonNode firstObject(String line, ObjectMapper mapper) {
        try {
            JsonNode n = mapper.readTree(line.startsWith("[") ? line.substring(1) : line);
            return n != null && n.isObject() ? n : null;
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
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
        String t = text.replaceAll("(?s)^(\\s*--[^\\n]*\\n|\\s*/\\*.*?\\*/)*", "").stripLeading().toLowerCase(Locale.ROOT);
        for (String start : new String[] {"select ", "insert ", "update ", "delete ", "create ", "alter ", "with ", "begin", "set "}) {
            if (t.startsWith(start)) {
                return true;
            }
        }
        return false;
    }
}
