package dev.querylens.collect;

/** The kinds of input QueryLens reads. Detected from a file's content, not only its name. */
public enum SourceKind {
    SQL_FILE("sql"),
    STDERR_LOG("stderr-log"),
    CSV_LOG("csvlog"),
    JSON_LOG("jsonlog"),
    PG_STAT_STATEMENTS("pg-stat-statements"),
    JDBC_TRACE("jdbc-trace"),
    EXPLAIN_JSON("explain-json"),
    /** An application's own SQL log (Drizzle, Hibernate, p6spy, ...), see AppLogFormat. */
    APP_LOG("app-log");

    private final String label;

    SourceKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The kind with this label (as --source-format takes it), or null. */
    public static SourceKind ofLabel(String label) {
        for (SourceKind k : values()) {
            if (k.label.equals(label)) {
                return k;
            }
        }
        return null;
    }
}
