package dev.querylens.collect;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;

/**
 * One Azure Database for PostgreSQL resource-log record of category {@code PostgreSQLLogs}, as
 * diagnostic settings write it to a storage account (one JSON object a line, in PT1H.json blobs)
 * or to Event Hubs ({@code {"records":[...]}}): {@code time}, {@code resourceId},
 * {@code category}, {@code operationName} ("LogEvent") and {@code properties}. On a flexible
 * server {@code properties.message} is the whole line the server wrote, its log_line_prefix and
 * severity included, and {@code properties.detail} its DETAIL (bound parameters); the retired
 * single server gave the prefix apart in {@code properties.prefix} and the severity in
 * {@code properties.errorLevel}. Shapes as in pgBadger issue #752, pganalyze collector's Azure
 * tests and Microsoft Learn's "Logs in Azure Database for PostgreSQL".
 */
final class AzureLogRecord {
    static final String CATEGORY = "PostgreSQLLogs";

    private AzureLogRecord() {
    }

    /** Whether the record is a server log record; records of other categories hold no SQL. */
    static boolean isServerLog(JsonNode record) {
        JsonNode c = record.get("category");
        return c == null || c.isNull() || CATEGORY.equalsIgnoreCase(c.asText());
    }

    /** The line the server wrote, continuation lines included, or null when the record has no message. */
    static String serverLine(JsonNode properties) {
        String message = JsonLines.text(properties, "message");
        if (message == null) {
            return null;
        }
        String prefix = JsonLines.text(properties, "prefix");
        if (prefix == null || prefix.isEmpty() || message.startsWith(prefix)) {
            return message;
        }
        String level = JsonLines.text(properties, "errorLevel");
        return prefix + (level == null || level.isEmpty() ? "LOG" : level) + ":  " + message;
    }

    /** The DETAIL the record carries beside its message, or null. */
    static String detail(JsonNode properties) {
        String d = JsonLines.text(properties, "detail");
        return d == null || d.isEmpty() ? null : d;
    }

    /** The first line of each record's server line in a head that may be cut short. */
    static List<String> headLines(String head, ObjectMapper mapper) {
        List<String> found = new ArrayList<>();
        try (JsonParser p = mapper.getFactory().createParser(head)) {
            for (JsonToken t = p.nextToken(); t != null && found.size() < 40; t = p.nextToken()) {
                if (t == JsonToken.FIELD_NAME && "properties".equals(p.currentName()) && p.nextToken() == JsonToken.START_OBJECT) {
                    String line = serverLine(mapper.readTree(p));
                    if (line != null && !line.isBlank()) {
                        found.add(line.lines().findFirst().orElse(line));
                    }
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            // cut short: the records read so far decide
        }
        return found;
    }
}
