package dev.querylens.collect;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.querylens.plan.ExplainJsonParser;
import dev.querylens.plan.ExplainPlan;
import java.io.IOException;
import java.util.function.Consumer;

/**
 * An EXPLAIN (FORMAT JSON) file. Each plan becomes an execution carrying the plan; its SQL is the
 * "Query Text" when the plan has one (auto_explain, or a file the user annotated), otherwise null.
 */
public final class ExplainJsonSource implements ExecutionSource {
    private final String file;
    private final String text;
    private final ExplainJsonParser parser;

    public ExplainJsonSource(String file, String text, ObjectMapper mapper) {
        this.file = file;
        this.text = text;
        this.parser = new ExplainJsonParser(mapper);
    }

    @Override
    public void read(Consumer<Execution> executions, Consumer<Diagnostic> diagnostics) {
        try {
            for (ExplainPlan plan : parser.parse(text)) {
                executions.accept(new Execution(SourceKind.EXPLAIN_JSON, new SourceLocation(file, 1), plan.queryText(),
                        null, null, null, plan.executionTimeMs(), plan.root(), null));
            }
        } catch (IOException | RuntimeException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
            diagnostics.accept(new Diagnostic(file, 1, "not a readable EXPLAIN (FORMAT JSON) plan: " + why));
        }
    }
}
