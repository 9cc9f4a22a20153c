import com.fasterxml.jackson.databind.ObjectMapper;
import dev.querylens.collect.InputFiles;
import dev.querylens.engine.RuleCatalog;
import dev.querylens.engine.RuleEngine;
import dev.querylens.workload.MemoryLimits;
import dev.querylens.workload.SessionEvent;
import dev.querylens.workload.Workload;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * CPU of the sequence rules alone ({@code RuleEngine.observe} and {@code endSession}) over a log's
 * executions, recorded once and fed to a fresh engine N times in one JVM: the thread's CPU per
 * repetition. Not part of the JMH build; run with the jar on the class path:
 * {@code java -XX:TieredStopAtLevel=1 -cp analyzer/target/querylens.jar benchmarks/SequenceRulesCpu.java LOG N}
 */
public class SequenceRulesCpu {
    public static void main(String[] args) {
        List<Object> stream = new ArrayList<>();
        Workload w = new Workload(stream::add, s -> stream.add(new String[] {s}), MemoryLimits.DEFAULT);
        new InputFiles(null, new ObjectMapper()).read(Path.of(args[0]), w::add, d -> { });
        int reps = Integer.parseInt(args[1]);
        var mx = ManagementFactory.getThreadMXBean();
        long events = stream.stream().filter(o -> o instanceof SessionEvent).count();
        double[] ms = new double[reps];
        for (int r = 0; r < reps; r++) {
            RuleEngine engine = new RuleEngine(RuleCatalog.load(), Map.of());
            long t0 = mx.getCurrentThreadCpuTime();
            for (Object o : stream) {
                if (o instanceof SessionEvent e) {
                    engine.observe(e);
                } else {
                    engine.endSession(((String[]) o)[0]);
                }
            }
            ms[r] = (mx.getCurrentThreadCpuTime() - t0) / 1e6;
        }
        System.out.println(events + " executions; observe CPU ms per repetition: " + Arrays.toString(ms));
    }
}
