package dev.querylens.collect;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
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
            "%t-%c-",
            // more of pgBadger's documented and tested prefixes
            "%t [%p]: db=%d,user=%u,app=%a,client=%h ",
            "%t [%p]: user=%u,db=%d,app=%a,client=%h ",
            "%t [%p]: [%l-1] ",
            "%t [%p]: [%l-1] user=%u,db=%d,host=%h,app=%a ",
            "%t [%p]: [%l-1] db=%d,user=%u,app=%a,client=%h ",
            "%t [%p]: [%l-1] db=%d,user=%u ",
            "%t:%h:%u@%d:[%p]:",
            "%t [%p]: ",
            "%m [%p]: ",
            "%m [%p] user=%u,db=%d ");
    private static final Pattern CSV_LOG = Pattern.compile("^\"?\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d(\\.\\d+)?( [A-Za-z0-9+:-]+)?\"?,");

    /**
     * What a file is, and for a stderr log the prefix it was written with.
     *
     * @param recordsField for a JSON document that holds the records in one array field
     *                     ({@code events}, {@code records}), that field; else null
     */
    public record Detected(SourceKind kind, LogLinePrefix prefix, boolean json, boolean prefixInferred, String recordsField) {
        public Detected(SourceKind kind, LogLinePrefix prefix, boolean json) {
            this(kind, prefix, json, false);
        }

        public Detected(SourceKind kind, LogLinePrefix prefix, boolean json, boolean prefixInferred) {
            this(kind, prefix, json, prefixInferred, null);
        }

        /**
         * What the report says about a log_line_prefix QueryLens worked out itself, or null: only
         * for a wrapped log, or a stderr log whose prefix is not Debian's default.
         */
        public String prefixAssumed() {
            if (!prefixInferred || prefix == null
                    || (kind == SourceKind.STDERR_LOG && prefix.setting().equals(LogLinePrefix.DEBIAN_DEFAULT))) {
                return null;
            }
            return "read as " + kind.label() + " with log_line_prefix '" + prefix.setting()
                    + "' (recognised from the first lines; give --log-line-prefix if it is another)";
        }
    }

    private InputKind() {
    }

    /**
     * @param text the first bytes of the file decoded (BOM skipped, damage replaced); its first
     *             line may be cut short, so nothing here needs a complete line
     */
    public static Detected detect(String fileName, String text, LogLinePrefix configured, ObjectMapper mapper) {
        return detect(fileName, text, configured, mapper, List.of());
    }

    /** As above, also recognising the log formats described in querylens.yaml, which win over the built-in ones. */
    public static Detected detect(String fileName, String text, LogLinePrefix configured, ObjectMapper mapper,
                                  List<DescribedLogFormat> described) {
        String trimmed = text.stripLeading();
        if (AppLogSource.matchesDescribed(trimmed, described)) {
            return new Detected(SourceKind.APP_LOG, null, false);
        }
        String firstLine = trimmed.lines().findFirst().orElse("");
        if (trimmed.startsWith("[") || trimmed.startsWith("{")) {
            if (text.contains("\"Plan\"")) {
                return new Detected(SourceKind.EXPLAIN_JSON, null, true);
            }
            Set<String> first = firstObjectFields(trimmed, mapper);
            Detected supabase = ManagedLogKind.detectSupabaseJson(trimmed, first);
            if (supabase != null) {
                return supabase;
            }
            if (first.contains("error_severity")) {
                return new Detected(SourceKind.JSON_LOG, null, true);
            }
            if (first.contains("sql")) {
                return new Detected(SourceKind.JDBC_TRACE, null, true);
            }
            if (text.contains("\"query\"") && text.contains("\"calls\"")) {
                return new Detected(SourceKind.PG_STAT_STATEMENTS, null, true);
            }
            Detected managed = ManagedLogKind.detectJson(trimmed, first, configured, mapper);
            if (managed != null) {
                return managed;
            }
        }
        Detected wrapped = ManagedLogKind.detectLines(text, configured);
        if (wrapped != null) {
            return wrapped;
        }
        // before csvlog: log4j's default timestamp (00:37:12,535) looks like a csvlog line's start
        if (AppLogFormat.detect(trimmed) != null) {
            return new Detected(SourceKind.APP_LOG, null, false);
        }
        Detected supabaseCsv = ManagedLogKind.detectCsvHeader(firstLine);
        if (supabaseCsv != null) {
            return supabaseCsv;
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
            return new Detected(SourceKind.STDERR_LOG, prefix, false, configured == null || prefix != configured);
        }
        if (fileName.toLowerCase(Locale.ROOT).endsWith(".sql") || looksLikeSql(trimmed)) {
            return new Detected(SourceKind.SQL_FILE, null, false);
        }
        return null;
    }

    /** A file read as the kind the user named: only what the kind itself needs is worked out. */
    public static Detected as(SourceKind kind, String head, LogLinePrefix configured) {
        if (kind == SourceKind.STDERR_LOG) {
            LogLinePrefix p = configured != null ? configured : probe(head, null);
            return new Detected(kind, p != null ? p : LogLinePrefix.compile(LogLinePrefix.DEBIAN_DEFAULT), false);
        }
        String start = head.stripLeading();
        if (kind == SourceKind.AZURE || kind == SourceKind.CLOUDWATCH_TAIL || kind == SourceKind.CLOUDWATCH) {
            Detected d = detect("", head, configured, new ObjectMapper());
            if (d != null && d.kind() == kind) {
                return d;
            }
            if (kind != SourceKind.CLOUDWATCH) {
                return new Detected(kind, LogLinePrefix.compile(configured != null ? configured.setting() : ""), false, false,
                        kind == SourceKind.AZURE && start.matches("(?s)^\\{\\s*\"records\".*") ? "records" : null);
            }
        }
        if (kind == SourceKind.SYSLOG || kind == SourceKind.LOGPLEX || kind == SourceKind.CLOUD_SQL || kind == SourceKind.CLOUDWATCH) {
            Detected d = kind == SourceKind.SYSLOG || kind == SourceKind.LOGPLEX ? ManagedLogKind.detectLines(head, configured)
                    : ManagedLogKind.detectJson(start, java.util.Set.of(JsonWrappedLogSource.payloadField(kind), "timestamp",
                            "eventId"), configured, new ObjectMapper());
            return new Detected(kind, d != null ? d.prefix() : LogLinePrefix.compile(configured != null ? configured.setting()
                    : ""), start.startsWith("["), d != null && d.prefixInferred());
        }
        return new Detected(kind, null, start.startsWith("[") || start.startsWith("{"));
    }

    /** The configured prefix if the lines match it, else the common prefix most lines match. */
    static LogLinePrefix probe(String text, LogLinePrefix configured) {
        return probeAmong(text, configured != null ? List.of(configured)
                : COMMON_PREFIXES.stream().map(LogLinePrefix::compile).toList());
    }

    /**
     * The candidate most of the first lines match, when at least half do. The prefixes worked out
     * from the lines themselves (PrefixInference) are candidates too, after the given ones, so a
     * prefix nobody listed is read without flags and a tie goes to the listed one.
     */
    static LogLinePrefix probeAmong(String text, List<LogLinePrefix> candidates) {
        List<String> lines = text.lines().filter(l -> !l.isBlank() && !l.startsWith("\t")).limit(20).toList();
        if (lines.isEmpty()) {
            return null;
        }
        LogLinePrefix best = null;
        long bestCount = 0;
        List<LogLinePrefix> all = new java.util.ArrayList<>(candidates);
        all.addAll(PrefixInference.among(lines));
        for (LogLinePrefix p : all) {
            long count = lines.stream().filter(l -> p.match(l) != null).count();
            if (count > bestCount) {
                best = p;
                bestCount = count;
            }
        }
        return bestCount * 2 >= lines.size() ? best : null;
    }

    /**
     * The top-level field names of the first JSON object, read as a token stream so that a first
     * line longer than the probe (a trace line with a 100 KB statement) still tells its kind: the
     * names seen before the text is cut short are enough.
     */
    private static Set<String> firstObjectFields(String text, ObjectMapper mapper) {
        Set<String> names = new HashSet<>();
        try (JsonParser p = mapper.getFactory().createParser(text)) {
            JsonToken t = p.nextToken();
            if (t == JsonToken.START_ARRAY) {
                t = p.nextToken();
            }
            if (t != JsonToken.START_OBJECT) {
                return names;
            }
            for (t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                names.add(p.currentName());
                p.nextToken();
                p.skipChildren();
            }
        } catch (java.io.IOException | RuntimeException e) {
            // cut short or malformed: the names read so far decide
        }
        return names;
    }

    /**
     * Binary when control characters are more than a twentieth of the first bytes. One NUL in a
     * log is damage to repair on its line, not a reason to skip the file; UTF-16 text is mostly
     * NULs and is not binary.
     */
    static boolean looksBinary(byte[] head) {
        if (InputText.startsWithUtf16Bom(head)) {
            return false;
        }
        int control = 0;
        for (byte b : head) {
            if (b >= 0 && b < 32 && b != '\n' && b != '\r' && b != '\t' && b != '\f') {
                control++;
            }
        }
        return head.length > 0 && control * 20 > head.length;
    }

    /** Text in UTF-16 without a BOM: ASCII characters leave every other byte NUL. */
    static boolean looksLikeUtf16WithoutBom(byte[] head) {
        if (head.length < 16 || InputText.startsWithUtf16Bom(head)) {
            return false;
        }
        int evenNuls = 0;
        int oddNuls = 0;
        for (int i = 0; i + 1 < head.length; i += 2) {
            evenNuls += head[i] == 0 ? 1 : 0;
            oddNuls += head[i + 1] == 0 ? 1 : 0;
        }
        int pairs = head.length / 2;
        return (evenNuls * 10 >= pairs * 9 && oddNuls * 10 < pairs) || (oddNuls * 10 >= pairs * 9 && evenNuls * 10 < pairs);
    }

    /**
     * Whether the text starts, after comments, with a statement keyword. Scanned by hand: a regular
     * expression over a header of a thousand comment lines overflows the stack. A head that is all
     * comments (a long licence header) is taken as SQL.
     */
    static boolean looksLikeSql(String text) {
        int n = text.length();
        int i = 0;
        while (i < n) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '-' && i + 1 < n && text.charAt(i + 1) == '-') {
                i = SqlSyntax.endOfLineComment(text, i);
            } else if (c == '/' && i + 1 < n && text.charAt(i + 1) == '*') {
                i = SqlSyntax.endOfBlockComment(text, i);
            } else {
                break;
            }
        }
        if (i >= n) {
            return !text.isBlank(); // only comments so far
        }
        String t = text.substring(i, Math.min(n, i + 16)).toLowerCase(Locale.ROOT);
        for (String start : new String[] {"select ", "insert ", "update ", "delete ", "create ", "alter ", "with ", "begin", "set "}) {
            if (t.startsWith(start)) {
                return true;
            }
        }
        return false;
    }
}
