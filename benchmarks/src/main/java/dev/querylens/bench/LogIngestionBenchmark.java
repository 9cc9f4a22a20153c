package dev.querylens.bench;

import dev.querylens.analysis.Analysis;
import dev.querylens.analysis.AnalysisRequest;
import dev.querylens.engine.RuleCatalog;
import dev.querylens.report.Report;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * End-to-end analysis of a large PostgreSQL stderr log: read, parse, fingerprint, group, run every
 * rule, build the report. The log is the sample workload captured from a real PostgreSQL 15
 * (samples/taskboard/logs), repeated to {@code sizeMb}, or the file given as {@code logFile}.
 * Throughput in MB/s is the file size divided by the time per operation.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class LogIngestionBenchmark {
    @Param("500")
    public int sizeMb;

    @Param("")
    public String logFile;

    private Path log;
    private boolean generated;
    private RuleCatalog rules;

    @Setup(Level.Trial)
    public void createLog() throws IOException {
        rules = RuleCatalog.load();
        if (!logFile.isEmpty()) {
            log = Path.of(logFile);
            return;
        }
        byte[] sample = Files.readAllBytes(Samples.file("taskboard/logs/taskboard-stderr.log"));
        log = Files.createTempFile("querylens-bench-", ".log");
        generated = true;
        long target = sizeMb * 1024L * 1024L;
        try (OutputStream out = Files.newOutputStream(log)) {
            for (long written = 0; written < target; written += sample.length) {
                out.write(sample);
            }
        }
        System.out.printf("%nlog: %s, %.1f MB%n", log, Files.size(log) / 1048576.0);
    }

    @TearDown(Level.Trial)
    public void removeLog() throws IOException {
        if (generated) {
            Files.deleteIfExists(log);
        }
    }

    @Benchmark
    public Report analyzeLog() {
        return new Analysis(rules, "bench", m -> { }).run(new AnalysisRequest(List.of(log), List.of(), null, null));
    }
}
