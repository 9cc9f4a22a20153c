package dev.querylens.database;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Server and driver messages as QueryLens may show them: one line, the primary message, with
 * every value masked. A message can quote the value that failed
 * ({@code invalid input syntax for type integer: "carol@example.org"}), and a value can hold
 * anything, newlines and quotes included ({@code pg_read_file('/etc/hostname')::int} quotes the
 * file with its newline). So values are masked over the whole message before it is cut to its
 * first line, an unterminated quote masks the rest, and the DETAIL, HINT and CONTEXT parts (which
 * quote rows, keys and statements) are never shown.
 */
final class ServerMessages {
    /** Words after which a double-quoted name is an object's name, not a value: kept, so the message still says what failed. */
    private static final Set<String> NAMES = Set.of("column", "relation", "table", "index", "schema", "function", "type", "operator",
            "constraint", "sequence", "view", "database", "role", "extension", "parameter", "statement", "cursor", "collation",
            "domain", "trigger", "policy", "tablespace", "language", "aggregate", "procedure", "routine", "attribute", "of",
            "prepared", "portal", "user", "server", "publication", "subscription", "table:", "rule", "transform", "cast", "encoding");
    private static final Pattern SINGLE_QUOTED = Pattern.compile("'[^']*+(?:''[^']*+)*+(?:'|$)");
    private static final Pattern DOUBLE_QUOTED = Pattern.compile("\"[^\"]*+(?:\"\"[^\"]*+)*+(?:\"|$)");
    /** Where the parts after the primary message start: pgjdbc's "  Detail:", "  Hint:", "  Where:", "  Position:" lines. */
    private static final Pattern TRAILER = Pattern.compile("\\n\\s*(?:Detail|Hint|Where|Position|Internal Query|Internal Position"
            + "|Routine|File|Line|Server SQLState|Location|Context|DETAIL|HINT|CONTEXT)\\b");

    private ServerMessages() {
    }

    static String normalized(String message) {
        if (message == null) {
            return "";
        }
        // the primary message only: DETAIL, HINT and CONTEXT quote keys, rows, JSON input and statements
        String m = message;
        Matcher trailer = TRAILER.matcher(m);
        if (trailer.find()) {
            m = m.substring(0, trailer.start());
        }
        // single-quoted values first (they may hold double quotes); a value can span lines, so before the cut to one line
        m = SINGLE_QUOTED.matcher(m).replaceAll("\\$n");
        // PostgreSQL ends a message with the value that failed (': "value"'), and the value may hold quotes and newlines
        // itself: everything from the opening quote to the last quote of the message is the value
        int value = m.indexOf(": \"");
        if (value >= 0) {
            int close = m.lastIndexOf('"');
            m = m.substring(0, value + 2) + "\"...\"" + (close > value + 2 ? m.substring(close + 1) : "");
        }
        m = maskDoubleQuoted(m);
        int eol = m.indexOf('\n');
        return (eol < 0 ? m : m.substring(0, eol)).strip();
    }

    /** Replaces each double-quoted text by "..." unless a word that names an object's kind stands before it. */
    private static String maskDoubleQuoted(String m) {
        Matcher q = DOUBLE_QUOTED.matcher(m);
        StringBuilder out = new StringBuilder();
        int last = 0;
        while (q.find()) {
            out.append(m, last, q.start());
            String before = m.substring(0, q.start()).stripTrailing();
            int w = before.length();
            while (w > 0 && !Character.isWhitespace(before.charAt(w - 1))) {
                w--;
            }
            String word = before.substring(w).toLowerCase(java.util.Locale.ROOT);
            String quoted = q.group();
            boolean name = NAMES.contains(word) && quoted.length() > 1 && quoted.endsWith("\"") && quoted.indexOf('\n') < 0;
            out.append(name ? quoted : "\"...\"");
            last = q.end();
        }
        return out.append(m.substring(last)).toString();
    }
}
