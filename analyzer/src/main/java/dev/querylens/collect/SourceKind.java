package dev.querylens.collect;

/** The kinds of input QueryLens reads. Detected from a file's content, not only its name. */
public enum SourceKind {
    SQL_FILE("sql"),
    STDERR_LOG("stderr-log"),
    EXPLAIN_JSON("explain-json");

    private final String label;

    SourceKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
