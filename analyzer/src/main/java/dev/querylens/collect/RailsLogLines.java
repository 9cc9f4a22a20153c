package dev.querylens.collect;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rails' ActiveRecord log at debug level: {@code   User Load (0.5ms)  SELECT ... WHERE "users"."id" = $1 LIMIT $2  [["id", 1], ["LIMIT", 1]]},
 * the name and duration in front, two spaces, the SQL with $n, and the binds as Ruby inspects
 * them (name and value pairs, {@code nil} for NULL) after two more spaces; on a terminal with
 * colour codes around name and SQL. {@code TRANSACTION (0.1ms)  BEGIN} and the like are the
 * transaction's statements. {@code CACHE ...} lines are answers from ActiveRecord's query cache
 * that never reached the database, and are skipped. Ruby's Logger format
 * ({@code D, [2024-05-01T10:00:00.123456 #1234] DEBUG -- : }) gives the time and the process,
 * a tagged request id ({@code [a1b2c3d4-...]}) the request; either is the session.
 */
final class RailsLogLines implements AppLogFormat.Lines {
    private static final Pattern LINE = Pattern.compile(
            "^(.*?)(?<=^|\\s|\\])(CACHE )?([A-Z][\\w:]*(?: [\\w:?!]+){0,4}) \\((\\d+(?:\\.\\d+)?)ms\\)  (\\S.*?)\\s*$");
    private static final Pattern LOGGER = Pattern.compile("\\[(\\d{4}-\\d\\d-\\d\\dT[\\d:.]+) #(\\d+)\\]");
    private static final Pattern TAG = Pattern.compile("\\[([0-9a-f]{8}-[0-9a-f-]{27,}|[\\w-]{16,})\\]");
    private static final Pattern BINDS = Pattern.compile("^(.*?)  (\\[\\[.*\\]\\])$", Pattern.DOTALL);

    private final AppLogFormat.Target target;

    RailsLogLines(AppLogFormat.Target target) {
        this.target = target;
    }

    static boolean isStatement(String line) {
        Matcher m = LINE.matcher(AnsiCodes.strip(line));
        return m.matches() && m.group(1).strip().matches("(?:[A-Z], )?(?:\\[[^\\]]*\\]\\s*)*(?:[A-Z]+ -- [^:]*:)?(?:\\s*\\[[^\\]]*\\])*")
                && looksLikeSql(m.group(5));
    }

    private static boolean looksLikeSql(String text) {
        return text.matches("(?is)(?:/\\*.*?\\*/\\s*)?(select|insert|update|delete|with|begin|commit|rollback|savepoint|release|set|show|create|alter|drop|truncate|values|explain|lock|copy)\\b.*");
    }

    @Override
    public void line(long lineNumber, long offset, String raw) {
        String line = AnsiCodes.strip(raw);
        Matcher m = LINE.matcher(line);
        if (!m.matches() || m.group(2) != null || !looksLikeSql(m.group(5))) {
            return; // the application's own lines, the ↳ call-site lines, and CACHE hits that never reached the database
        }
        String prefix = m.group(1);
        Instant time = null;
        String session = "process";
        Matcher logger = LOGGER.matcher(prefix);
        if (logger.find()) {
            time = ConsolePrefix.instant(logger.group(1));
            session = "process:" + logger.group(2);
        }
        Matcher tag = TAG.matcher(prefix);
        if (tag.find()) {
            session = "request:" + tag.group(1);
        }
        String sql = m.group(5);
        List<String> params = List.of();
        Matcher binds = BINDS.matcher(sql);
        if (binds.matches()) {
            LoggedValues.Value v = LoggedValues.parse(binds.group(2));
            if (v instanceof LoggedValues.ListValue pairs) {
                List<String> values = new ArrayList<>();
                for (LoggedValues.Value pair : pairs.items()) {
                    values.add(pair instanceof LoggedValues.ListValue p && p.items().size() == 2 ? p.items().get(1).asParameter()
                            : pair.asParameter());
                }
                params = values;
                sql = binds.group(1).strip();
            }
        }
        target.executions().accept(new Execution(SourceKind.APP_LOG, new SourceLocation(target.file(), lineNumber), sql, params,
                session, time, Double.parseDouble(m.group(4)), null, null));
    }

    @Override
    public void finish() {
    }
}
