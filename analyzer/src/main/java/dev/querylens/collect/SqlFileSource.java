package dev.querylens.collect;

import java.util.function.Consumer;

/** The statements of a .sql file or migration, each at the line it starts on. */
public final class SqlFileSource implements ExecutionSource {
    private final String file;
    private final String text;

    public SqlFileSource(String file, String text) {
        this.file = file;
        this.text = text;
    }

    @Override
    public void read(Consumer<Execution> executions, Consumer<Diagnostic> diagnostics) {
        for (SqlStatementText st : SqlScript.split(text, u -> diagnostics.accept(Diagnostic.lost(file, u.line(),
                InputText.utf8Offset(text, u.index()), "unterminated " + u.construct() + " opens here: the rest of the file "
                        + (u.construct().equals("block comment") ? "is a comment, not analyzed" : "was read as part of it, not as statements"))))) {
            executions.accept(new Execution(SourceKind.SQL_FILE, new SourceLocation(file, st.line()), st.sql(),
                    null, null, null, Double.NaN, null, st.suppressed()));
        }
    }
}
