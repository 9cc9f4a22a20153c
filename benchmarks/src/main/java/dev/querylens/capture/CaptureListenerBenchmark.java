package dev.querylens.capture;

import java.io.Writer;
import java.lang.reflect.Method;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.ttddyy.dsproxy.ExecutionInfo;
import net.ttddyy.dsproxy.QueryInfo;
import net.ttddyy.dsproxy.proxy.ParameterSetOperation;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The capture's own cost per statement, without the database's: what the calling thread spends
 * in QueryLens's listener (timing, reading the bound values, building the record) and in writing
 * it as a JSON line into the buffered sink. The database round trip it rides on is measured by
 * CaptureOverheadBenchmark; its noise on this machine is larger than this whole cost.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CaptureListenerBenchmark {
    private CaptureListener listener;
    private ExecutionInfo info;
    private List<QueryInfo> queries;

    @Setup
    public void prepare() throws Exception {
        listener = new CaptureListener(new JsonLinesTraceSink(Writer.nullWriter()), CaptureOptions.DEFAULT, "SomeTest.loads");
        info = new ExecutionInfo();
        info.setConnectionId("7");
        info.setResult(1);
        info.setSuccess(true);
        QueryInfo q = new QueryInfo("select id, author_id, body, created_at from comments where task_id = ? and author_id = ?");
        Method setInt = PreparedStatement.class.getMethod("setInt", int.class, int.class);
        Method setString = PreparedStatement.class.getMethod("setString", int.class, String.class);
        q.getParametersList().add(List.of(new ParameterSetOperation(setInt, new Object[] {1, 4242}),
                new ParameterSetOperation(setString, new Object[] {2, "user17@example.com"})));
        queries = List.of(q);
    }

    @Benchmark
    public ExecutionInfo captureOneStatement() {
        listener.beforeQuery(info, queries);
        listener.afterQuery(info, queries);
        return info;
    }
}
