package dev.querylens.collect;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The sample's real PostgreSQL 15 stderr log as AlloyDB for PostgreSQL's entries in Cloud Logging
 * (log alloydb.googleapis.com/postgres.log, resource alloydb.googleapis.com/Instance), the shape
 * of the real entries quoted in https://github.com/darold/pgbadger/issues/762 and
 * https://github.com/pganalyze/collector/issues/272:
 * <ul>
 * <li>textPayload is the server's whole line, log_line_prefix '%m [%p]: [%l-1] db=%d,user=%u '
 * (user and database empty for a process without a session: "db=,user= LOG:  ...");</li>
 * <li>after the level of a message's own text, AlloyDB writes the source file and line that raised
 * it and two spaces ("ERROR:  [nbtinsert.c:671]  duplicate key ...", "LOG:  [g_vacuum.c:851]
 * Autovacuum ..."); a STATEMENT line has none in #762, so DETAIL, STATEMENT, HINT and CONTEXT get
 * none here. The file names below are where PostgreSQL 15 raises these messages; the line numbers
 * stand in for those of AlloyDB's own build, which a reader must not depend on;</li>
 * <li>a multi-line message is one entry: Google's "Track BigQuery federated queries"
 * (https://cloud.google.com/bigquery/docs/alloydb-federated-queries) finds a STATEMENT by the
 * comment on its last lines with one textPayload filter. Its lines follow a newline and a tab, as
 * the stderr log writes them.</li>
 * </ul>
 */
final class AlloyDbWrapping {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final java.util.Set<String> NO_SOURCE = java.util.Set.of("DETAIL", "STATEMENT", "HINT", "CONTEXT");

    private AlloyDbWrapping() {
    }

    /** One entry a line, as the Logs Explorer's "Download" (JSON) and gcloud logging read --format=json give them. */
    static List<String> entries(String stderr) throws IOException {
        List<String> out = new ArrayList<>();
        Map<String, Integer> seq = new java.util.HashMap<>();
        for (ProviderWrapping.Message m : ProviderWrapping.messages(stderr)) {
            int n = seq.merge(m.pid(), 1, Integer::sum);
            String user = m.userAtDb() == null ? "" : m.userAtDb().substring(0, m.userAtDb().indexOf('@'));
            String db = m.userAtDb() == null ? "" : m.userAtDb().substring(m.userAtDb().indexOf('@') + 1);
            int colon = m.rest().indexOf(":  ");
            String level = m.rest().substring(0, colon);
            String text = m.rest().substring(colon + 3);
            StringBuilder payload = new StringBuilder(m.date() + " " + m.time() + m.fraction() + " UTC [" + m.pid() + "]: [" + n
                    + "-1] db=" + db + ",user=" + user + " " + level + ":  ");
            if (!NO_SOURCE.contains(level)) {
                payload.append('[').append(source(text)).append("]  ");
            }
            payload.append(text);
            m.more().forEach(l -> payload.append("\n\t").append(l));
            ObjectNode e = JSON.createObjectNode();
            e.put("textPayload", payload.toString());
            e.put("insertId", "s=" + Integer.toHexString(payload.toString().hashCode()) + ";i=" + Integer.toHexString(out.size()));
            ObjectNode resource = e.putObject("resource").put("type", "alloydb.googleapis.com/Instance");
            resource.putObject("labels").put("instance_id", "taskboard-primary").put("location", "europe-west1")
                    .put("resource_container", "projects/000000000000").put("cluster_id", "taskboard");
            e.put("timestamp", java.time.Instant.ofEpochMilli(ProviderWrapping.millis(m)).toString());
            e.put("severity", switch (level) {
                case "ERROR", "FATAL", "PANIC" -> "ERROR";
                case "WARNING" -> "WARNING";
                default -> "INFO";
            });
            e.putObject("labels").put("NODE_ID", "q1x7");
            e.put("logName", "projects/querylens-test/logs/alloydb.googleapis.com%2Fpostgres.log");
            out.add(JSON.writeValueAsString(e));
        }
        return out;
    }

    private static String source(String text) {
        if (text.contains("  plan:")) {
            return "auto_explain.c:411";
        }
        if (text.startsWith("duration:") || text.startsWith("statement:") || text.startsWith("execute ")) {
            return "postgres.c:1322";
        }
        if (text.startsWith("connection received")) {
            return "postmaster.c:4430";
        }
        if (text.startsWith("connection authorized")) {
            return "postinit.c:280";
        }
        if (text.startsWith("disconnection:")) {
            return "postgres.c:4953";
        }
        return "elog.c:1";
    }
}
