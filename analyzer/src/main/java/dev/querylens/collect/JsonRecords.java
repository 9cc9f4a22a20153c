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
 * over many lines), or documents that hold the records in one array field (what {@code aws logs
 * get-log-events} prints: {@code {"events":[...],"nextForwardToken":...}}; an Azure Event Hubs
 * message: {@code {"records":[...]}}), several of them one after another when pages were appended
 * to one file. Arrays are streamed object by object, never read whole; a damaged array cannot be
 * resynchronised, so reading stops there with a diagnostic and what came before is kept.
 */
final class JsonRecords {
    private JsonRecords() {
    }

    /** @param array whether the input is one JSON array (its first character is '['), else JSON Lines */
    static void read(String file, BufferedReader reader, boolean array, ObjectMapper mapper, String format, String requiredField,
                     Consumer<Diagnostic> diagnostics, JsonLines.RecordHandler handler) throws IOException {
        read(file, reader, array, null, mapper, format, requiredField, diagnostics, handler);
    }

    /** @param enclosing the field of a top-level document that holds the records' array, or null */
    static void read(String file, BufferedReader reader, boolean array, String enclosing, ObjectMapper mapper, String format,
                     String requiredField, Consumer<Diagnostic> diagnostics, JsonLines.RecordHandler handler) throws IOException {
        if (!array && enclosing == null) {
            JsonLines.read(file, reader, mapper, format, requiredField, diagnostics, handler);
            return;
        }
        JsonParser p = mapper.getFactory().createParser(reader);
        long[] line = {1};
        try {
            if (enclosing == null) {
                p.nextToken(); // the array
                elements(file, p, mapper, format, requiredField, diagnostics, handler, line);
                return;
            }
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                line[0] = p.currentTokenLocation().getLineNr();
                if (t != JsonToken.START_OBJECT) {
                    p.skipChildren();
                    diagnostics.accept(Diagnostic.lost(file, line[0], at(p), format + " value that is not a document with \""
                            + enclosing + "\", skipped"));
                    continue;
                }
                for (t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                    boolean records = enclosing.equals(p.currentName());
                    if (p.nextToken() == JsonToken.START_ARRAY && records) {
                        elements(file, p, mapper, format, requiredField, diagnostics, handler, line);
                    } else {
                        p.skipChildren(); // the paging tokens, searchedLogStreams
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            diagnostics.accept(Diagnostic.lost(file, Math.max(line[0], p.currentLocation().getLineNr()), p.currentLocation().getCharOffset(), "not a " + format
                    + " array from here (" + ReadFailure.describe(e) + "); what came before was read"));
        }
    }

    /** The objects of the array whose START_ARRAY was just read, up to its END_ARRAY. */
    private static void elements(String file, JsonParser p, ObjectMapper mapper, String format, String requiredField,
                                 Consumer<Diagnostic> diagnostics, JsonLines.RecordHandler handler, long[] line) throws IOException {
        for (JsonToken t = p.nextToken(); t != null && t != JsonToken.END_ARRAY; t = p.nextToken()) {
            line[0] = p.currentTokenLocation().getLineNr();
            if (t != JsonToken.START_OBJECT) {
                p.skipChildren();
                diagnostics.accept(Diagnostic.lost(file, line[0], at(p), format + " array element that is not an object, skipped"));
                continue;
            }
            JsonNode n = mapper.readTree(p);
            if (n == null || !n.hasNonNull(requiredField)) {
                diagnostics.accept(Diagnostic.lost(file, line[0], at(p), format + " record without \"" + requiredField + "\", skipped"));
                continue;
            }
            handler.accept(line[0], n);
        }
    }

    /**
     * Where the current value starts, counted in characters of the decoded text: the byte offset
     * for the ASCII that log exports are, a lower bound otherwise.
     */
    private static long at(JsonParser p) {
        return p.currentTokenLocation().getCharOffset();
    }
}
