package dev.querylens.bench;

import dev.querylens.sql.Fingerprinter;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * How long one statement takes to fingerprint. The mix is every statement of the sample workload
 * log (what a JDBC app and a reporting tool sent a real PostgreSQL 15), in log order.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FingerprintBenchmark {
    private final Fingerprinter fingerprinter = new Fingerprinter();
    private String[] mix;
    private int next;

    @Setup
    public void loadMix() throws IOException {
        List<String> statements = Files.readAllLines(Samples.file("taskboard/logs/taskboard-stderr.log")).stream()
                .filter(l -> l.contains("execute ") || l.contains("statement: "))
                .map(l -> l.substring(l.indexOf(": ", l.indexOf("LOG:  ") + 6) + 2))
                .toList();
        mix = statements.toArray(String[]::new);
        next = 0;
    }

    @Benchmark
    public void fingerprintOneStatement(Blackhole bh) {
        bh.consume(fingerprinter.fingerprint(mix[next]));
        next = next + 1 == mix.length ? 0 : next + 1;
    }
}
