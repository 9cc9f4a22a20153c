package dev.querylens.bench;

import dev.querylens.sql.Fingerprinter;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/** How long one statement takes to fingerprint, over a mix shaped like an ORM's traffic. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FingerprintBenchmark {
    private static final String[] MIX = {
        "select \"id\", \"title\", \"status\" from \"tasks\" where \"project_id\" = $1 and \"status\" = $2 order by \"created_at\" desc limit $3",
        "SELECT * FROM comments WHERE task_id = 4211",
        "insert into activity_events (org_id, actor_id, kind, payload) values ($1, $2, $3, $4)",
        "UPDATE tasks SET status = 'done', updated_at = now() WHERE id = '3b6f0a9e-5c1d-4b8e-9a61-2f1c7d9e0b44'",
        "select m.user_id, u.email from members m join users u on u.id = m.user_id where m.org_id in (1, 2, 3, 4, 5, 6, 7, 8)",
        "SELECT count(*) FROM tasks WHERE project_id = $1 /* dashboard */",
    };

    private final Fingerprinter fingerprinter = new Fingerprinter();
    private int next;

    @Setup
    public void setUp() {
        next = 0;
    }

    @Benchmark
    public void fingerprintOneStatement(Blackhole bh) {
        bh.consume(fingerprinter.fingerprint(MIX[next]));
        next = (next + 1) % MIX.length;
    }
}
