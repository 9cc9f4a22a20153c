package dev.querylens.collect;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A JSON file a directory walk met that is none of QueryLens's inputs: one complete JSON document
 * (a translation table, an OpenAPI description, a fixture) whose start is no plan, log or export.
 * Repositories hold many; counting each as lost input would fail {@code check} on every project
 * that has a {@code locales/en.json}. A file that is not one complete document (cut short, several
 * documents as a log's lines are) may be a damaged input, and stays lost; so does any JSON file
 * named on the command line.
 */
final class ForeignJson {
    /** Larger files are not parsed to be told apart: they stay lost input, as before. */
    private static final long LARGEST = 64L << 20;
    private static final JsonFactory FACTORY = new JsonFactory();

    private ForeignJson() {
    }

    /** Whether {@code file} (its name ends in .json) holds exactly one complete JSON object or array. */
    static boolean isOneDocument(Path file) {
        if (!file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json")) {
            return false;
        }
        try {
            if (Files.size(file) > LARGEST) {
                return false;
            }
            try (JsonParser parser = FACTORY.createParser(file.toFile())) {
                JsonToken first = parser.nextToken();
                if (first != JsonToken.START_OBJECT && first != JsonToken.START_ARRAY) {
                    return false;
                }
                parser.skipChildren();
                return parser.nextToken() == null;
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
