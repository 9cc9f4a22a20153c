package dev.querylens.collect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Wraps a real PostgreSQL 15 log (the sample's stderr log, Debian's prefix {@code %m [%p] %q%u@%d },
 * and its jsonlog) the way each provider or shipper does, so a test can read the same run both
 * ways. The shapes follow the real exports in pgBadger's fixtures: syslog with the server's [n-k]
 * chunk numbers and #011 for a continuation's tab (pg-syslog.1), Heroku logplex (logplex.gz),
 * Cloud Logging entries with "[pid]: [n-k] " and the line in textPayload (cloudsql.log), and
 * CloudNativePG's instance-manager lines with the csvlog record as an object (cnpg.log).
 */
final class ProviderWrapping {
    private static final Pattern STDERR = Pattern.compile("^(\\d{4}-\\d\\d-\\d\\d) (\\d\\d:\\d\\d:\\d\\d)(\\.\\d+)? UTC \\[(\\d+)\\] (.*)$");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One server message: its first line's parts and its continuation lines (tab removed). */
    record Message(String date, String time, String fraction, String pid, String userAtDb, String rest, List<String> more) {
    }

    private ProviderWrapping() {
    }

    static List<Message> messages(String stderr) {
        List<Message> out = new ArrayList<>();
        for (String line : stderr.split("\n")) {
            Matcher m = STDERR.matcher(line);
            if (m.matches()) {
                String body = m.group(5);
                int level = body.indexOf(' ');
                boolean withUser = !body.matches("^[A-Z0-9]+:  .*");
                out.add(new Message(m.group(1), m.group(2), m.group(3) == null ? "" : m.group(3), m.group(4),
                        withUser ? body.substring(0, level) : null, withUser ? body.substring(level + 1) : body, new ArrayList<>()));
            } else if (line.startsWith("\t") && !out.isEmpty()) {
                out.get(out.size() - 1).more().add(line.substring(1));
            }
        }
        return out;
    }

    /** rsyslog's traditional format, log_line_prefix '%q%u@%d ' (syslog gives time and pid). */
    static String syslog(String stderr) {
        return syslog(stderr, true);
    }

    /** @param numbered syslog_sequence_numbers: whether the server writes its [n-k] chunk numbers */
    static String syslog(String stderr, boolean numbered) {
        StringBuilder b = new StringBuilder();
        Map<String, Integer> seq = new java.util.HashMap<>();
        for (Message m : messages(stderr)) {
            int n = seq.merge(m.pid(), 1, Integer::sum);
            String head = "Nov 25 " + m.time() + " db-host postgres[" + m.pid() + "]: ";
            b.append(head).append(numbered ? "[" + n + "-1] " : "").append(m.userAtDb() == null ? "" : m.userAtDb() + " ")
                    .append(m.rest()).append('\n');
            for (int k = 0; k < m.more().size(); k++) {
                b.append(head).append(numbered ? "[" + n + "-" + (k + 2) + "] " : "").append("#011").append(m.more().get(k)).append('\n');
            }
        }
        return b.toString();
    }

    /** Heroku logplex as a log drain receives it, log_line_prefix ' sql_error_code = %e '. */
    static String logplex(String stderr) {
        StringBuilder b = new StringBuilder();
        Map<String, Integer> seq = new java.util.HashMap<>();
        for (Message m : messages(stderr)) {
            int n = seq.merge(m.pid(), 1, Integer::sum);
            String head = m.date() + "T" + m.time() + "+00:00 app[postgres." + m.pid() + "]: [GREEN] [" + n + "-";
            b.append(head).append("1]  sql_error_code = 00000 ").append(m.rest()).append('\n');
            for (int k = 0; k < m.more().size(); k++) {
                b.append(head).append(k + 2).append("] \t").append(m.more().get(k)).append('\n');
            }
        }
        return b.toString();
    }

    /** Cloud Logging entries, one a line, log_line_prefix 'db=%d,user=%u '; each chunk its own entry. */
    static List<String> cloudSqlEntries(String stderr) throws IOException {
        List<String> out = new ArrayList<>();
        Map<String, Integer> seq = new java.util.HashMap<>();
        for (Message m : messages(stderr)) {
            int n = seq.merge(m.pid(), 1, Integer::sum);
            String user = m.userAtDb() == null ? "" : m.userAtDb().substring(0, m.userAtDb().indexOf('@'));
            String db = m.userAtDb() == null ? "" : m.userAtDb().substring(m.userAtDb().indexOf('@') + 1);
            String ts = m.date() + "T" + m.time() + m.fraction() + "Z";
            out.add(entry("[" + m.pid() + "]: [" + n + "-1] db=" + db + ",user=" + user + " " + m.rest(), ts));
            for (String more : m.more()) {
                out.add(entry("\t" + more, ts));
            }
        }
        return out;
    }

