package dev.querylens.sql;

import java.util.Locale;

/**
 * Normalized statement text rewritten into text JSqlParser reads, with the same facts: what
 * PostgreSQL accepts and JSqlParser 5.3 rejects, in the places the facts never look.
 */
final class ParseableText {
    private ParseableText() {
    }

    private static final java.util.regex.Pattern TYPED_PARAMETER = java.util.regex.Pattern.compile(
            "(?i)\\b(interval|date|timestamptz|timestamp|time|decimal|numeric|integer|bigint|smallint|real|boolean|text|uuid|jsonb|json)"
                    + "\\s+\\$(\\d+)");
    /** The SQL-standard unit after an interval literal (INTERVAL '3' MONTH, as TPC-H writes it), which JSqlParser rejects. */
    private static final java.util.regex.Pattern INTERVAL_UNIT = java.util.regex.Pattern.compile(
            "(?i)(\\binterval\\s+\\$\\d+)\\s+(year|month|day|hour|minute|second)\\b(\\s+to\\s+(month|hour|minute|second)\\b)?"
            + "(\\s*\\(\\s*\\$?\\d+\\s*\\))?");

    /**
     * A CAST's type modifiers ({@code cast($1 as numeric(10, 0))}): JSqlParser 5.3 rejects that cast
     * as the lower bound of a BETWEEN (TPC-DS writes it), and the facts never look at a modifier.
     */
    private static final java.util.regex.Pattern CAST_TYPE_MODIFIERS = java.util.regex.Pattern.compile(
            "(?i)(\\bas\\s+(?:numeric|decimal|dec|varchar|character\\s+varying|char|character|bit|varbit|timestamptz|timestamp"
                    + "|time|float))\\s*\\(\\s*\\d+\\s*(?:,\\s*\\d+\\s*)?\\)(?=\\s*\\))");

    /** {@code OPERATOR(pg_catalog.=)}: PostgreSQL's schema-qualified operator, as its own referential-integrity checks write it. */
    private static final java.util.regex.Pattern QUALIFIED_OPERATOR = java.util.regex.Pattern.compile(
            "(?i)\\boperator\\s*\\(\\s*(?:\"?[a-z_][a-z0-9_]*\"?\\s*\\.\\s*)?([-+*/<>=~!@#%^&|`?]+)\\s*\\)");
    /** {@code FROM ONLY t}, {@code JOIN ONLY t}, {@code UPDATE ONLY t}: the table without its inheritance children. */
    private static final java.util.regex.Pattern ONLY = java.util.regex.Pattern.compile("(?i)\\b(from|join|update)\\s+only\\s+(?=[a-z_\"(])");
    /** Row locks JSqlParser does not know: FOR KEY SHARE, FOR NO KEY UPDATE (the foreign-key checks' and ORMs' locks). */
    private static final java.util.regex.Pattern KEY_LOCK = java.util.regex.Pattern.compile("(?i)\\bfor\\s+(?:key\\s+(share)|no\\s+key\\s+(update))\\b");
    /**
     * A column label that is one of PostgreSQL's reserved words ({@code AS primary}, {@code AS unique},
     * as Sequelize's index introspection writes them): PostgreSQL takes any keyword after AS, JSqlParser not.
     */
    private static final java.util.regex.Pattern RESERVED_LABEL = java.util.regex.Pattern.compile("(?i)\\bas\\s+(all|analyse|analyze|and|any"
            + "|array|asc|asymmetric|both|case|cast|check|collate|column|constraint|create|current_catalog|current_date|current_role"
            + "|current_time|current_timestamp|current_user|default|deferrable|desc|distinct|do|else|end|except|false|fetch|for"
            + "|foreign|from|grant|group|having|in|initially|intersect|into|lateral|leading|limit|localtime|localtimestamp|not"
            + "|null|offset|on|only|or|order|placing|primary|references|returning|select|session_user|some|symmetric|table|then"
            + "|to|trailing|true|union|unique|user|using|variadic|when|where|window|with|key|index|type|value|position)"
            + "(?=\\s*(?:,|\\bfrom\\b|\\)|$))");

    /**
     * Rewrites what normalization leaves that JSqlParser cannot read, into text it reads with the
     * same facts: comments (the collapsed IN list marker), typed literals whose string became a
     * parameter ({@code interval $2}, which is {@code $2::interval} in meaning), schema-qualified
     * operators, ONLY, the key-share row locks, and reserved words as column labels (quoted).
     */
    static String of(String sql) {
        String s = sql.contains("/*") ? sql.replaceAll("/\\*.*?\\*/", "") : sql;
        // the unit only scales a value the facts never look at
        s = INTERVAL_UNIT.matcher(s).replaceAll("$1");
        s = TYPED_PARAMETER.matcher(s).replaceAll("\\$$2::$1");
        s = CAST_TYPE_MODIFIERS.matcher(s).replaceAll("$1");
        String lower = s.toLowerCase(Locale.ROOT);
        if (lower.contains("operator")) {
            s = QUALIFIED_OPERATOR.matcher(s).replaceAll(" $1 ");
        }
        if (lower.contains("only")) {
            s = ONLY.matcher(s).replaceAll("$1 ");
        }
        if (lower.contains(" key ")) {
            s = KEY_LOCK.matcher(s).replaceAll("for $1$2");
        }
        return RESERVED_LABEL.matcher(s).replaceAll("as \"$1\"");
    }
}
