package dev.querylens.collect;

import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Knex's debug output ({@code DEBUG=knex:query,knex:bindings}, written by the debug module to
 * stderr): {@code knex:query <sql> <transaction>} then, when bindings are logged too,
 * {@code knex:bindings <values> <transaction>}, the transaction being {@code undefined} outside
 * one and {@code trx<n>} inside. Piped, each line starts with an ISO time; on a terminal, with
 * spaces, colours and a {@code +<n>ms} at the end (time since that namespace's last line, not a
 * duration). The SQL has the client's placeholders ($n for pg); the values are util.inspect's
 * ({@code [ 1, 'a' ]}), which on a long list go on over more lines. Each transaction is a session,
 * the rest one session per process.
 */
final class KnexLogLines implements AppLogFormat.Lines {
    private static final Pattern LINE = Pattern.compile(
            "^(?:(\\S+) )?\\s*knex:(query|bindings) (.*?) (undefined|trx\\d+)(?: \\+\\d+(?:ms|s|m|h|d))?$", Pattern.DOTALL);
    static final int MAX_BINDING_LINES = 500;
    private static final Pattern MORE_ITEMS = Pattern.compile(",?\\s*\\.\\.\\. (\\d+) more items?");

    private final AppLogFormat.Target target;
    private Query query;
    /** A bindings message going on over more lines, and its transaction. */
    private StringBuilder bindings;
    private String bindingsTx;
    private int bindingLines;

    private record Query(long line, Instant time, String sql, String tx) {
    }

    KnexLogLines(AppLogFormat.Target target) {
        this.target = target;
    }

    static boolean isStatement(String line) {
        Matcher m = LINE.matcher(AnsiCodes.strip(line));
        return m.matches() && m.group(2).equals("query") && !m.group(3).isBlank();
    }

    @Override
    public void line(long lineNumber, long offset, String raw) {
        String line = AnsiCodes.strip(raw);
        Matcher m = LINE.matcher(line);
        if (!m.matches()) {
            // util.inspect broke a long list over lines; the last line ends with the transaction
            if (bindings == null && query != null && line.matches("^(?:\\S+ )?\\s*knex:bindings \\[\\s*$")) {
                bindings = new StringBuilder("[");
                bindingLines = 1;
            } else if (bindings != null) {
                Matcher end = Pattern.compile("^(.*) (undefined|trx\\d+)(?: \\+\\d+\\w+)?$").matcher(line);
                if (end.matches()) {
                    bindings.append('\n').append(end.group(1));
                    bound(bindings.toString(), end.group(2));
                    bindings = null;
                } else if (++bindingLines > MAX_BINDING_LINES) {
                    bindings = null;
                } else {
                    bindings.append('\n').append(line);
                }
            }
            return;
        }
        bindings = null;
        if (m.group(2).equals("query")) {
            flush(List.of());
            query = new Query(lineNumber, m.group(1) == null ? null : ConsolePrefix.instant(m.group(1)), m.group(3), m.group(4));
        } else {
            bound(m.group(3), m.group(4));
        }
    }

    private void bound(String values, String tx) {
        if (query == null || !query.tx().equals(tx)) {
            return;
        }
        // util.inspect shows at most 100 items of a list, then "... 100 more items": those are values not shown
        Matcher more = MORE_ITEMS.matcher(values);
        int hidden = 0;
        if (more.find()) {
            hidden = Integer.parseInt(more.group(1));
            values = more.replaceAll("");
        }
        List<String> params = values.strip().equals("undefined") ? List.of() : LoggedValues.nodePgList(values);
        if (params != null && hidden > 0) {
            params = new java.util.ArrayList<>(params);
            params.addAll(java.util.Collections.nCopies(hidden, null));
        }
        if (params == null) {
            target.diagnostics().accept(new Diagnostic(target.file(), query.line(), -1, false,
                    "Knex bindings that are not a list; the statement is read without its values"));
        }
        flush(params == null ? List.of() : params);
    }

    private void flush(List<String> params) {
        Query q = query;
        if (q == null) {
            return;
        }
        query = null;
        target.executions().accept(new Execution(SourceKind.APP_LOG, new SourceLocation(target.file(), q.line()), q.sql(), params,
                q.tx().equals("undefined") ? "process" : "process transaction:" + q.tx(), q.time(), Double.NaN, null, null));
    }

    @Override
    public void finish() {
        flush(List.of());
    }
}
