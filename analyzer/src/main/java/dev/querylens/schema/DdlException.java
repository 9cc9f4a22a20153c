package dev.querylens.schema;

/** A DDL statement the reader recognised but could not follow; it becomes a diagnostic. */
final class DdlException extends Exception {
    DdlException(String message) {
        super(message);
    }
}
