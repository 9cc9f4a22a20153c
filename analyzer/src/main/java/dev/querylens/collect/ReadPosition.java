package dev.querylens.collect;

/** Where a source has got to in its input, so a failure can say where reading stopped. */
interface ReadPosition {
    /** 1-based line. */
    long line();

    /** Byte offset where that line starts. */
    long offset();

    /** Byte offset of the next byte not yet read: where the next line starts. */
    long consumed();

    /** The position of a reader, or null when it does not know it. */
    static ReadPosition of(java.io.Reader reader) {
        return reader instanceof ReadPosition p ? p : null;
    }
}
