package dev.querylens.collect;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * p6spy's default log format (SingleLineFormat):
 * {@code <time>|<elapsed ms>|<category>|connection <id>|url <url>|<prepared sql>|<sql with values>}.
 * Only the {@code statement} category is an execution (commit, rollback, batch, result lines are
 * not). The values are read back by matching the SQL with values against the prepared SQL, which
 * also tells where one ends and the other begins when the SQL itself holds a {@code |}. Each
 * connection is a session; the time is p6spy's default, epoch milliseconds, when it is a number.
 */
final class P6spyLogLines implements AppLogFormat.Lines {
    private static final Pattern LINE = Pattern.compile("^([^|]*)\\|(\\d+)\\|([a-z]+)\\|connection\\s*(\\d+)\\|(?:url\\s*[^|]*)?\\|(.*)$");

    private final AppLogFormat.Target target;

    P6spyLogLines(AppLogFormat.Target target) {
        this.target = target;
    }

    static boolean isStatement(String line) {
        Matcher m = LINE.matcher(line);
        return m.matches() && m.group(3).equals("statement");
    }

    @Override
    public void line(long lineNumber, long offset, String raw) {
        Matcher m = LINE.matcher(raw);
        if (!m.matches() || !m.group(3).equals("statement")) {
            return;
        }
        Bound bound = split(m.group(5));
        if (bound == null) {
            target.diagnostics().accept(Diagnostic.lost(target.file(), lineNumber, offset,
                    "p6spy statement line whose SQL with values does not match its prepared SQL (" + LineShape.of(raw) + "), skipped"));
            return;
        }
        Instant time = m.group(1).matches("\\d{10,16}") ? Instant.ofEpochMilli(Long.parseLong(m.group(1))) : null;
        target.executions().accept(new Execution(SourceKind.APP_LOG, new SourceLocation(target.file(), lineNumber),
                JdbcPlaceholders.toPositional(bound.prepared()), bound.params(), "connection:" + m.group(4), time,
                Double.parseDouble(m.group(2)), null, null));
    }

    private record Bound(String prepared, List<String> params) {
    }

    /** The prepared SQL and the values p6spy put in place of its ?s, trying each | as the boundary. */
    private static Bound split(String rest) {
        for (int i = rest.indexOf('|'); i >= 0; i = rest.indexOf('|', i + 1)) {
            String prepared = rest.substring(0, i);
            List<String> params = values(prepared, rest.substring(i + 1));
            if (params != null) {
                return new Bound(prepared, params);
            }
        }
        return null;
    }

    /** The values in {@code filled} where {@code prepared} has a ?, or null when they do not match. */
    private static List<String> values(String prepared, String filled) {
        String[] parts = prepared.split("\\?", -1);
        if (parts.length > ParameterList.MAX_INDEX) {
            return null;
        }
        StringBuilder regex = new StringBuilder();
        for (int k = 0; k < parts.length; k++) {
            regex.append(k == 0 ? "" : "(NULL|'(?:[^']|'')*'|[^\\s,)]*)").append(Pattern.quote(parts[k]));
        }
        Matcher m = Pattern.compile(regex.toString(), Pattern.DOTALL).matcher(filled);
        if (!m.matches()) {
            return null;
        }
        List<String> params = new ArrayList<>();
        for (int g = 1; g <= m.groupCount(); g++) {
            String v = m.group(g);
            params.add(v.equals("NULL") ? null : v.startsWith("'") ? v.substring(1, v.length() - 1).replace("''", "'") : v);
        }
        return params;
    }

    @Override
    public void finish() {
    }
}
