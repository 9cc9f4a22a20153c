package dev.querylens.collect.orms;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * SQL folded so that the fragments of an EXPECTED.yaml can be looked for in it whatever form a
 * source or QueryLens gives it: lower case, comments, double quotes and all whitespace dropped,
 * string and number literals and $n parameters written as ?. Both the fragment and the statement
 * are folded the same way, so `from books where books.author_id = ?` is found in
 * {@code FROM "books" WHERE "books"."author_id" = $1 /*route='/x'*&#47;}.
 */
record FoldedSql(String text) {
    private static final Pattern COMMENT = Pattern.compile("/\\*.*?\\*/", Pattern.DOTALL);
    private static final Pattern STRING = Pattern.compile("'(?:[^']|'')*'");
    private static final Pattern PARAMETER = Pattern.compile("\\$\\d+");
    private static final Pattern NUMBER = Pattern.compile("(?<![a-z_0-9.$])\\d+(?:\\.\\d+)?(?![a-z_0-9])");
    private static final Pattern SPACE = Pattern.compile("\\s+");

    static FoldedSql of(String sql) {
        String s = COMMENT.matcher(sql == null ? "" : sql).replaceAll(" ").toLowerCase(Locale.ROOT);
        s = STRING.matcher(s).replaceAll("?");
        s = PARAMETER.matcher(s).replaceAll("?");
        s = NUMBER.matcher(s).replaceAll("?");
        s = s.replace("\"", "");
        return new FoldedSql(SPACE.matcher(s).replaceAll(""));
    }

    /** Contains every fragment of {@code all} and none of {@code none}. */
    boolean matches(List<String> all, List<String> none) {
        return all.stream().allMatch(f -> text.contains(of(f).text)) && none.stream().noneMatch(f -> text.contains(of(f).text));
    }

    boolean containsAny(List<String> fragments) {
        return fragments.stream().anyMatch(f -> text.contains(of(f).text));
    }
}
