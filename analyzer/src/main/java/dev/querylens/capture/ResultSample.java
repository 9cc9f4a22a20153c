package dev.querylens.capture;

import dev.querylens.collect.ResultKeys;
import java.lang.reflect.Method;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import net.ttddyy.dsproxy.ConnectionInfo;
import net.ttddyy.dsproxy.listener.MethodExecutionContext;
import net.ttddyy.dsproxy.proxy.ProxyConfig;
import net.ttddyy.dsproxy.proxy.SimpleResultSetProxyLogic;

/**
 * Samples a result as the application reads it: right after each {@code next()} that lands on a
 * row, up to the limit, it reads the first column as text and keeps its hash. Reading as the
 * application goes (rather than ahead of it) leaves a forward-only result untouched; reading right
 * after {@code next()}, before the application reads anything, leaves its {@code wasNull()} intact.
 * The sample is complete when the result is exhausted or closed; the capture may take it earlier
 * (when the next statement starts), with the rows read by then.
 */
final class ResultSample extends SimpleResultSetProxyLogic {
    /** The sample the last result created on this thread belongs to, for the capture's afterQuery to pick up. */
    private static final ThreadLocal<ResultSample> LAST = new ThreadLocal<>();

    private final ResultSet real;
    private final int limit;
    private final Consumer<ResultSample> done;
    private final List<String> hashes = new ArrayList<>();
    private String column;
    private boolean finished;

    private ResultSample(ResultSet real, ConnectionInfo connection, ProxyConfig config, int limit, Consumer<ResultSample> done) {
        super(real, connection, config);
        this.real = real;
        this.limit = limit;
        this.done = done;
    }

    static ResultSample open(ResultSet real, ConnectionInfo connection, ProxyConfig config, int limit, Consumer<ResultSample> done) {
        ResultSample s = new ResultSample(real, connection, config, limit, done);
        LAST.set(s);
        return s;
    }

    /** The sample of {@code result} if it is the one just created on this thread; hands it over once. */
    static ResultSample takeFor(Object result) {
        ResultSample s = LAST.get();
        LAST.remove();
        Object target = result instanceof net.ttddyy.dsproxy.proxy.ProxyJdbcObject p ? p.getTarget() : result;
        return s != null && s.real == target ? s : null;
    }

    @Override
    protected Object performProxyLogic(Object proxy, Method method, Object[] args, MethodExecutionContext context) throws Throwable {
        Object result = super.performProxyLogic(proxy, method, args, context);
        switch (method.getName()) {
            case "next" -> {
                if (Boolean.TRUE.equals(result)) {
                    read();
                } else {
                    finish();
                }
            }
            case "close" -> finish();
            default -> { }
        }
        return result;
    }

    private void read() {
        synchronized (this) {
            if (finished || hashes.size() >= limit) {
                return;
            }
            try {
                if (column == null) {
                    column = real.getMetaData().getColumnLabel(1);
                }
                String value = real.getString(1);
                hashes.add(value == null ? null : ResultKeys.hash(value));
                return;
            } catch (SQLException e) {
                // a result the driver cannot show as text: the sample ends here, and the application's read is unaffected
            }
        }
        finish(); // outside this sample's lock: the capture takes its own lock, then this one, to read the keys
    }

    private void finish() {
        synchronized (this) {
            if (finished) {
                return;
            }
            finished = true;
        }
        done.accept(this);
    }

    synchronized ResultKeys keys() {
        return hashes.isEmpty() ? ResultKeys.NONE : new ResultKeys(column, hashes);
    }
}
