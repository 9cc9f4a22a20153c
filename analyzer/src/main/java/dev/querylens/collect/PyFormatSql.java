package dev.querylens.collect;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A statement as a Python DB-API driver (psycopg2) takes it: {@code %s} placeholders bound to a
 * tuple, or {@code %(name)s} bound to a dict, with {@code %%} for a literal percent sign, rewritten
 * as the text the server received, so it groups with the same statement from the server's log.
 * psycopg2 formats the whole text with Python's % operator, quotes included, so no quoting is
 * skipped here either.
 */
record PyFormatSql(String sql, List<String> params) {
    /** Whether the text has a placeholder of either style. */
    static boolean hasPlaceholders(String sql) {
        return sql.contains("%s") || sql.contains("%(");
    }

    /**
     * The statement as psycopg2 sent it: psycopg2 binds on the client, writing each value into the
     * text as a constant, so the server's log and pg_stat_statements see constants, numbered in
     * the order they appear, wherever the application had placeholders. That text (no parameters)
     * is what groups and matches with the server's record of the same statement: with {@code $n}
     * for the placeholders, a constant the application wrote itself before a placeholder
     * ({@code pg_get_constraintdef(r.oid, true) ... WHERE r.conrelid = %(table)s}) would be
     * numbered after them, where the server numbers it first. Where a value's rendering is not
     * certain, or values were not logged, the placeholders become {@code $n} with the values as
     * parameters, as {@link #numbered} writes them.
     *
     * @param values the bound values as logged (a tuple, a list or a dict), or null when none were logged
     */
    static PyFormatSql of(String sql, LoggedValues.Value values) {
        String inlined = values == null ? null : inlined(sql, values);
        return inlined != null ? new PyFormatSql(inlined, List.of()) : numbered(sql, values);
    }

    /** The text with each placeholder replaced by its value as psycopg2 writes it, or null when one is not certain. */
    static String inlined(String sql, LoggedValues.Value values) {
        StringBuilder out = new StringBuilder(sql.length() + 16);
        List<LoggedValues.Value> positional = values instanceof LoggedValues.ListValue l ? l.items() : List.of();
        Map<String, LoggedValues.Value> byName = values instanceof LoggedValues.MapValue m ? m.entries() : Map.of();
        int n = sql.length();
        int next = 0;
        for (int i = 0; i < n; i++) {
            char c = sql.charAt(i);
            if (c != '%' || i + 1 >= n) {
                out.append(c);
                continue;
            }
            char d = sql.charAt(i + 1);
            LoggedValues.Value v;
            if (d == '%') {
                out.append('%');
                i++;
                continue;
            } else if (d == 's') {
                v = next < positional.size() ? positional.get(next) : null;
                next++;
                i++;
            } else if (d == '(' && sql.indexOf(")s", i) > 0) {
                int close = sql.indexOf(")s", i);
                v = byName.get(sql.substring(i + 2, close));
                i = close + 1;
            } else {
                out.append(c);
                continue;
            }
            String value = v == null ? null : PythonValueSql.of(v);
            if (value == null) {
                return null;
            }
            out.append(value);
        }
        return out.toString();
    }

    /**
     * The placeholders as $n (a name used twice is one $n), the values as parameters.
     *
     * @param values the bound values as logged (a tuple, a list or a dict), or null when none were
     *               logged: the $n are still numbered, without values
     */
    static PyFormatSql numbered(String sql, LoggedValues.Value values) {
        StringBuilder out = new StringBuilder(sql.length());
        Map<String, Integer> named = new LinkedHashMap<>();
        List<String> params = new ArrayList<>();
        List<LoggedValues.Value> positional = values instanceof LoggedValues.ListValue l ? l.items() : List.of();
        Map<String, LoggedValues.Value> byName = values instanceof LoggedValues.MapValue m ? m.entries() : Map.of();
        int n = sql.length();
        int next = 0;
        for (int i = 0; i < n; i++) {
            char c = sql.charAt(i);
            if (c != '%' || i + 1 >= n) {
                out.append(c);
                continue;
            }
            char d = sql.charAt(i + 1);
            if (d == '%') {
                out.append('%');
                i++;
            } else if (d == 's') {
                params.add(next < positional.size() ? positional.get(next).asParameter() : null);
                next++;
                out.append('$').append(params.size());
                i++;
            } else if (d == '(') {
                int close = sql.indexOf(")s", i);
                if (close < 0) {
                    out.append(c);
                    continue;
                }
                String name = sql.substring(i + 2, close);
                Integer k = named.get(name);
                if (k == null) {
                    LoggedValues.Value v = byName.get(name);
                    params.add(v == null ? null : v.asParameter());
                    k = params.size();
                    named.put(name, k);
                }
                out.append('$').append(k);
                i = close + 1;
            } else {
                out.append(c);
            }
        }
        return new PyFormatSql(out.toString(), values == null ? List.of() : params);
    }
}
