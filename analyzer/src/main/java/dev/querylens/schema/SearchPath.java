package dev.querylens.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The search_path a migration sets, which decides the schema of every unqualified name after it:
 * {@code SET [SESSION|LOCAL] search_path TO a, b}, and the
 * {@code SELECT pg_catalog.set_config('search_path', '', false)} pg_dump starts with.
 */
final class SearchPath {
    private static final Pattern SET = Pattern.compile("(?is)^\\s*set\\s+(?:session\\s+|local\\s+)?search_path\\s*(?:to|=)\\s*(.*?)\\s*;?\\s*$");
    private static final Pattern SET_CONFIG = Pattern.compile(
            "(?is)^\\s*select\\s+(?:pg_catalog\\s*\\.\\s*)?set_config\\s*\\(\\s*'search_path'\\s*,\\s*'([^']*+(?:''[^']*+)*+)'.*");

    private SearchPath() {
    }

    static boolean sets(String sql) {
        String s = stripLeadingComments(sql);
        return SET.matcher(s).matches() || SET_CONFIG.matcher(s).matches();
    }

    /** The schemas in order, when the statement sets the search_path; "$user" is left out (no schema is named after a role here). */
    static Optional<List<String>> read(String sql) {
        String s = stripLeadingComments(sql);
        Matcher set = SET.matcher(s);
        String value;
        if (set.matches()) {
            value = set.group(1);
            if (value.equalsIgnoreCase("default")) {
                return Optional.of(List.of("public"));
            }
        } else {
            Matcher config = SET_CONFIG.matcher(s);
            if (!config.matches()) {
                return Optional.empty();
            }
            value = config.group(1).replace("''", "'");
        }
        List<String> path = new ArrayList<>();
        for (String part : value.split(",")) {
            String p = part.strip();
            if (p.startsWith("'") && p.endsWith("'") && p.length() >= 2) {
                p = p.substring(1, p.length() - 1).strip();
            }
            if (p.startsWith("\"") && p.endsWith("\"") && p.length() >= 2) {
                p = p.substring(1, p.length() - 1).replace("\"\"", "\"");
            } else {
                p = SqlText.lower(p);
            }
            if (!p.isEmpty() && !p.equals("$user")) {
                path.add(p);
            }
        }
        return Optional.of(path);
    }

    private static String stripLeadingComments(String sql) {
        String s = sql.strip();
        while (s.startsWith("--") || s.startsWith("/*")) {
            int end = s.startsWith("--") ? s.indexOf('\n') : s.indexOf("*/") + 1;
            if (end <= 0) {
                return "";
            }
            s = s.substring(end + 1).strip();
        }
        return s;
    }
}
