package dev.querylens.schema;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tables a function's body writes with plain INSERT INTO / UPDATE / DELETE FROM, read from its
 * source text (the DDL's body, or pg_proc.prosrc live). Names are as written, folded as the server
 * folds them, unresolved: the function's search_path at run time decides. What the text cannot
 * show is marked, not guessed: {@code dynamic} when the body builds SQL at run time (EXECUTE), or
 * calls into code whose writes are not here (PERFORM of another function is not followed).
 */
public record FunctionWrites(String function, List<Write> writes, boolean dynamic) {
    /** One write statement's target and kind (INSERT, UPDATE or DELETE). */
    public record Write(String table, Trigger.Event kind) {
    }

    private static final String NAME = "((?:\"(?:[^\"]|\"\")+\"|[A-Za-z_][\\w$]*)(?:\\s*\\.\\s*(?:\"(?:[^\"]|\"\")+\"|[A-Za-z_][\\w$]*))?)";
    private static final Pattern WRITE = Pattern.compile("(?i)(?<!\\bfor\\s)(?<!\\bkey\\s)\\b(?:insert\\s+into|update(?:\\s+only)?|delete\\s+from(?:\\s+only)?)\\s+"
            + NAME);
    /** PL/pgSQL's EXECUTE of a string (not CREATE TRIGGER's EXECUTE FUNCTION, which is no part of a body). */
    private static final Pattern DYNAMIC = Pattern.compile("(?i)\\bexecute\\b(?!\\s+(?:function|procedure)\\b)");
    private static final Pattern COMMENTS = Pattern.compile("(?s)--[^\\n]*|/\\*.*?\\*/");

    public FunctionWrites {
        writes = List.copyOf(writes);
    }

    /** The tables written, each once, in the order the body first writes them. */
    public List<String> tables() {
        return writes.stream().map(Write::table).distinct().toList();
    }

    /** The writes in {@code body} (the function's source), for the function named schema.name. */
    public static FunctionWrites scan(String function, String body) {
        String text = COMMENTS.matcher(body == null ? "" : body).replaceAll(" ");
        Set<Write> writes = new LinkedHashSet<>();
        Matcher m = WRITE.matcher(text);
        while (m.find()) {
            String written = m.group(1);
            // UPDATE of a row variable's field (NEW.x := ...) is no statement; "update ... set" needs a table name, not a keyword
            if (!Set.of("set", "of", "on", "returning", "where", "skip", "nowait", "or", "then").contains(written.toLowerCase(java.util.Locale.ROOT))) {
                String verb = m.group().substring(0, 6).toLowerCase(java.util.Locale.ROOT);
                writes.add(new Write(fold(written), verb.startsWith("insert") ? Trigger.Event.INSERT
                        : verb.startsWith("update") ? Trigger.Event.UPDATE : Trigger.Event.DELETE));
            }
        }
        return new FunctionWrites(function, List.copyOf(writes), DYNAMIC.matcher(text).find());
    }

    private static String fold(String written) {
        StringBuilder out = new StringBuilder();
        for (String part : written.split("\\s*\\.\\s*(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)")) {
            if (out.length() > 0) {
                out.append('.');
            }
            out.append(part.startsWith("\"") ? part.substring(1, part.length() - 1).replace("\"\"", "\"") : part.toLowerCase(java.util.Locale.ROOT));
        }
        return out.toString();
    }
}
