package dev.querylens.capture;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import net.ttddyy.dsproxy.ExecutionInfo;
import net.ttddyy.dsproxy.QueryInfo;
import net.ttddyy.dsproxy.listener.MethodExecutionContext;
import net.ttddyy.dsproxy.listener.MethodExecutionListener;
import net.ttddyy.dsproxy.listener.QueryExecutionListener;
import net.ttddyy.dsproxy.proxy.ParameterSetOperation;

/**
 * Turns datasource-proxy's callbacks into trace records: one per execution, one per entry of a
 * JDBC batch (marked with the batch size), with the transaction each ran in. Transactions are
 * followed from the connection calls (setAutoCommit, commit, rollback) the proxy reports. While a
 * statement executes, its thread is marked as inside this capture ({@link ExecutingCapture}), so
 * the driver-level watch below it knows the statement is recorded.
 */
final class CaptureListener implements QueryExecutionListener, MethodExecutionListener {
    private static final String START = "querylens.start";
    private static final String MARK = "querylens.previousMark";

    private final TraceSink sink;
    private final CaptureOptions options;
    private final String test;
    /** Per connection id: the open transaction's id, or null in autocommit. */
    private final Map<String, TxState> transactions = new ConcurrentHashMap<>();

    private static final class TxState {
        boolean autoCommit = true;
        int counter;
        String current;
    }

    /**
     * A query whose result is being sampled, held back until its sample is complete. There is at
     * most one: every statement's start emits it first, so records still reach the sink in the
     * order the statements started.
     */
    private Pending pending;

    private record Pending(TraceRecord record, ResultSample sample) {
    }

    CaptureListener(TraceSink sink, CaptureOptions options, String test) {
        this.sink = sink;
        this.options = options;
        this.test = test;
    }

    /** The result-sampling proxy for {@link CaptureOptions#resultKeys}, or null when no sample is asked for. */
    net.ttddyy.dsproxy.proxy.ResultSetProxyLogicFactory resultSampling() {
        if (options.resultKeys() == 0) {
            return null;
        }
        return (rs, connection, config) -> ResultSample.open(rs, connection, config, options.resultKeys(), this::sampled);
    }

    @Override
    public void beforeQuery(ExecutionInfo info, List<QueryInfo> queries) {
        emitPending();
        info.addCustomValue(START, System.nanoTime());
        info.addCustomValue(MARK, ExecutingCapture.enter(sink));
    }

    @Override
    public void afterQuery(ExecutionInfo info, List<QueryInfo> queries) {
        ExecutingCapture.restore(info.getCustomValue(MARK, Object.class));
        ResultSample sample = options.resultKeys() > 0 ? ResultSample.takeFor(info.getResult()) : null;
        Long start = info.getCustomValue(START, Long.class);
        long startNanos = start == null ? System.nanoTime() : start;
        long duration = start == null ? info.getElapsedTime() * 1_000_000 : System.nanoTime() - start;
        String connection = info.getConnectionId();
        String tx = transaction(connection);
        String thread = Thread.currentThread().getName();
        String request = QueryLens.Tag.current();
        int batch = info.isBatch() ? Math.max(1, info.getBatchSize()) : 0;
        long rows = info.getResult() instanceof Integer n ? n : -1;
        for (QueryInfo q : queries) {
            List<List<ParameterSetOperation>> entries = q.getParametersList();
            if (sample != null && queries.size() == 1 && entries.size() <= 1 && batch == 0) {
                // one query with a result being sampled: held until its sample is complete
                hold(new TraceRecord(q.getQuery(), entries.isEmpty() ? List.of() : values(entries.get(0)), connection, thread, tx,
                        batch, startNanos, duration, rows, test, request), sample);
            } else if (entries.isEmpty()) {
                sink.record(new TraceRecord(q.getQuery(), List.of(), connection, thread, tx, batch, startNanos, duration, rows,
                        test, request));
            } else {
                for (List<ParameterSetOperation> entry : entries) {
                    sink.record(new TraceRecord(q.getQuery(), values(entry), connection, thread, tx, batch, startNanos,
                            batch > 0 ? duration / Math.max(1, batch) : duration, rows, test, request));
                }
            }
        }
    }

    private synchronized void hold(TraceRecord record, ResultSample sample) {
        emitPending();
        pending = new Pending(record, sample);
    }

    /** The sample of the held query is complete (its result was read to the end or closed). */
    private synchronized void sampled(ResultSample sample) {
        if (pending != null && pending.sample() == sample) {
            emitPending();
        }
    }

    /** Emits the held query with the keys read so far; called before anything else reaches the sink. */
    synchronized void emitPending() {
        if (pending != null) {
            Pending p = pending;
            pending = null;
            sink.record(p.record().withResultKeys(p.sample().keys()));
        }
    }

    private List<String> values(List<ParameterSetOperation> operations) {
        List<ParameterSetOperation> bound = new ArrayList<>();
        for (ParameterSetOperation op : operations) {
            Object[] a = op.getArgs();
            if (a != null && a.length >= 1 && a[0] instanceof Integer) {
                bound.add(op);
            }
        }
        bound.sort(Comparator.comparingInt(op -> (Integer) op.getArgs()[0]));
        List<String> out = new ArrayList<>(bound.size());
        for (ParameterSetOperation op : bound) {
            Object[] a = op.getArgs();
            boolean isNull = op.getMethod().getName().equals("setNull") || a.length < 2 || a[1] == null;
            out.add(isNull ? null : show(a[1]));
        }
        return out;
    }

    private String show(Object value) {
        if (options.maskValues()) {
            return "?";
        }
        String s = value instanceof java.sql.Array array ? arrayText(array) : String.valueOf(value);
        return s.length() > options.maxValueLength() ? s.substring(0, options.maxValueLength()) + "…" : s;
    }

    private static String arrayText(java.sql.Array array) {
        try {
            Object elements = array.getArray();
            return elements instanceof Object[] objects ? "{" + String.join(",", Arrays.stream(objects).map(String::valueOf).toList()) + "}"
                    : String.valueOf(elements);
        } catch (java.sql.SQLException e) {
            return String.valueOf(array);
        }
    }

    private String transaction(String connection) {
        TxState state = transactions.get(connection);
        if (state == null || state.autoCommit) {
            return null;
        }
        synchronized (state) {
            if (state.current == null) {
                state.current = connection + "-tx" + (++state.counter);
            }
            return state.current;
        }
    }

    @Override
    public void beforeMethod(MethodExecutionContext context) {
    }

    @Override
    public void afterMethod(MethodExecutionContext context) {
        if (context.getConnectionInfo() == null || context.getThrown() != null) {
            return;
        }
        Method m = context.getMethod();
        String connection = context.getConnectionInfo().getConnectionId();
        switch (m.getName()) {
            case "setAutoCommit" -> {
                TxState state = transactions.computeIfAbsent(connection, k -> new TxState());
                synchronized (state) {
                    state.autoCommit = Boolean.TRUE.equals(context.getMethodArgs()[0]);
                    state.current = null;
                }
            }
            case "commit", "rollback" -> {
                TxState state = transactions.get(connection);
                if (state != null) {
                    synchronized (state) {
                        state.current = null; // the next statement opens the next transaction
                    }
                }
            }
            case "close" -> {
                if (context.getTarget() instanceof java.sql.Connection) {
                    transactions.remove(connection);
                }
                if (context.getTarget() instanceof java.sql.Connection || context.getTarget() instanceof java.sql.Statement) {
                    emitPending(); // closing the statement closes its result without a call through the result's proxy
                }
            }
            default -> { }
        }
    }
}
