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
import dev.querylens.capture.UncapturedStatements;
import dev.querylens.engine.StatementRule;
import dev.querylens.schema.Catalog;
import java.util.Set;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.BeforeTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Captures the statements each test sends through the DataSource in the field marked
 * {@link QueryLensDataSource}, runs QueryLens's sequence rules (n-plus-one, unbatched-writes,
 * repeated-identical-query) on them and checks the test's expectations ({@link QueryBudget},
 * {@link ExpectQueries}, {@link ExpectBatchSize}, {@link RequireBindParameters},
 * {@link CheckStatements}); a test with a finding fails with the rule, the statement, the count and
 * the fix. {@link AllowNPlusOne} accepts a known case. A test whose code ran statements on a
 * PostgreSQL connection the field's wrapper did not hand out fails too, since nothing about them
 * could be judged ({@link UncapturedStatements}). A test method may take a {@link CapturedStatements}
 * parameter to assert in its own code. With the system property {@code querylens.trace.file} set,
 * every captured statement is also appended there as a JDBC trace that {@code querylens analyze} reads.
 */
public final class QueryLensExtension implements BeforeAllCallback, BeforeEachCallback, BeforeTestExecutionCallback,
        AfterTestExecutionCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(QueryLensExtension.class);

    /** What one test's capture needs after it ran: the field, its real value, the wrapper and the recorded statements. */
    private record Capture(Field field, Object instance, DataSource original, DataSource captured, MemoryTraceSink sink,
                           TraceSink owner, String test) {
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        // in place before the class's own setup runs: a pool built with a JDBC URL looks its driver up once, when it is built
        UncapturedStatements.install();
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
        TraceSink owner = new TaggingSink(sink, test);
        DataSource captured = QueryLens.capture(original, owner, options());
        field.set(target, captured);
        context.getStore(NAMESPACE).put(Capture.class, new Capture(field, target, original, captured, sink, owner, test));
    }

    /** Values cut as usual; with -Dquerylens.resultKeys=N the trace also carries a masked sample of N keys per query. */
    private static CaptureOptions options() {
        int keys = Integer.getInteger("querylens.resultKeys", 0);
        return keys > 0 ? CaptureOptions.DEFAULT.withResultKeys(keys) : CaptureOptions.DEFAULT;
    }

    /** The watch starts here, after @BeforeEach methods: setup through another DataSource is not the test's code. */
    @Override
    public void beforeTestExecution(ExtensionContext context) {
        Capture capture = context.getStore(NAMESPACE).get(Capture.class, Capture.class);
        if (capture != null) {
            context.getStore(NAMESPACE).put(UncapturedStatements.Watch.class, UncapturedStatements.watch(capture.owner()));
        }
    }

    @Override
    public void afterTestExecution(ExtensionContext context) throws Exception {
        UncapturedStatements.Watch watch = context.getStore(NAMESPACE).remove(UncapturedStatements.Watch.class, UncapturedStatements.Watch.class);
        if (watch != null) {
            watch.close();
        }
        Capture capture = context.getStore(NAMESPACE).remove(Capture.class, Capture.class);
        if (capture == null) {
            return;
        }
        capture.field().set(capture.instance(), capture.original());
        QueryLens.complete(capture.captured());
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
        Optional<CheckStatements> check = annotation(context, CheckStatements.class);
        Set<String> statementRules = check.map(c -> statementRules(c, rules)).orElse(Set.of());
        Catalog schema = check.map(c -> StatementSchema.of(c, context.getRequiredTestClass())).orElse(Catalog.empty());
        List<Finding> findings = new ArrayList<>(TestStatements.judge(records, rules, statementRules, schema).stream()
                .filter(f -> !(allowNPlusOne && f.rule().equals("n-plus-one")))
                .toList());
        StatementTally tally = StatementTally.of(records);
        List<String> unmet = new ArrayList<>();
        if (watch != null && watch.count() > 0) {
            unmet.add(UncapturedMessage.of(watch, capture.field().getName()));
        }
        annotation(context, ExpectQueries.class).ifPresent(e -> unmet.addAll(Expectations.exactly(tally, e)));
        annotation(context, QueryBudget.class).ifPresent(b -> unmet.addAll(Expectations.atMost(tally, b)));
        annotation(context, ExpectBatchSize.class).ifPresent(b -> unmet.addAll(Expectations.batchedBy(tally, b.value())));
        annotation(context, RequireBindParameters.class).ifPresent(b -> unmet.addAll(Expectations.boundOnly(tally)));
        if (!findings.isEmpty() || !unmet.isEmpty()) {
            throw new AssertionError(TestStatements.message(capture.test(), findings, unmet));
        }
    }

    private static Set<String> statementRules(CheckStatements check, RuleCatalog rules) {
        Set<String> known = new java.util.HashSet<>();
        rules.entries().stream().filter(e -> e.rule() instanceof StatementRule).forEach(e -> known.add(e.definition().id()));
        for (String id : check.rules()) {
            if (!known.contains(id)) {
                throw new ExtensionConfigurationException("@CheckStatements names " + id + ", which is not a statement rule; statement rules: "
                        + new java.util.TreeSet<>(known));
            }
        }
        return Set.of(check.rules());
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == CapturedStatements.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Capture capture = context.getStore(NAMESPACE).get(Capture.class, Capture.class);
        if (capture == null) {
            throw new ParameterResolutionException("CapturedStatements is given to test methods only, once the extension wrapped the DataSource");
        }
        return new CapturedStatements(capture.sink(), capture.captured());
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
            target.record(r.withTest(test));
        }
    }
}
