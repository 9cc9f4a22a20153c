package dev.querylens.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;

/**
 * Runs JMH with the usual command line (java -jar benchmarks.jar [JMH options]), then prints and
 * writes a before/after table: for each harness, the slow way's time divided by each better way's,
 * with an error margin from both scores' margins. The table goes to querylens-bench-summary.txt
 * (or -Dsummary.file).
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws Exception {
        CommandLineOptions options = new CommandLineOptions(args);
        if (options.shouldHelp() || options.shouldList() || options.shouldListWithParams() || options.shouldListProfilers()
                || options.shouldListResultFormats()) {
            org.openjdk.jmh.Main.main(args);
            return;
        }
        // UserAdviceBenchmark needs a user's database and spec file: run it only when asked for
        if (options.getIncludes().isEmpty() || options.getIncludes().stream().noneMatch(i -> i.contains("UserAdvice"))) {
            options = new CommandLineOptions(java.util.stream.Stream.concat(java.util.Arrays.stream(args),
                    java.util.stream.Stream.of("-e", "UserAdvice")).toArray(String[]::new));
        }
        Collection<RunResult> results = new Runner(options).run();
        String summary = summary(results);
        System.out.println(summary);
        Path file = Path.of(System.getProperty("summary.file", "querylens-bench-summary.txt"));
        Files.writeString(file, summary);
        System.out.println("summary written to " + file.toAbsolutePath());
    }

    /** Score and error of one benchmark method at one parameter set. */
    private record Score(double value, double error, String unit) {
    }

    static String summary(Collection<RunResult> results) throws IOException {
        Map<String, Score> scores = new TreeMap<>();
        for (RunResult r : results) {
            var p = r.getParams();
            String method = p.getBenchmark().substring(p.getBenchmark().lastIndexOf('.', p.getBenchmark().lastIndexOf('.') - 1) + 1);
            List<String> params = new ArrayList<>();
            for (String key : p.getParamsKeys()) {
                params.add(key + "=" + p.getParam(key));
            }
            double error = r.getPrimaryResult().getScoreError();
            scores.put(method + (params.isEmpty() ? "" : " [" + String.join(", ", params) + "]"),
                    new Score(r.getPrimaryResult().getScore(), Double.isNaN(error) ? 0 : error, r.getPrimaryResult().getScoreUnit()));
        }
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%nQueryLens benchmarks on %d cores, %s, Java %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.arch"), System.getProperty("java.version")));
        b.append(String.format(Locale.ROOT, "%-80s %14s %12s%n", "benchmark", "score", "error"));
        scores.forEach((k, s) -> b.append(String.format(Locale.ROOT, "%-80s %14.3f %12.3f %s%n", k, s.value(), s.error(), s.unit())));
        b.append(String.format(Locale.ROOT, "%nBefore / after (speedup = slow time / fast time, ± from both error margins)%n"));
        for (String key : scores.keySet()) {
            String slow = null;
            String fast = null;
            if ((key.startsWith("MissingIndexBenchmark.") || key.startsWith("UserAdviceBenchmark.")) && key.contains("indexes=none")) {
                slow = key;
                fast = key.replace("indexes=none", "indexes=recommended");
            }
            if (slow != null) {
                ratio(b, scores, slow, fast);
            }
            if (key.startsWith("CaptureOverheadBenchmark") && key.contains("path=captured")) {
                Score captured = scores.get(key);
                Score direct = scores.get(key.replace("path=captured", "path=direct"));
                if (direct != null) {
                    b.append(String.format(Locale.ROOT, "  JDBC capture overhead per statement: %.2f %s (captured %.2f, direct %.2f)%n",
                            captured.value() - direct.value(), captured.unit(), captured.value(), direct.value()));
                }
            }
            if (key.startsWith("NPlusOneBenchmark.onePlusNQueries")) {
                ratio(b, scores, key, key.replace("onePlusNQueries", "oneJoin"));
                ratio(b, scores, key, key.replace("onePlusNQueries", "parentsThenAnyArray"));
            }
            if (key.startsWith("WriteBatchingBenchmark.statementPerRowAutocommit")) {
                for (String way : List.of("statementPerRowOneTransaction", "jdbcBatch", "jdbcBatchReWriteBatchedInserts",
                        "multiRowValues", "copy")) {
                    ratio(b, scores, key, key.replace("statementPerRowAutocommit", way));
                }
            }
        }
        Score ingest = scores.entrySet().stream().filter(e -> e.getKey().startsWith("LogIngestionBenchmark"))
                .map(Map.Entry::getValue).findFirst().orElse(null);
        if (ingest != null) {
            b.append(String.format(Locale.ROOT, "%nLog ingestion: see benchmarks/ingestion-vs-pgbadger.sh for MB/s against pgBadger%n"));
        }
        return b.toString();
    }

    private static void ratio(StringBuilder b, Map<String, Score> scores, String slow, String fast) {
        Score s = scores.get(slow);
        Score f = scores.get(fast);
        if (s == null || f == null || f.value() == 0) {
            return;
        }
        double r = s.value() / f.value();
        double rel = Math.sqrt(Math.pow(s.error() / s.value(), 2) + Math.pow(f.error() / f.value(), 2));
        b.append(String.format(Locale.ROOT, "  %-62s vs %-36s %8.1fx ± %.1f%n", slow, fast.substring(fast.indexOf('.') + 1), r, r * rel));
    }
}
