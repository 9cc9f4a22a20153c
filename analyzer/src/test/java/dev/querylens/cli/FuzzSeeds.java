package dev.querylens.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.querylens.Samples;
import dev.querylens.collect.Execution;
import dev.querylens.collect.InputFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorOutputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorOutputStream;

/**
 * The inputs the fuzz test damages: the bundled samples of every format (logs cut to their first
 * 96 KiB, past the 64 KiB that kind detection reads, so a run stays fast), and the formats the
 * samples do not ship (pg_stat_statements CSV and JSON, a JDBC trace) written from the sample
 * log's own executions.
 */
final class FuzzSeeds {
    private static final int MAX_SEED_BYTES = 96 * 1024;

    /** One input: the name it is written under (its extension matters for .sql) and its bytes. */
    record Seed(String name, byte[] bytes) {
    }

    private FuzzSeeds() {
    }

    static List<Seed> load() throws IOException {
        List<Seed> seeds = new ArrayList<>();
        for (Path p : List.of(Samples.MIGRATIONS.resolve("0000_initial_schema.sql"), Samples.MIGRATIONS.resolve("0001_activity_and_rls.sql"),
                Samples.TASKBOARD.resolve("queries/reports.sql"), Samples.STDERR_LOG, Samples.STATEMENT_ALL_LOG,
                Samples.ROOT.resolve("formats/taskboard-csvlog.csv"), Samples.ROOT.resolve("formats/taskboard-jsonlog.json"),
                Samples.PLANS.resolve("comments-of-task.json"), Samples.PLANS.resolve("project-open-counts.json"),
                // managed and packaged logs (issue #19): the same run wrapped as each provider does
                Samples.ROOT.resolve("formats/taskboard-syslog.log"), Samples.ROOT.resolve("formats/taskboard-heroku-logplex.log"),
                Samples.ROOT.resolve("formats/taskboard-cloudsql.json"), Samples.ROOT.resolve("formats/taskboard-cloudnativepg.json"),
                Samples.ROOT.resolve("formats/taskboard-cloudwatch-get-log-events.json"),
                Samples.ROOT.resolve("formats/taskboard-cloudwatch-tail.log"),
                Samples.ROOT.resolve("formats/taskboard-azure-postgresqllogs.json"),
                Samples.ROOT.resolve("formats/taskboard-supabase-postgres-logs.json"),
                Samples.ROOT.resolve("formats/taskboard-alloydb.json"))) {
            byte[] b = Files.readAllBytes(p);
            seeds.add(new Seed(p.getFileName().toString(), b.length > MAX_SEED_BYTES ? lastCompleteLineBefore(b, MAX_SEED_BYTES) : b));
        }
        List<Execution> executions = new ArrayList<>();
        new InputFiles(null, new ObjectMapper()).read(Samples.STDERR_LOG, executions::add, d -> { });
        List<Execution> some = executions.subList(0, Math.min(400, executions.size()));
        seeds.add(new Seed("trace.jsonl", trace(some)));
        seeds.add(new Seed("pgss.csv", pgssCsv(some)));
        seeds.add(new Seed("pgss.json", pgssJson(some)));
        return seeds;
    }

    private static byte[] trace(List<Execution> executions) throws IOException {
        ObjectMapper json = new ObjectMapper();
        StringBuilder b = new StringBuilder();
        for (Execution e : executions) {
            ObjectNode o = json.createObjectNode();
            o.put("sql", e.sql());
            ArrayNode params = o.putArray("params");
            (e.params() == null ? List.<String>of() : e.params()).forEach(params::add);
            o.put("connection", e.session());
            o.put("durationNanos", Double.isNaN(e.durationMs()) ? 0 : (long) (e.durationMs() * 1_000_000));
            b.append(json.writeValueAsString(o)).append('\n');
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static Map<String, long[]> calls(List<Execution> executions) {
        Map<String, long[]> calls = new LinkedHashMap<>();
        executions.forEach(e -> calls.computeIfAbsent(e.sql(), k -> new long[1])[0]++);
        return calls;
    }

    private static byte[] pgssCsv(List<Execution> executions) {
        StringBuilder b = new StringBuilder("userid,dbid,queryid,query,calls,total_exec_time,rows\n");
        long id = 1;
        for (var e : calls(executions).entrySet()) {
            b.append("10,16384,").append(id++).append(",\"").append(e.getKey().replace("\"", "\"\"")).append("\",")
                    .append(e.getValue()[0]).append(',').append(e.getValue()[0] * 0.25).append(",1\n");
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] pgssJson(List<Execution> executions) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ArrayNode rows = json.createArrayNode();
        for (var e : calls(executions).entrySet()) {
            rows.addObject().put("query", e.getKey()).put("calls", e.getValue()[0]).put("total_exec_time", e.getValue()[0] * 0.25);
        }
        return json.writerWithDefaultPrettyPrinter().writeValueAsBytes(rows);
    }

    /** The bytes up to and including the last newline before {@code n}: the complete lines that damage at n leaves intact. */
    static byte[] lastCompleteLineBefore(byte[] b, long n) {
        int end = (int) Math.min(n, b.length);
        while (end > 0 && b[end - 1] != '\n') {
            end--;
        }
        return Arrays.copyOf(b, end);
    }

    static byte[] insert(byte[] b, int at, byte[] inserted) {
        byte[] out = new byte[b.length + inserted.length];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(inserted, 0, out, at, inserted.length);
        System.arraycopy(b, at, out, at + inserted.length, b.length - at);
        return out;
    }

    static byte[] gzip(byte[] data) throws IOException {
        return compress("GZIP", data);
    }

    static byte[] compress(String how, byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream c = switch (how) {
            case "GZIP" -> new GZIPOutputStream(out);
            case "BZIP2" -> new BZip2CompressorOutputStream(out);
            case "XZ" -> new XZCompressorOutputStream(out);
            default -> new ZstdCompressorOutputStream(out);
        }) {
            c.write(data);
        }
        return out.toByteArray();
    }
}
