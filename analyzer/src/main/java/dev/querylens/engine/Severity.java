package dev.querylens.engine;

import java.util.Locale;

/** How much a finding matters; the CI gate fails on findings at or above a chosen severity. */
public enum Severity {
    INFO, WARNING, ERROR;

    public static Severity parse(String s) {
        return valueOf(s.trim().toUpperCase(Locale.ROOT));
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
