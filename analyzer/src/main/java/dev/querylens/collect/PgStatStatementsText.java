package dev.querylens.collect;

import dev.querylens.sql.Quote;
import java.util.Locale;

/**
 * A query text as pg_stat_statements shows it. The server writes {@code $n} exactly where a
 * constant's token was and copies the text around it as it was, so a string constant written
 * right after a keyword without a space ({@code ELSE'FALSE'}, as TypeORM's index introspection has
 * it) comes out glued to it: {@code else$3}. Read back, PostgreSQL's lexer (and any parser) takes
 * that for one identifier, so the text neither parses nor groups with the statement it stands
 * for (whose own text has the keyword, then a constant). Here the space the constant's quote
 * stood for is put back, after a word that is a PostgreSQL keyword only: after any other word the
 * {@code $n} may be part of a real name ({@code col$1} is a valid identifier), and is left as it is.
 */
final class PgStatStatementsText {
    private PgStatStatementsText() {
    }

    static String unglued(String query) {
        if (query == null || query.indexOf('$') < 0) {
            return query;
        }
        StringBuilder out = null;
        int n = query.length();
        int copied = 0;
        int i = 0;
        while (i < n) {
            char c = query.charAt(i);
            int next;
            if (c == '-' && i + 1 < n && query.charAt(i + 1) == '-') {
                next = SqlSyntax.endOfLineComment(query, i);
            } else if (c == '/' && i + 1 < n && query.charAt(i + 1) == '*') {
                next = SqlSyntax.endOfBlockComment(query, i);
            } else if (c == '\'' || c == '"') {
                next = SqlSyntax.endOfQuoted(query, i, false);
            } else if (c == '$' && SqlSyntax.dollarTagLength(query, i) > 0 && !SqlSyntax.continuesIdentifier(query, i)) {
                next = SqlSyntax.endOfDollarQuoted(query, i, SqlSyntax.dollarTagLength(query, i));
            } else if (Character.isLetter(c) || c == '_') {
                int wordEnd = i + 1;
                while (wordEnd < n && (Character.isLetterOrDigit(query.charAt(wordEnd)) || query.charAt(wordEnd) == '_')) {
                    wordEnd++;
                }
                next = wordEnd;
                boolean gluedParameter = wordEnd + 1 < n && query.charAt(wordEnd) == '$' && Character.isDigit(query.charAt(wordEnd + 1));
                if (gluedParameter && Quote.isKeyword(query.substring(i, wordEnd).toLowerCase(Locale.ROOT))) {
                    out = out == null ? new StringBuilder(n + 8) : out;
                    out.append(query, copied, wordEnd).append(' ');
                    copied = wordEnd;
                }
            } else {
                next = i + 1;
            }
            i = Math.max(next, i + 1);
        }
        return out == null ? query : out.append(query, copied, n).toString();
    }
}
