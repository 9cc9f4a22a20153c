package dev.querylens.collect;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an execution says about where it came from, besides its SQL: the key='value' pairs of a
 * sqlcommenter-style comment (as sqlcommenter for Node/Drizzle/Knex, Rails' query logs, Django's
 * and Spring's integrations append them), and the application_name its session logged in with.
 * They are facts of the execution, never part of its fingerprint (pg_stat_statements ignores
 * comments too).
 *
 * <p>The sqlcommenter specification (google.github.io/sqlcommenter/spec): a comment after the
 * statement, {@code /*key='value',key2='value2'*}{@code /}, keys and values URL-encoded, values in
 * single quotes with {@code '} escaped as {@code \'}. Rails' query logs write the same comment with
 * {@code key:value} pairs and no quotes (its legacy format); both are read. A comment that is not
 * made of such pairs (an ordinary remark, an optimizer hint) gives no tags.
 *
 * @param values      the comment's pairs, decoded, in order; empty when there is none
 * @param application the session's application_name as the log gave it, else null
 */
public record QueryTags(Map<String, String> values, String application) {
    public static final QueryTags NONE = new QueryTags(Map.of(), null);
    /** A comment longer than this is not a tag comment: it is not read, so a huge statement costs nothing here. */
    private static final int MAX_COMMENT = 4_096;

    public QueryTags {
        // no copy of an empty map (a statement without a tag comment, given its application_name): one that, like the
        // copy, answers get(null)
        values = values == null ? Map.of() : values.isEmpty() ? java.util.Collections.emptyMap()
                : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
        application = application == null || application.isBlank() ? null : application;
    }

    /** The tags of the last comment of a statement's text: sqlcommenter puts it at the end, Rails may put it first. */
    public static QueryTags of(String sql) {
        if (sql == null) {
            return NONE;
        }
        int open = sql.lastIndexOf("/*");
        while (open >= 0) {
            int close = sql.indexOf("*/", open + 2);
            if (close > open && close - open <= MAX_COMMENT) {
                Map<String, String> pairs = pairs(sql.substring(open + 2, close).strip());
                if (!pairs.isEmpty()) {
                    return new QueryTags(pairs, null);
                }
            }
            open = open == 0 ? -1 : sql.lastIndexOf("/*", open - 1);
        }
        return NONE;
    }

    public boolean isEmpty() {
        return values.isEmpty() && application == null;
    }

    public QueryTags withApplication(String name) {
        return name == null || name.equals(application) ? this : new QueryTags(values, name);
    }

    /** With a {@code framework} tag, unless the comment already names one (it is the stronger evidence). */
    public QueryTags withFramework(String name) {
        if (name == null || values.containsKey("framework")) {
            return this;
        }
        Map<String, String> more = new LinkedHashMap<>(values);
        more.put("framework", name);
        return new QueryTags(more, application);
    }

    public String get(String key) {
        return values.get(key);
    }

    /** The request's own id: the W3C trace id of {@code traceparent} (version-traceid-spanid-flags), else a request id tag. */
    public String requestId() {
        if (values.isEmpty()) {
            return null; // most statements carry no comment: no array of keys to look up per execution
        }
        String traceparent = values.get("traceparent");
        if (traceparent != null) {
            String[] parts = traceparent.split("-");
            if (parts.length >= 3 && parts[1].length() == 32) {
                return parts[1];
            }
        }
        for (String key : new String[] {"request_id", "requestId", "request-id", "x-request-id"}) {
            if (values.containsKey(key)) {
                return values.get(key);
            }
        }
        return null;
    }

    /** The route (sqlcommenter {@code route}), else Rails' and Django's {@code controller#action}. */
    public String route() {
        if (values.containsKey("route")) {
            return values.get("route");
        }
        String controller = values.get("controller");
        String action = values.get("action");
        return controller == null ? null : action == null ? controller : controller + "#" + action;
    }

    /** The code that sent it: {@code file} (with {@code line}), or Rails' {@code source_location}. */
    public String callSite() {
        String file = values.getOrDefault("file", values.get("source_location"));
        if (file == null) {
            return null;
        }
        String line = values.get("line");
        return line == null || file.endsWith(":" + line) ? file : file + ":" + line;
    }

    /** The application: the comment's {@code application}/{@code app_name}, else application_name. */
    public String applicationName() {
        String tagged = values.getOrDefault("application", values.get("app_name"));
        return tagged != null ? tagged : application;
    }

    /** {@code framework} as sqlcommenter integrations write it ("django:3.2", "spring"), else null. */
    public String framework() {
        return values.get("framework");
    }

    private static Map<String, String> pairs(String body) {
        Map<String, String> out = new LinkedHashMap<>();
        int i = 0;
        int n = body.length();
        while (i < n) {
            int keyStart = i;
            while (i < n && body.charAt(i) != '=' && body.charAt(i) != ':' && body.charAt(i) != ',') {
                i++;
            }
            if (i >= n || body.charAt(i) == ',') {
                return Map.of(); // a word without a value: not a tag comment
            }
            String key = decode(body.substring(keyStart, i).strip());
            if (key.isEmpty() || !key.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.')) {
                return Map.of();
            }
            i++; // '=' or ':'
            String value;
            if (i < n && body.charAt(i) == '\'') {
                StringBuilder v = new StringBuilder();
                i++;
                while (i < n && body.charAt(i) != '\'') {
                    if (body.charAt(i) == '\\' && i + 1 < n) {
                        i++;
                    }
                    v.append(body.charAt(i++));
                }
                if (i >= n) {
                    return Map.of(); // an unclosed quote
                }
                i++;
                value = decode(v.toString());
            } else {
                int valueStart = i;
                while (i < n && body.charAt(i) != ',') {
                    i++;
                }
                value = body.substring(valueStart, i).strip();
                if (value.isEmpty() || value.contains(" ")) {
                    return Map.of(); // prose ("note: this is slow"), not a pair
                }
            }
            out.put(key, value);
            while (i < n && (body.charAt(i) == ',' || body.charAt(i) == ' ')) {
                i++;
            }
        }
        return out;
    }

    private static String decode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        try {
            // the spec URL-encodes with %20 for space; '+' stays a plus
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return s;
        }
    }
}
