package dev.querylens.collect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.util.function.Consumer;

/**
 * Reads a JSON Lines input one object per line. A line that is not JSON, or not an object with
 * the field every record of the format has, becomes a diagnostic and reading goes on.
 */
final class JsonLines {
    /** What to do with each good record. */
    interface RecordHandler {
        void accept(long lineNumber, JsonNode record);
    }

    private JsonLines() {
    }

    static void read(String file, BufferedReader reader, ObjectMapper mapper, String format, String requiredField,
                     Consumer<Diagnostic> diagnostics, RecordHandler handler) throws IOException {
        String raw;
        long lineNumber = 0;
        while ((raw = reader.readLine()) != null) {
            lineNumber++;
            if (raw.isBlank()) {
                continue;
            }
            JsonNode n;
            try {
                n = mapper.readTree(raw);
            } catch (IOException | RuntimeException e) {
                diagnostics.accept(Diagnostic.lost(file, lineNumber, offset(reader), "not a " + format + " line ("
                        + ReadFailure.describe(e) + ", " + LineShape.of(raw) + "), skipped"));
                continue;
            }
            if (n == null || !n.isObject() || !n.hasNonNull(requiredField)) {
                diagnostics.accept(Diagnostic.lost(file, lineNumber, offset(reader), format + " line without \"" + requiredField
                        + "\" (" + LineShape.of(raw) + "), skipped"));
                continue;
            }
            handler.accept(lineNumber, n);
        }
    }

    private static long offset(BufferedReader reader) {
        return reader instanceof ReadPosition p ? p.offset() : -1;
    }

    /** A field's text, or null when absent or JSON null. */
    static String text(JsonNode n, String key) {
        JsonNode v = n.get(key);
        return v == null || v.isNull() ? null : v.asText();
    }
}
