package dev.querylens.collect;

/** Where a source has got to in its input, so a failure can say where reading stopped. */
interface ReadPosition {
    /** 1-based line. */
    long line();

    /** Byte offset where that line starts. */
    long offset();
}
