package dev.querylens.collect;

import com.fasterxml.jackson.core.JsonProcessingException;

/**
 * Says what went wrong while reading an input without echoing the input: parsers put the text
 * they choked on into their messages (Jackson quotes the token, e.g. a password or an email), and
 * a diagnostic may be shown anywhere. Only the kind of problem, and a position, are kept.
 */
public final class ReadFailure {
    private ReadFailure() {
    }

    public static String describe(Throwable t) {
        if (t instanceof StackOverflowError) {
            return "input nested too deeply to read";
        }
        if (t instanceof OutOfMemoryError) {
            return "input too large for the memory available (raise -Xmx)";
        }
        if (t instanceof com.fasterxml.jackson.core.exc.StreamConstraintsException) {
            return "JSON nested or sized beyond the parser's limits";
        }
        if (t instanceof JsonProcessingException j) {
            var at = j.getLocation();
            return "malformed JSON" + (at == null || at.getLineNr() < 0 ? ""
                    : " at line " + at.getLineNr() + ", column " + at.getColumnNr());
        }
        if (t instanceof java.util.zip.ZipException || t instanceof java.io.EOFException) {
            return "compressed data damaged or cut short";
        }
        if (t instanceof java.nio.file.NoSuchFileException) {
            return "no such file";
        }
        if (t instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (t instanceof java.io.IOException) {
            // file system and decompressor messages name the problem, not the content
            return t.getMessage() == null ? t.getClass().getSimpleName() : firstLine(t.getMessage());
        }
        return "internal error (" + t.getClass().getSimpleName() + ")";
    }

    private static String firstLine(String s) {
        String line = s.lines().findFirst().orElse("");
        return line.length() > 120 ? line.substring(0, 120) + "..." : line;
    }
}
