package dev.querylens.collect;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sequelize's default logging (console.log): {@code Executing (<id>): <sql>} before a statement
 * runs, or with {@code benchmark: true} {@code Executed (<id>): <sql> Elapsed time: <n>ms} after.
 * The id is the transaction's (its connection) or {@code default} outside one: a transaction is a
 * session, and everything else one more per process (see {@link ConsolePrefix}). Sequelize puts
 * WHERE values into the SQL itself; INSERT and UPDATE bind $n, whose values it logs only with
 * {@code logQueryParameters: true}, JSON-encoded after the statement's {@code ;}, comma-separated.
 */
final class SequelizeLogLines implements AppLogFormat.Lines {
    private static final Pattern LINE = Pattern.compile("^(Executing|Executed) \\(([^)]{1,100})\\): (.*?)(?: Elapsed time: (\\d+(?:\\.\\d+)?)ms)?$",
            Pattern.DOTALL);

    private final AppLogFormat.Target target;

    SequelizeLogLines(AppLogFormat.Target target) {
        this.target = target;
    }

    static boolean isStatement(String line) {
        Matcher m = LINE.matcher(AnsiCodes.strip(ConsolePrefix.of(line).text()));
        return m.matches() && !m.group(3).isBlank();
    }

    @Override
    public void line(long lineNumber, long offset, String raw) {
        ConsolePrefix prefix = ConsolePrefix.of(AnsiCodes.strip(raw));
        Matcher m = LINE.matcher(prefix.text());
        if (!m.matches() || m.group(3).isBlank()) {
            return;
        }
        String sql = m.group(3);
        List<String> params = List.of();
        int highest = highestPlaceholder(sql);
        if (highest > 0) {
            // values, when logged, follow the last "; " (or ";" then " " when the SQL did not end with one)
            for (int at = sql.lastIndexOf("; "); at > 0; at = sql.lastIndexOf("; ", at - 1)) {
                List<String> values = LoggedValues.nodePgList("[" + sql.substring(at + 2) + "]");
                if (values != null && values.size() == highest && highestPlaceholder(sql.substring(0, at)) == highest) {
                    params = values;
                    sql = sql.substring(0, at + 1);
                    break;
                }
            }
        }
        String id = m.group(2);
        String process = prefix.source().isEmpty() ? "process" : "process:" + prefix.source();
        double ms = m.group(4) == null ? Double.NaN : Double.parseDouble(m.group(4));
        target.executions().accept(new Execution(SourceKind.APP_LOG, new SourceLocation(target.file(), lineNumber), sql, params,
                id.equals("default") ? process : process + " transaction:" + id, prefix.timestamp(), ms, null, null));
    }

    /** The highest $n outside quotes, 0 when none. */
    static int highestPlaceholder(String sql) {
        int highest = 0;
        int n = sql.length();
        for (int i = 0; i < n; i++) {
            char c = sql.charAt(i);
            if (c == '\'' || c == '"') {
                i = SqlSyntax.endOfQuoted(sql, i, false) - 1;
            } else if (c == '$' && i + 1 < n && Character.isDigit(sql.charAt(i + 1)) && !SqlSyntax.continuesIdentifier(sql, i)) {
                int j = i + 1;
                int k = 0;
                while (j < n && Character.isDigit(sql.charAt(j)) && k <= ParameterList.MAX_INDEX) {
                    k = k * 10 + (sql.charAt(j) - '0');
                    j++;
                }
                highest = Math.max(highest, k);
                i = j - 1;
            }
        }
        return highest;
    }

    @Override
    public void finish() {
    }
}
