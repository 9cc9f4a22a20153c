package dev.querylens.rules;

import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parameters of a statement that choose a page rather than an item: the values of LIMIT,
 * OFFSET and FETCH FIRST, and, in a query that sorts and limits, the bounds a keyset page walk
 * compares the sort key with ({@code where id > $1 order by id limit $2}). Repetitions whose only
 * changing values sit there are a walk through pages of one result, not a loop over another
 * query's rows. Read from the normalized text, where every value is a {@code $n}.
 */
final class PageWalk {
    private static final Pattern PAGE = Pattern.compile("\\b(?:limit|offset|fetch\\s+(?:first|next))\\s+\\$(\\d+)");
    /** A comparison of a column (or a row of columns) with a value or a row of values: a keyset bound. */
    private static final Pattern BOUND = Pattern.compile("(?<![<>!=-])(?:<=|>=|<(?!>)|>)\\s*\\(?\\s*(\\$\\d+(?:\\s*,\\s*\\$\\d+)*)\\s*\\)?");
    private static final Pattern PARAM = Pattern.compile("\\$(\\d+)");

    private PageWalk() {
    }

    /** The 0-based positions of the statement's page parameters. */
    static Set<Integer> positions(String normalizedSql) {
        Set<Integer> out = new HashSet<>();
        Matcher m = PAGE.matcher(normalizedSql);
        while (m.find()) {
            out.add(Integer.parseInt(m.group(1)) - 1);
        }
        if (normalizedSql.contains(" order by ") && (normalizedSql.contains(" limit ") || normalizedSql.contains(" fetch "))) {
            Matcher b = BOUND.matcher(normalizedSql);
            while (b.find()) {
                Matcher p = PARAM.matcher(b.group(1));
                while (p.find()) {
                    out.add(Integer.parseInt(p.group(1)) - 1);
                }
            }
        }
        return out;
    }
}