    /**
     * CloudWatch Logs events as {@code aws logs filter-log-events --output json} lists them, one
     * event a line: each event is a whole message, its continuation lines included, with RDS's
     * stream name; the prefix stays the server's own.
     */
    static String cloudWatch(String stderr) throws IOException {
        StringBuilder b = new StringBuilder();
        long id = 0;
        for (Message m : messages(stderr)) {
            StringBuilder text = new StringBuilder(m.date() + " " + m.time() + m.fraction() + " UTC [" + m.pid() + "] "
                    + (m.userAtDb() == null ? "" : m.userAtDb() + " ") + m.rest());
            m.more().forEach(l -> text.append("\n\t").append(l));
            long millis = java.time.LocalDateTime.parse(m.date() + "T" + m.time()).toInstant(java.time.ZoneOffset.UTC).toEpochMilli();
            ObjectNode e = JSON.createObjectNode();
            e.put("logStreamName", "taskboard-db.0");
            e.put("timestamp", millis);
            e.put("message", text.toString());
            e.put("ingestionTime", millis + 1000);
            e.put("eventId", String.format("%056d", ++id));
            b.append(JSON.writeValueAsString(e)).append('\n');
        }
        return b.toString();
    }

    private static String stderrLine(Message m) {
        return m.date() + " " + m.time() + m.fraction() + " UTC [" + m.pid() + "] " + (m.userAtDb() == null ? "" : m.userAtDb() + " ")
                + m.rest();
    }

    static long millis(Message m) {
        long ms = m.fraction().isEmpty() ? 0 : Long.parseLong((m.fraction().substring(1) + "000").substring(0, 3));
        return java.time.LocalDateTime.parse(m.date() + "T" + m.time()).toInstant(java.time.ZoneOffset.UTC).toEpochMilli() + ms;
    }

    /**
     * The same events as {@code aws logs get-log-events} prints them: one document, pretty-printed
     * with four spaces as the CLI's JSON output is, the paging tokens first (aws-cli's
     * awscli/examples/logs/get-log-events.rst; API_GetLogEvents response syntax). Events without
     * a stream name: get-log-events reads one stream.
     */
    static String cloudWatchDocument(String stderr) throws IOException {
        ObjectNode doc = JSON.createObjectNode();
        doc.put("nextForwardToken", "f/" + "3".repeat(56));
        com.fasterxml.jackson.databind.node.ArrayNode events = doc.putArray("events");
        for (Message m : messages(stderr)) {
            StringBuilder text = new StringBuilder(stderrLine(m));
            m.more().forEach(l -> text.append("\n\t").append(l));
            events.addObject().put("timestamp", millis(m)).put("message", text.toString()).put("ingestionTime", millis(m) + 1000);
        }
        doc.put("nextBackwardToken", "b/" + "3".repeat(56));
        return JSON.writer(new CliJsonLayout()).writeValueAsString(doc) + "\n";
    }

    /** Python's json.dumps(indent=4), which the AWS CLI's JSON output is: four spaces, "key": value. */
    private static final class CliJsonLayout extends com.fasterxml.jackson.core.util.DefaultPrettyPrinter {
        CliJsonLayout() {
            indentObjectsWith(new com.fasterxml.jackson.core.util.DefaultIndenter("    ", "\n"));
            indentArraysWith(new com.fasterxml.jackson.core.util.DefaultIndenter("    ", "\n"));
        }

        private CliJsonLayout(CliJsonLayout base) {
            super(base);
        }

        @Override
        public CliJsonLayout createInstance() {
            return new CliJsonLayout(this);
        }

        @Override
        public void writeObjectFieldValueSeparator(com.fasterxml.jackson.core.JsonGenerator g) throws IOException {
            g.writeRaw(": ");
        }
    }

