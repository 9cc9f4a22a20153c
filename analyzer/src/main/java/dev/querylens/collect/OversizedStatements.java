package dev.querylens.collect;

import dev.querylens.sql.Fingerprinter;
import java.util.function.Consumer;

/**
 * Notes, once per input, the statements longer than {@link Fingerprinter#MAX_STATEMENT_CHARS}:
 * they still count in their group, but are fingerprinted by their first part only (a 50 MB
 * INSERT ... VALUES must not need gigabytes to group), and are not parsed.
 */
final class OversizedStatements {
    private final String file;
    private final Consumer<Diagnostic> diagnostics;
    private long count;
    private SourceLocation first;

    OversizedStatements(String file, Consumer<Diagnostic> diagnostics) {
        this.file = file;
        this.diagnostics = diagnostics;
    }

    Consumer<Execution> watching(Consumer<Execution> executions) {
        return e -> {
            if (e.sql() != null && e.sql().length() > Fingerprinter.MAX_STATEMENT_CHARS) {
                if (count++ == 0) {
                    first = e.location();
                    diagnostics.accept(new Diagnostic(file, first.line(), -1, false, "statement of " + e.sql().length()
                            + " characters: grouped by its first " + Fingerprinter.MAX_STATEMENT_CHARS
                            + " and not parsed (statements over that size are counted, not analyzed in depth)"));
                }
            }
            executions.accept(e);
        };
    }
}
