package dev.querylens.collect;

import java.util.function.Consumer;

/**
 * The statements of a .sql file or migration, each at the line it starts on. A down section of a
 * goose or dbmate migration is not among them: the tool runs it only to undo the file (see
 * {@link SqlScript}); each such file is told to {@code downSection}, so the run can say so once.
 */
public final class SqlFileSource implements ExecutionSource {
    private final String file;
    private final String text;
    private final Runnable downSection;

    public SqlFileSource(String file, String text) {
        this(file, text, () -> { });
    }

    public SqlFileSource(String file, String text, Runnable downSection) {
        this.file = file;
        this.text = text;
        this.downSection = downSection;
    }

    @Override
    public void read(Consumer<Execution> executions, Consumer<Diagnostic> diagnostics) {
        boolean[] down = {false};
        for (SqlStatementText st : SqlScript.split(text, u -> diagnostics.accept(Diagnostic.lost(file, u.line(),
                InputText.utf8Offset(text, u.index()), "unterminated " + u.construct() + " opens here: the rest of the file "
                        + (u.construct().equals("block comment") ? "is a comment, not analyzed" : "was read as part of it, not as statements"))),
                d -> down[0] = true)) {
            executions.accept(new Execution(SourceKind.SQL_FILE, new SourceLocation(file, st.line()), st.sql(),
                    null, null, null, Double.NaN, null, st.suppressed()));
        }
        if (down[0]) {
            downSection.run();
        }
    }
}
