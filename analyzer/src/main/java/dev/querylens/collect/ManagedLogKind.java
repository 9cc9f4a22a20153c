package dev.querylens.collect;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Tells a managed or packaged server log from its first bytes: the wrapper (syslog, logplex, a
 * Cloud Logging or CloudWatch JSON entry, CloudNativePG's JSON record) and, inside it, the
 * log_line_prefix the server wrote, found by trying the prefixes providers set and pgBadger's
 * documentation lists, and keeping the one most of the first lines parse with.
 */
final class ManagedLogKind {
    /**
     * Prefixes seen inside wrappers, where syslog or the provider already gives the time and pid:
     * pgBadger's syslog examples, Heroku's, Cloud SQL's (its "[pid]: [n-k] " is peeled first), and
     * none at all. The full stderr prefixes are tried too, for servers that keep them.
     */
    static final List<String> INNER_PREFIXES = List.of(
            "%q%u@%d ",
            "db=%d,user=%u,app=%a,client=%h ",
            "user=%u,db=%d,app=%a,client=%h ",
            "user=%u,db=%d,host=%h,app=%a ",
            "db=%d,user=%u ",
            " sql_error_code = %e ",
            "sql_error_code = %e ",
            "");
    private static final Pattern CLOUD_SQL_CHUNK = Pattern.compile("^(?:\\[\\d+\\]: )?\\[\\d+-\\d+\\] ?");

    private ManagedLogKind() {
    }

    /** The wrapped kind of a JSON head whose first object has these fields, or null. */
    static InputKind.Detected detectJson(String trimmed, Set<String> firstFields, LogLinePrefix configured, ObjectMapper mapper) {
        boolean array = trimmed.startsWith("[");
        if (firstFields.contains("msg") && firstFields.contains("logger") && trimmed.contains("\"record\":{")) {
            return new InputKind.Detected(SourceKind.CLOUDNATIVEPG, null, array);
        }
        if (firstFields.contains("properties") && (firstFields.contains("operationName") || firstFields.contains("category"))
                || firstFields.contains("records") && trimmed.contains("\"" + AzureLogRecord.CATEGORY + "\"")) {
            return withPrefix(SourceKind.AZURE, AzureLogRecord.headLines(trimmed, mapper), configured, false,
                    firstFields.contains("records") ? "records" : null);
        }
        if (firstFields.contains("events") && (trimmed.contains("\"ingestionTime\"") || firstFields.contains("nextForwardToken")
                || firstFields.contains("searchedLogStreams"))) {
            // what aws logs get-log-events / filter-log-events print: the events in one document
            return withPrefix(SourceKind.CLOUDWATCH, strings(trimmed, "message", mapper), configured, false, "events");
        }
        SourceKind kind = firstFields.contains("textPayload") ? SourceKind.CLOUD_SQL
                : firstFields.contains("message") && firstFields.contains("timestamp")
                        && (firstFields.contains("logStreamName") || firstFields.contains("ingestionTime")
                            || firstFields.contains("eventId")) ? SourceKind.CLOUDWATCH : null;
        if (kind == null) {
            return null;
        }
        List<String> inner = strings(trimmed, JsonWrappedLogSource.payloadField(kind), mapper).stream()
                .map(s -> CLOUD_SQL_CHUNK.matcher(s).replaceFirst("")).toList();
        return withPrefix(kind, inner, configured, array, null);
    }

    /**
     * Supabase Logs Explorer rows: csvlog's columns, no prefix to find. Asked before the other
     * JSON kinds, since a row's message can hold any word (a pg_stat_statements column name too).
     */
    static InputKind.Detected detectSupabaseJson(String trimmed, Set<String> firstFields) {
        return trimmed.startsWith("[") && firstFields.contains("event_message") && firstFields.contains("timestamp")
                ? new InputKind.Detected(SourceKind.SUPABASE, null, true) : null;
    }

    /** A Supabase Logs Explorer CSV download: its header names the row's keys, each quoted. */
    static InputKind.Detected detectCsvHeader(String firstLine) {
        List<String> names = List.of(firstLine.replace("\"", "").split(","));
        return names.contains("event_message") && names.contains("timestamp")
                ? new InputKind.Detected(SourceKind.SUPABASE, null, false) : null;
    }

    /** A syslog or logplex head, or null. */
    static InputKind.Detected detectLines(String text, LogLinePrefix configured) {
        List<String> lines = text.lines().filter(l -> !l.isBlank()).limit(40).toList();
        LogEnvelope envelope = LogEnvelope.of(lines);
        if (envelope == null) {
            return detectCloudWatchTail(lines, configured);
        }
        List<String> inner = lines.stream().map(envelope::unwrap).filter(u -> u != null && u.chunk() <= 1)
                .map(LogEnvelope.Line::text).toList();
        return withPrefix(envelope == LogEnvelope.LOGPLEX ? SourceKind.LOGPLEX : SourceKind.SYSLOG, inner, configured, false, null);
    }

    /** Lines aws logs tail printed (see CloudWatchTailLine), when most of the first ones are. */
    private static InputKind.Detected detectCloudWatchTail(List<String> lines, LogLinePrefix configured) {
        List<String> firsts = lines.stream().filter(l -> !l.startsWith("\t")).toList();
        List<String> inner = firsts.stream().map(CloudWatchTailLine::unwrap).filter(u -> u != null).toList();
        if (inner.isEmpty() || inner.size() * 2 < firsts.size()) {
            return null;
        }
        return withPrefix(SourceKind.CLOUDWATCH_TAIL, inner, configured, false, null);
    }

    private static InputKind.Detected withPrefix(SourceKind kind, List<String> inner, LogLinePrefix configured, boolean array,
                                                 String recordsField) {
        String joined = String.join("\n", inner);
        LogLinePrefix prefix = configured != null ? InputKind.probe(joined, configured)
                : InputKind.probeAmong(joined, Stream.concat(INNER_PREFIXES.stream(), InputKind.COMMON_PREFIXES.stream())
                        .map(LogLinePrefix::compile).toList());
        if (prefix == null) {
            return null;
        }
        return new InputKind.Detected(kind, prefix, array, configured == null, recordsField);
    }

    /** The string values of a field anywhere in the first JSON values of a head that may be cut short. */
    private static List<String> strings(String head, String field, ObjectMapper mapper) {
        List<String> found = new ArrayList<>();
        try (JsonParser p = mapper.getFactory().createParser(head)) {
            for (JsonToken t = p.nextToken(); t != null && found.size() < 40; t = p.nextToken()) {
                if (t == JsonToken.FIELD_NAME && field.equals(p.currentName()) && p.nextToken() == JsonToken.VALUE_STRING) {
                    p.getText().lines().filter(l -> !l.isBlank() && !l.startsWith("\t")).forEach(found::add);
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            // cut short: the values read so far decide
        }
        return found;
    }
}
