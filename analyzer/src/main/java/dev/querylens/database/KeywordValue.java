package dev.querylens.database;

import java.util.Map;

/**
 * libpq's keyword/value connection string: {@code host=db port=5432 dbname='my db' password='a\'b'},
 * values bare or in single quotes with backslash escapes, spaces around {@code =} allowed.
 */
final class KeywordValue {
    private KeywordValue() {
    }

    static void parse(String text, Map<String, String> out) throws ConnectionSettings.Malformed {
        int i = 0;
        int n = text.length();
        while (true) {
            while (i < n && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            if (i >= n) {
                return;
            }
            int start = i;
            while (i < n && text.charAt(i) != '=' && !Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            String key = text.substring(start, i);
            while (i < n && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            if (i >= n || text.charAt(i) != '=' || key.isEmpty()) {
                throw new ConnectionSettings.Malformed("connection settings are keyword=value pairs; one has no '=' after its keyword");
            }
            i++;
            while (i < n && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            StringBuilder value = new StringBuilder();
            if (i < n && text.charAt(i) == '\'') {
                i++;
                while (i < n && text.charAt(i) != '\'') {
                    if (text.charAt(i) == '\\' && i + 1 < n) {
                        i++;
                    }
                    value.append(text.charAt(i++));
                }
                if (i >= n) {
                    throw new ConnectionSettings.Malformed("the value of " + key + " has an unterminated quote");
                }
                i++;
            } else {
                while (i < n && !Character.isWhitespace(text.charAt(i))) {
                    if (text.charAt(i) == '\\' && i + 1 < n) {
                        i++;
                    }
                    value.append(text.charAt(i++));
                }
            }
            out.put(key, value.toString());
        }
    }
}
