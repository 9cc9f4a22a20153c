package dev.querylens.report;

import java.util.regex.Pattern;

/**
 * Removes passwords from text before it is shown: connection URLs with user:password@, JDBC and
 * libpq password parameters. Applied to every string a report writer prints from an input, since
 * logs and diagnostics can carry connection strings.
 */
public final class Secrets {
    private static final Pattern URL_PASSWORD = Pattern.compile("(?i)(\\b[a-z][a-z0-9+.-]*://[^/\\s:@]*:)[^@\\s/]+@");
    private static final Pattern KEY_VALUE = Pattern.compile("(?i)\\b(password|passwd|pwd)(\\s*=\\s*)('[^']*'|\"[^\"]*\"|[^\\s&;,)]+)");

    private Secrets() {
    }

    public static String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String s = URL_PASSWORD.matcher(text).replaceAll("$1***@");
        return KEY_VALUE.matcher(s).replaceAll("$1$2***");
    }
}
