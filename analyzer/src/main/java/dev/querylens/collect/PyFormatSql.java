package dev.querylens.collect;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A statement as a Python DB-API driver (psycopg2) takes it: {@code %s} placeholders bound to a
 * tuple, or {@code %(name)s} bound to a dict, with {@code %%} for a literal percent sign. Rewritten
 * with PostgreSQL's {@code $n} (a name used twice is one $n) so it groups with the same statement
 * from the server's log. psycopg2 formats the whole text with Python's % operator, quotes included,
 * so no quoting is skipped here either.
 */
record PyFormatSql(String sql, List<String> params) {
    /** Whether the text has a placeholder of either style. */
    static boolean hasPlaceholders(String sql) {
        return sql.contains("%s") || sql.contains("%(");
    }

    /**
     * @param values the bound values as logged (a tuple, a list or a dict), or null when none were
     *               logged: the $n are still numbered, without values
     */
    static PyFormatSql of(String sql, LoggedValues.Value values) {
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
