package dev.querylens.advisor;

import dev.querylens.sql.Quote;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How one key of an index is written in CREATE INDEX. A key is a column name, or an expression
 * the workload applies to a column ({@code lower(email)}, {@code created_at::date}). Expressions
 * are never copied from the workload: only the two shapes below are recognised, and they are
 * rebuilt from their parts, the column quoted by {@link Quote}; anything else is a column name
 * and is quoted as one. So a hostile or unusual name can only ever be a quoted identifier.
 */
public final class IndexKey {
    private static final String IDENT = "([a-z_][a-z0-9_$]*|\"(?:[^\"]|\"\")+\")";
    private static final Pattern CALL = Pattern.compile("([a-z_][a-z0-9_]*)\\(\\s*" + IDENT + "\\s*\\)");
    private static final Pattern CAST = Pattern.compile("\\(?\\s*" + IDENT + "\\s*\\)?\\s*::\\s*([a-z_][a-z0-9_ ]*(?:\\(\\d{1,4}(?:,\\s*\\d{1,4})?\\))?)");

    private IndexKey() {
    }

    /** Whether {@code key} is an expression key QueryLens can write (rather than a column name). */
    public static boolean isExpression(String key) {
        return CALL.matcher(key).matches() || CAST.matcher(key).matches();
    }

    /** The key as CREATE INDEX takes it: a quoted column, or a rebuilt expression in parentheses. */
    public static String sql(String key) {
        Matcher call = CALL.matcher(key);
        if (call.matches()) {
            return "(" + Quote.ident(call.group(1)) + "(" + Quote.ident(unquoted(call.group(2))) + "))";
        }
        Matcher cast = CAST.matcher(key);
        if (cast.matches()) {
            return "(" + Quote.ident(unquoted(cast.group(1))) + "::" + cast.group(2).strip() + ")";
        }
        return Quote.ident(key);
    }

    private static String unquoted(String ident) {
        return ident.startsWith("\"") ? ident.substring(1, ident.length() - 1).replace("\"\"", "\"") : ident;
    }
}
