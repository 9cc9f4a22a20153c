package dev.querylens.collect;

/**
 * Rewrites JDBC's {@code ?} placeholders as PostgreSQL's {@code $1, $2, ...}, the way the
 * PostgreSQL JDBC driver does before sending a statement, so a statement captured from JDBC and
 * the same statement in a server log have one fingerprint. A {@code ??} is the driver's escape for
 * a literal {@code ?} operator. Strings, quoted identifiers, dollar quotes and comments are left alone.
 */
public final class JdbcPlaceholders {
    private JdbcPlaceholders() {
    }

    public static String toPositional(String sql) {
        if (sql.indexOf('?') < 0) {
            return sql;
        }
        StringBuilder out = new StringBuilder(sql.length() + 8);
        int n = sql.length();
        int param = 0;
        int i = 0;
        while (i < n) {
            char c = sql.charAt(i);
            int end;
            if (c == '\'' || c == '"') {
                end = SqlSyntax.endOfQuoted(sql, i, false);
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                end = SqlSyntax.endOfLineComment(sql, i);
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                end = SqlSyntax.endOfBlockComment(sql, i);
            } else if (c == '$' && !SqlSyntax.continuesIdentifier(sql, i) && SqlSyntax.dollarTagLength(sql, i) > 0) {
                end = SqlSyntax.endOfDollarQuoted(sql, i, SqlSyntax.dollarTagLength(sql, i));
            } else if (c == '?') {
                if (i + 1 < n && sql.charAt(i + 1) == '?') {
                    out.append('?');
                    i += 2;
                } else {
                    out.append('$').append(++param);
                    i++;
                }
                continue;
            } else {
                end = i + 1;
            }
            out.append(sql, i, end);
            i = end;
        }
        return out.toString();
    }
}
