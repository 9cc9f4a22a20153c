package dev.querylens.collect;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.querylens.plan.ExplainJsonParser;
import dev.querylens.plan.ExplainPlan;
import dev.querylens.plan.PlanNode;
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
            parser.parse(text, plan -> {
                if (plan.nodesCut() > 0) {
                    diagnostics.accept(Diagnostic.lost(file, 1, -1, "plan nested deeper than " + PlanNode.MAX_DEPTH + " levels: "
                            + plan.nodesCut() + " deeper nodes left out"));
                }
                executions.accept(new Execution(SourceKind.EXPLAIN_JSON, new SourceLocation(file, 1), plan.queryText(),
                        null, null, null, plan.executionTimeMs(), plan.root(), null));
            });
        } catch (IOException | RuntimeException e) {
            // Jackson's messages quote the text they stopped at; only the kind and position are said
            long line = e instanceof com.fasterxml.jackson.core.JsonProcessingException j && j.getLocation() != null
                    ? Math.max(1, j.getLocation().getLineNr()) : 1;
            long offset = e instanceof com.fasterxml.jackson.core.JsonProcessingException j && j.getLocation() != null
                    ? InputText.utf8Offset(text, j.getLocation().getCharOffset()) : -1;
            String why = e instanceof IOException && !(e instanceof com.fasterxml.jackson.core.JsonProcessingException)
                    ? e.getMessage() : ReadFailure.describe(e);
            diagnostics.accept(Diagnostic.lost(file, line, offset, "not a readable EXPLAIN (FORMAT JSON) plan: " + why));
        }
    }
}