    /**
     * The same events as {@code aws logs tail} prints them (aws-cli's
     * awscli/customizations/logs/tail.py): detailed, the default, is the time in ISO form with
     * microseconds and offset, the stream name and the message; short is the time to the second and
     * the message. A message's newlines are printed as they are.
     */
    static String cloudWatchTail(String stderr, boolean detailed) {
        StringBuilder b = new StringBuilder();
        for (Message m : messages(stderr)) {
            java.time.OffsetDateTime t = java.time.Instant.ofEpochMilli(millis(m)).atOffset(java.time.ZoneOffset.UTC);
            String head = detailed ? t.format(java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSxxx"))
                    + " taskboard-db.0 " : t.format(java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss")) + " ";
            StringBuilder text = new StringBuilder(head + stderrLine(m));
            m.more().forEach(l -> text.append("\n\t").append(l));
            b.append(text.toString().stripTrailing()).append('\n');
        }
        return b.toString();
    }

    /**
     * Azure Database for PostgreSQL flexible server's PostgreSQLLogs records as diagnostic settings
     * write them to a storage account, one a line (the shapes in pgBadger issue #752 and
     * pganalyze collector's input/system/azure tests): properties.message is the server's whole
     * line, prefix included, with a multi-line message's lines after newlines; the DETAIL that
     * stderr logs as the next message of the same backend is the record's properties.detail.
     */
    static String azureStorage(String stderr) throws IOException {
        StringBuilder b = new StringBuilder();
        for (ObjectNode r : azureRecords(stderr)) {
            b.append(JSON.writeValueAsString(r)).append('\n');
        }
        return b.toString();
    }

    /** The same records as one Event Hubs message, {@code {"records":[...]}}. */
    static String azureEventHub(String stderr) throws IOException {
        ObjectNode doc = JSON.createObjectNode();
        azureRecords(stderr).forEach(doc.putArray("records")::add);
        return JSON.writeValueAsString(doc) + "\n";
    }

    private static List<ObjectNode> azureRecords(String stderr) {
        List<ObjectNode> out = new ArrayList<>();
        Map<String, ObjectNode> lastOfPid = new java.util.HashMap<>();
        for (Message m : messages(stderr)) {
            ObjectNode previous = lastOfPid.get(m.pid());
            if (m.rest().startsWith("DETAIL:  ") && previous != null && !((ObjectNode) previous.get("properties")).has("detail")) {
                StringBuilder detail = new StringBuilder(m.rest().substring("DETAIL:  ".length()));
                m.more().forEach(l -> detail.append('\n').append(l));
                ((ObjectNode) previous.get("properties")).put("detail", detail.toString());
                continue;
            }
            StringBuilder text = new StringBuilder(stderrLine(m));
            m.more().forEach(l -> text.append('\n').append(l));
            ObjectNode r = JSON.createObjectNode();
            String level = m.rest().substring(0, m.rest().indexOf(':'));
            ObjectNode props = r.putObject("properties").put("timestamp", m.date() + " " + m.time() + m.fraction() + " UTC")
                    .put("processId", Integer.parseInt(m.pid())).put("errorLevel", level);
            if (level.equals("LOG")) {
                props.put("sqlerrcode", "00000"); // an error's own code is not in the stderr log to copy
            }
            props.put("message", text.toString());
            r.put("time", java.time.Instant.ofEpochMilli(millis(m) + 7).toString());
            r.put("resourceId", "/SUBSCRIPTIONS/00000000-0000-0000-0000-000000000000/RESOURCEGROUPS/QUERYLENS/PROVIDERS/"
                    + "MICROSOFT.DBFORPOSTGRESQL/FLEXIBLESERVERS/TASKBOARD-DB");
            r.put("location", "westeurope").put("category", "PostgreSQLLogs").put("operationName", "LogEvent");
            out.add(r);
            lastOfPid.put(m.pid(), r);
        }
        return out;
    }

    private static String entry(String payload, String ts) throws IOException {
        ObjectNode e = JSON.createObjectNode();
        e.put("insertId", Integer.toHexString(payload.hashCode()));
        e.put("logName", "projects/querylens-test/logs/cloudsql.googleapis.com%2Fpostgres.log");
        e.putObject("resource").put("type", "cloudsql_database");
        e.put("severity", "INFO");
        e.put("textPayload", payload);
        e.put("timestamp", ts);
        return JSON.writeValueAsString(e);
    }

    private static final String[][] CSV_NAMES = {{"timestamp", "log_time"}, {"user", "user_name"}, {"dbname", "database_name"},
            {"pid", "process_id"}, {"remote_host", "connection_from"}, {"session_id", "session_id"},
            {"line_num", "session_line_num"}, {"ps", "command_tag"}, {"session_start", "session_start_time"},
            {"vxid", "virtual_transaction_id"}, {"txid", "transaction_id"}, {"error_severity", "error_severity"},
            {"state_code", "sql_state_code"}, {"message", "message"}, {"detail", "detail"}, {"hint", "hint"},
            {"statement", "query"}, {"application_name", "application_name"}, {"backend_type", "backend_type"},
            {"query_id", "query_id"}};

    /** The parsed fields Supabase's Postgres logs guide lists; the message itself is event_message. */
    private static final java.util.Set<String> SUPABASE_PARSED = java.util.Set.of("query", "command_tag", "internal_query",
            "error_severity", "detail", "sql_state_code", "hint", "context", "session_id", "session_start_time", "connection_from",
            "user_name", "application_name", "database_name", "process_id", "backend_type");

    private static long micros(String pgTime) {
        return java.time.LocalDateTime.parse(pgTime.substring(0, 23).replace(' ', 'T')).toInstant(java.time.ZoneOffset.UTC)
                .toEpochMilli() * 1000;
    }

    /**
     * The run's jsonlog as Supabase's Logs Explorer gives postgres_logs rows, newest first as its
     * queries order them: timestamp in microseconds, event_message (the message alone), and the
     * csvlog columns either nested as metadata[0].parsed[0] (a query selecting metadata, as the
     * Studio's single-log query does) or flat, as the default query's {@code parsed.error_severity,
     * parsed.detail, parsed.hint} plus {@code parsed.session_id} and {@code parsed.user_name}.
     * Sources: supabase/supabase apps/studio Logs.utils.ts (genDefaultQuery, genSingleLogQuery),
     * LogTable.tsx (copy as JSON.stringify of the rows, download through CSVButton) and the
     * "How to Interpret and Explore the Postgres Logs" guide (the parsed fields).
     */
    static List<ObjectNode> supabaseRows(String jsonlog, boolean nested) throws IOException {
        List<ObjectNode> rows = new ArrayList<>();
        int id = 0;
        for (String line : jsonlog.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode in = JSON.readTree(line);
            ObjectNode row = JSON.createObjectNode();
            row.put("timestamp", micros(in.get("timestamp").asText()));
            row.put("id", String.format("00000000-0000-4000-8000-%012d", ++id));
            row.put("event_message", in.get("message").asText());
            if (nested) {
                ObjectNode parsed = row.putArray("metadata").addObject().put("host", "db-taskboard").putArray("parsed").addObject();
                for (String[] names : CSV_NAMES) {
                    if (in.has(names[0]) && SUPABASE_PARSED.contains(names[1])) {
                        if (names[1].equals("process_id")) {
                            parsed.put(names[1], in.get(names[0]).asInt());
                        } else {
                            parsed.put(names[1], in.get(names[0]).asText());
                        }
                    }
                }
            } else {
                row.put("error_severity", in.get("error_severity").asText());
                row.set("detail", in.has("detail") ? in.get("detail") : com.fasterxml.jackson.databind.node.NullNode.getInstance());
                row.set("hint", in.has("hint") ? in.get("hint") : com.fasterxml.jackson.databind.node.NullNode.getInstance());
                row.put("session_id", in.get("session_id").asText());
                row.set("user_name", in.has("user") ? in.get("user") : com.fasterxml.jackson.databind.node.NullNode.getInstance());
            }
            rows.add(row);
        }
        java.util.Collections.reverse(rows);
        return rows;
    }

    /** The rows as "Copy to clipboard" gives them: JSON.stringify of the array, one line. */
    static String supabaseJson(String jsonlog, boolean nested) throws IOException {
        return JSON.writeValueAsString(supabaseRows(jsonlog, nested));
    }

    /** The rows as "Download CSV" writes them (react-csv via CSVButton: every field quoted, objects and null as JSON). */
    static String supabaseCsv(String jsonlog) throws IOException {
        List<ObjectNode> rows = supabaseRows(jsonlog, false);
        List<String> keys = new ArrayList<>();
        rows.get(0).fieldNames().forEachRemaining(keys::add);
        StringBuilder b = new StringBuilder();
        b.append(String.join(",", keys.stream().map(k -> "\"" + k + "\"").toList()));
        for (ObjectNode r : rows) {
            b.append('\n').append(String.join(",", keys.stream().map(k -> {
                JsonNode v = r.get(k);
                String text = v == null ? "undefined" : v.isTextual() ? v.asText() : v.isNumber() ? v.asText() : v.toString();
                return "\"" + text.replace("\"", "\"\"") + "\"";
            }).toList()));
        }
        return b.toString();
    }

    /** CloudNativePG's pod log: an instance-manager line with the record, and one of the manager's own lines first. */
    static String cloudNativePg(String jsonlog) throws IOException {
        StringBuilder b = new StringBuilder("{\"level\":\"info\",\"ts\":1795596428.1,\"logger\":\"setup\",\"msg\":\"Starting CloudNativePG"
                + " Instance Manager\",\"logging_pod\":\"taskboard-1\"}\n");
        for (String line : jsonlog.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode in = JSON.readTree(line);
            ObjectNode out = JSON.createObjectNode();
            out.put("level", "info").put("ts", 1795596428.2).put("logger", "postgres").put("msg", "record")
                    .put("logging_pod", "taskboard-1");
            ObjectNode r = out.putObject("record");
            for (String[] names : CSV_NAMES) {
                if (in.has(names[0])) {
                    r.put(names[1], in.get(names[0]).asText());
                }
            }
            b.append(JSON.writeValueAsString(out)).append('\n');
        }
        return b.toString();
    }
}
