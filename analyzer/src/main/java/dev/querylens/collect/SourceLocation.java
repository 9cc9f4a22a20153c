package dev.querylens.collect;

/** Where an input came from: a file (or "-" for stdin) and a 1-based line number, 0 when unknown. */
public record SourceLocation(String file, long line) {
    @Override
    public String toString() {
        return line > 0 ? file + ":" + line : file;
    }
}
