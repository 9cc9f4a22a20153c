package dev.querylens.collect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;

/**
 * Drizzle ORM's DefaultLogger: {@code Query: <sql>} and, when the statement has bound values,
 * {@code  -- params: [<values>]}, the values each JSON.stringify'd (numbers bare, strings and dates
 * quoted, objects as JSON) and joined with ", ". The SQL already has PostgreSQL's $n placeholders.
 * The log says neither when nor how long a statement ran, nor which request ran it: the whole
 * process is one session, in the order of the log.
 */
final class DrizzleLogLines implements AppLogFormat.Lines {
    private static final String QUERY = "Query: ";
    private static final String PARAMS = " -- params: [";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AppLogFormat.Target target;

    DrizzleLogLines(AppLogFormat.Target target) {
        this.target = target;
    }

    static boolean isStatement(String line) {
        return line.startsWith(QUERY) && line.length() > QUERY.length();
    }

    @Override
    public void line(long lineNumber, long offset, String raw) {
        if (!isStatement(raw)) {
            return; // the application's own messages
        }
        String sql = raw.substring(QUERY.length());
        List<String> params = List.of();
        int at = sql.lastIndexOf(PARAMS);
        if (at >= 0 && sql.endsWith("]")) {
            List<String> parsed = values(sql.substring(at + PARAMS.length() - 1));
            if (parsed != null) {
                params = parsed;
                sql = sql.substring(0, at);
            } else {
                target.diagnostics().accept(new Diagnostic(target.file(), lineNumber, offset, false,
                        "Drizzle params that are not a JSON array; the statement is read without its values"));
                sql = sql.substring(0, at);
            }
        }
        target.executions().accept(new Execution(SourceKind.APP_LOG, new SourceLocation(target.file(), lineNumber), sql,
                params, "process", null, Double.NaN, null, null));
    }

    /** The values as text, SQL NULL as null; null when the list is not JSON (a value String() wrote). */
    private static List<String> values(String json) {
        JsonNode array;
        try {
            array = JSON.readTree(json);
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
        if (array == null || !array.isArray()) {
            return null;
        }
        List<String> out = new ArrayList<>();
        array.forEach(v -> out.add(v.isNull() ? null : v.isValueNode() ? v.asText() : v.toString()));
        return out;
    }

    @Override
    public void finish() {
    }
}
