package dev.querylens.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.querylens.advisor.IndexRecommendation;
import dev.querylens.workload.StatementGroup;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The before/after pair for a report's recommended indexes, as input to the benchmarks jar
 * ({@code UserAdviceBenchmark}): the index DDL and the statements they serve, each with the
 * parameter values seen in the workload, ready for JDBC ({@code jdbcSql} with ? and the values in
 * the order the ? appear). Unlike a report it contains literal values, which is why
 * it is written only when the user asks for it (--emit-bench).
 */
public final class BenchmarkSpec {
    public static final String FILE = "querylens-bench.json";

    private BenchmarkSpec() {
    }

    /** Writes the spec into {@code dir}; returns how many statements could not be included (no parameter values seen). */
    public static int write(Report report, Path dir) throws IOException {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("version", 1);
        ArrayNode indexes = root.putArray("indexes");
        Set<String> served = new LinkedHashSet<>();
        for (IndexRecommendation r : report.indexRecommendations()) {
            indexes.addObject().put("name", r.index().qualifiedName()).put("ddl", r.index().createStatement());
            served.addAll(r.queries());
        }
        ArrayNode statements = root.putArray("statements");
        int skipped = 0;
        for (StatementGroup g : report.statements()) {
            if (!served.contains(g.fingerprint().id()) || !isRead(g.sql())) {
                continue;
            }
            int params = dev.querylens.sql.Fingerprinter.highestParameter(g.sql());
            List<List<String>> samples = g.completeSamples();
            if (params > 0 && samples.isEmpty()) {
                skipped++;
                continue;
            }
            // JDBC takes ? in text order; $n may be out of order ("limit $2 offset $1") or repeated
            List<Integer> order = new java.util.ArrayList<>();
            String jdbc = java.util.regex.Pattern.compile("\\$(\\d+)").matcher(g.sql()).replaceAll(m -> {
                order.add(Integer.parseInt(m.group(1)));
                return "?";
            });
            ObjectNode s = statements.addObject();
            s.put("fingerprint", g.fingerprint().id());
            s.put("sql", g.sql());
            s.put("jdbcSql", jdbc);
            s.put("calls", g.calls());
            ArrayNode values = s.putArray("params");
            for (List<String> sample : samples) {
                ArrayNode tuple = values.addArray();
                order.forEach(n -> tuple.add(sample.get(n - 1)));
            }
        }
        // it holds the values the workload bound: for the owner's eyes only, whatever the umask
        AtomicFile.write(dir.resolve(FILE), AtomicFile.Readers.OWNER_ONLY, w -> mapper.writeValue(w, root));
        return skipped;
    }

    /**
     * The harness executes these statements on the user's disposable database, so only what is
     * exactly one read statement goes in the spec (the harness checks again before it runs one).
     */
    static boolean isRead(String sql) {
        return dev.querylens.database.SingleStatement.of(sql).accepted().filter(dev.querylens.database.SingleStatement::isRead).isPresent();
    }
}
