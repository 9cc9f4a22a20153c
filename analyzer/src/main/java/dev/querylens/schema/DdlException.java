package dev.querylens.schema;

/**
 * A DDL statement the reader recognised but could not follow; it becomes a diagnostic.
 * {@code lostSchema} says the catalog misses what the statement defined (a table it could not
 * read), which the run reports as lost input; otherwise the catalog is only less complete.
 */
final class DdlException extends Exception {
    private final boolean lostSchema;

    DdlException(String message) {
        this(message, false);
    }

    DdlException(String message, boolean lostSchema) {
        super(message);
        this.lostSchema = lostSchema;
    }

    boolean lostSchema() {
        return lostSchema;
    }
}
