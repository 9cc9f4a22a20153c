package dev.querylens.collect;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.util.function.Consumer;

/**
 * JSON records as log exports hold them: one object per line (what Cloud Logging's sinks and
 * kubectl write), or one array of them (what a console's "download as JSON" writes, pretty-printed
 * over many lines). The array is streamed object by object, never read whole; a damaged array
 * cannot be resynchronised, so reading stops there with a diagnostic and what came before is kept.
 */
final class JsonRecords {
    private JsonRecords() {
    }

    /** @param array whether the input is one JSON array (its first character is '['), else JSON Lines */
    static void read(String file, BufferedReader reader, boolean array, ObjectMapper mapper, String format, String requiredField,
                     Consumer<Diagnostic> diagnostics, JsonLines.RecordHandler handler) throws IOException {
        if (!array) {
            JsonLines.read(file, reader, mapper, format, requiredField, diagnostics, handler);
            return;
        }
        JsonParser p = mapper.getFactory().createParser(reader);
        long line = 1;
        try {
            p.nextToken(); // the array
            for (JsonToken t = p.nextToken(); t != null && t != JsonToken.END_ARRAY; t = p.nextToken()) {
                line = p.currentTokenLocation().getLineNr();
                if (t != JsonToken.START_OBJECT) {
                    p.skipChildren();
                    diagnostics.accept(Diagnostic.lost(file, line, -1, format + " array element that is not an object, skipped"));
                    continue;
                }
                JsonNode n = mapper.readTree(p);
                if (n == null || !n.hasNonNull(requiredField)) {
                    diagnostics.accept(Diagnostic.lost(file, line, -1, format + " record without \"" + requiredField + "\", skipped"));
                    continue;
                }
                handler.accept(line, n);
            }
        } catch (IOException | RuntimeException e) {
            diagnostics.accept(Diagnostic.lost(file, Math.max(line, p.currentLocation().getLineNr()), -1, "not a " + format
                    + " array from here (" + ReadFailure.describe(e) + "); what came before was read"));
        }
    }
}
