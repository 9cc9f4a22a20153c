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
    // managed and packaged server logs: the server's lines inside a provider's or shipper's wrapper
    SYSLOG("syslog"),
    LOGPLEX("heroku-logplex"),
    CLOUD_SQL("cloudsql"),
    CLOUDWATCH("cloudwatch"),
    /** CloudWatch Logs events as aws logs tail (or the console's text export) prints them. */
    CLOUDWATCH_TAIL("cloudwatch-text"),
    /** Azure Database for PostgreSQL's PostgreSQLLogs resource-log records. */
    AZURE("azure-postgresql"),
    /** Supabase Logs Explorer exports of postgres_logs rows (JSON or CSV). */
    SUPABASE("supabase-logs"),
    CLOUDNATIVEPG("cloudnativepg"),
    /** An application's own SQL log (Drizzle, Hibernate, p6spy, ...), see AppLogFormat. */
    APP_LOG("app-log");

    private final String label;

    SourceKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** A PostgreSQL server log, in any of its formats. */
    public boolean isServerLog() {
        return this == STDERR_LOG || this == CSV_LOG || this == JSON_LOG
                // a provider's wrapping of the same server log: connection lines included
                || this == SYSLOG || this == LOGPLEX || this == CLOUD_SQL || this == CLOUDWATCH || this == CLOUDNATIVEPG
                || this == CLOUDWATCH_TAIL || this == AZURE || this == SUPABASE;
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
