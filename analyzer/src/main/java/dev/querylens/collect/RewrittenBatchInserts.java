package dev.querylens.collect;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the PostgreSQL JDBC driver sends for a batch of single-row INSERTs when the connection has
 * {@code reWriteBatchedInserts=true}: multi-row INSERTs, the rows split into blocks of at most 128
 * (fewer when the row has many parameters), each block a power of two, largest first (50 rows:
 * 32, 16 and 2), so that few distinct statements are prepared (pgjdbc's
 * PgPreparedStatement#transformQueriesAndParameters). An application log shows the rows one by
 * one, as the application handed them to the driver; the server, pg_stat_statements and QueryLens
 * see these statements. A batch of one row, and an INSERT the driver does not rewrite (one with
 * RETURNING, or without a single VALUES list at its end), goes as it is.
 */
final class RewrittenBatchInserts {
    /** pgjdbc's cap on the rows of one rewritten INSERT. */
    static final int MAX_ROWS = 128;
    /** The protocol's limit on a statement's parameters. */
    private static final int MAX_PARAMETERS = 65_535;
    /** A JDBC URL whose query string turns the rewrite on. */
    private static final Pattern SETTING = Pattern.compile("jdbc:postgresql:[^\\s\\[\\]]*[?&]reWriteBatchedInserts=(?i:true)\\b");
    /** INSERT ... VALUES (one row) and nothing after it. */
    private static final Pattern SINGLE_ROW = Pattern.compile("(?is)^\\s*insert\\s+into\\s.*?\\svalues\\s*(\\([^()]*\\))\\s*$");

    /** One statement as the driver sends it: its SQL (JDBC placeholders) and the rows it carries. */
    record Block(String sql, List<List<String>> rows) {
    }

    private RewrittenBatchInserts() {
    }

    /** Whether a log line shows a connection URL with the rewrite on (Hibernate logs it at start-up). */
    static boolean turnedOnBy(String line) {
        return line.contains("reWriteBatchedInserts") && SETTING.matcher(line).find();
    }

    /** The statements the driver sends for these rows of one INSERT; empty when it sends the rows as they are. */
    static List<Block> of(String sql, List<List<String>> rows) {
        Matcher m = SINGLE_ROW.matcher(sql);
        if (rows.size() < 2 || !m.matches() || sql.toLowerCase(Locale.ROOT).contains("returning")) {
            return List.of();
        }
        String values = m.group(1);
        int binds = (int) values.chars().filter(c -> c == '?').count();
        int max = Integer.highestOneBit(Math.min(Math.max(1, binds == 0 ? MAX_ROWS : MAX_PARAMETERS / binds), MAX_ROWS));
        String head = sql.substring(0, m.end(1));
        List<Block> out = new ArrayList<>();
        int at = 0;
        while (at < rows.size()) {
            int left = rows.size() - at;
            int size = left >= max ? max : Integer.highestOneBit(left);
            StringBuilder text = new StringBuilder(head);
            List<String> params = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                if (i > 0) {
                    text.append(',').append(values);
                }
                params.addAll(rows.get(at + i));
            }
            out.add(new Block(text.toString(), List.of(params)));
            at += size;
        }
        return out;
    }
}
