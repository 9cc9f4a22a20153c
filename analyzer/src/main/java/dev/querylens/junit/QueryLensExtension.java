package dev.querylens.junit;

import dev.querylens.capture.CaptureOptions;
import dev.querylens.capture.JsonLinesTraceSink;
import dev.querylens.capture.MemoryTraceSink;
import dev.querylens.capture.QueryLens;
import dev.querylens.capture.TraceRecord;
import dev.querylens.capture.TraceSink;
import dev.querylens.engine.Finding;
import dev.querylens.engine.RuleCatalog;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Captures the statements each test sends through the DataSource in the field marked
 * {@link QueryLensDataSource}, runs QueryLens's sequence rules (n-plus-one, unbatched-writes,
 * repeated-identical-query) on them and checks {@link QueryBudget}s; a test with a finding fails
 * with the rule, the statement, the count and the fix. {@link AllowNPlusOne} accepts a known
 * case. With the system property {@code querylens.trace.file} set, every captured statement is
 * also appended there as a JDBC trace that {@code querylens analyze} reads.
 */
public final class QueryLensExtension implements BeforeEachCallback, AfterTestExecutionCallback {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(QueryLensExtension.class);

    /** What one test's capture needs after it ran: the field, its real value and the recorded statements. */
    private record Capture(Field field, Object instance, DataSource original, MemoryTraceSink sink, String test) {
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        Object instance = context.getRequiredTestInstance();
        Field field = dataSourceField(instance.getClass());
        field.setAccessible(true);
        Object target = Modifier.isStatic(field.getModifiers()) ? null : instance;
        Object value = field.get(target);
        if (!(value instanceof DataSource original)) {
            throw new ExtensionConfigurationException("@QueryLensDataSource field " + field.getName()
                    + " holds no DataSource before the test (initialize it in the field, a static block or @BeforeAll)");
        }
        String test = context.getRequiredTestClass().getSimpleName() + "." + context.getRequiredTestMethod().getName();
        MemoryTraceSink sink = new MemoryTraceSink();
        field.set(target, QueryLens.capture(original, new TaggingSink(sink, test), CaptureOptions.DEFAULT));
        context.getStore(NAMESPACE).put(Capture.class, new Capture(field, target, original, sink, test));
    }

    @Override
    public void afterTestExecution(ExtensionContext context) throws Exception {
        Capture capture = context.getStore(NAMESPACE).remove(Capture.class, Capture.class);
        if (capture == null) {
            return;
        }
        capture.field().set(capture.instance(), capture.original());
        List<TraceRecord> records = capture.sink().records();
        String traceFile = System.getProperty("querylens.trace.file");
        if (traceFile != null) {
            try (JsonLinesTraceSink out = JsonLinesTraceSink.appendingTo(Path.of(traceFile))) {
                records.forEach(out::record);
            } catch (IOException e) {
                throw new IOException("cannot write the QueryLens trace " + traceFile + ": " + e.getMessage(), e);
            }
        }
        if (context.getExecutionException().isPresent()) {
            return; // the test failed on its own; do not bury that failure under ours
        }
        RuleCatalog rules = context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(RuleCatalog.class, k -> RuleCatalog.load(),
                RuleCatalog.class);
        boolean allowNPlusOne = annotation(context, AllowNPlusOne.class).isPresent();
        List<Finding> findings = new ArrayList<>(TestStatements.judge(records, rules).stream()
                .filter(f -> !(allowNPlusOne && f.rule().equals("n-plus-one")))
                .toList());
        List<String> budget = annotation(context, QueryBudget.class).map(b -> TestStatements.overBudget(records, b)).orElse(List.of());
        if (!findings.isEmpty() || !budget.isEmpty()) {
            throw new AssertionError(TestStatements.message(capture.test(), findings, budget));
        }
    }

    private static <A extends java.lang.annotation.Annotation> Optional<A> annotation(ExtensionContext context, Class<A> type) {
        Optional<A> onMethod = AnnotationSupport.findAnnotation(context.getRequiredTestMethod(), type);
        return onMethod.isPresent() ? onMethod : AnnotationSupport.findAnnotation(context.getRequiredTestClass(), type);
    }

    private static Field dataSourceField(Class<?> type) {
        List<Field> fields = AnnotationSupport.findAnnotatedFields(type, QueryLensDataSource.class);
        if (fields.size() != 1) {
            throw new ExtensionConfigurationException(type.getSimpleName() + " needs exactly one field annotated"
                    + " @QueryLensDataSource holding the javax.sql.DataSource to capture (found " + fields.size() + ")");
        }
        return fields.get(0);
    }

    /** Marks every record with the test that produced it, so sequences are judged per test. */
    private record TaggingSink(TraceSink target, String test) implements TraceSink {
        @Override
        public void record(TraceRecord r) {
            target.record(new TraceRecord(r.sql(), r.params(), r.connection(), r.thread(), r.tx(), r.batch(), r.startNanos(),
                    r.durationNanos(), r.rows(), test, r.request()));
        }
    }
}
