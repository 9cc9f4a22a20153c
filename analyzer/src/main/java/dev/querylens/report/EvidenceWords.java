package dev.querylens.report;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Evidence as people read it: a rule names its facts in camelCase for the JSON form
 * ({@code distinctParameterTuples}, {@code serverTimeMs}); the HTML report says them in words
 * ("different parameter values", "server time"), with the unit beside the number.
 */
final class EvidenceWords {
    /** Names whose words are not simply their camelCase parts. */
    private static final Map<String, String> SAID = Map.ofEntries(
            Map.entry("episodes", "loops seen"),
            Map.entry("maxRepetitions", "longest loop (executions)"),
            Map.entry("distinctParameterTuples", "different parameter values"),
            Map.entry("runs", "executions per loop"),
            Map.entry("parentQuery", "parent query (whose rows it likely iterates)"),
            Map.entry("parentRowsBound", "proof from the parent's rows"),
            Map.entry("loopBody", "queries run per item"),
            Map.entry("executionsPerStatement", "executions of each"),
            Map.entry("roundTripsAvoided", "round trips a batched query avoids"),
            Map.entry("estimatedSavingMs", "estimated saving"),
            Map.entry("elapsedMs", "wall time of the loops"),
            Map.entry("timing", "how loops were measured"),
            Map.entry("orm", "ORM"),
            Map.entry("xidAge", "transaction ID age"),
            Map.entry("mxidAge", "multixact ID age"),
            Map.entry("rowsRemovedByFilter", "rows read and thrown away by the filter"),
            Map.entry("planRows", "rows the planner expected"),
            Map.entry("actualRows", "rows it really returned"),
            Map.entry("kB", "kB"),
            Map.entry("MB", "MB"),
            Map.entry("GB", "GB"));
    /** Shown elsewhere in the finding already (its own row or the chart). */
    static final List<String> SHOWN_APART = List.of("timeAtStakeMs");

    private EvidenceWords() {
    }

    /** "serverTimeMs" → "server time"; the unit goes with the value ({@link #value}). */
    static String name(String key) {
        String said = SAID.get(key);
        if (said != null) {
            return said;
        }
        String base = unit(key) == null ? key : key.substring(0, key.length() - unit(key).length());
        String words = base.replaceAll("([a-z0-9])([A-Z])", "$1 $2").replaceAll("([A-Z]+)([A-Z][a-z])", "$1 $2");
        words = words.toLowerCase(Locale.ROOT).replace('_', ' ').strip();
        return words.isEmpty() ? key : words;
    }

    /** The value, with the unit its name carried ("12.5 ms", "3.0 s", "86 hours"). */
    static String value(String key, Object value) {
        String text = value instanceof Collection<?> c
                ? c.stream().map(String::valueOf).collect(Collectors.joining(", ")) : String.valueOf(value);
        String unit = unit(key);
        if (unit == null || !(value instanceof Number n)) {
            return text;
        }
        return switch (unit) {
            case "Ms" -> HtmlText.ms(n.doubleValue());
            case "Seconds" -> text + " s";
            case "Hours" -> text + " hours";
            case "Bytes" -> String.format(Locale.ROOT, "%,d bytes", n.longValue());
            default -> text;
        };
    }

    /** Whether the value is a statement, shown as a code block rather than a sentence. */
    static boolean isSql(String key, Object value) {
        if (!(value instanceof String s)) {
            return false;
        }
        String start = s.stripLeading().toLowerCase(Locale.ROOT);
        return (key.endsWith("Query") || key.endsWith("Sql") || key.equals("statement") || key.equals("definition"))
                && (start.startsWith("select") || start.startsWith("with") || start.startsWith("insert") || start.startsWith("update")
                        || start.startsWith("delete") || start.startsWith("create"));
    }

    private static String unit(String key) {
        for (String u : List.of("Ms", "Seconds", "Hours", "Bytes")) {
            if (key.endsWith(u) && key.length() > u.length()) {
                return u;
            }
        }
        return null;
    }
}
