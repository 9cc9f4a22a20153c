package dev.querylens.collect;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.function.Consumer;

/**
 * An application's own log ({@link AppLogFormat}). The format is the one of the first statement
 * line; lines before it and lines of other kinds (the application's own messages) are skipped
 * without a diagnostic, since they are not SQL and nobody asked QueryLens to read them.
 */
public final class AppLogSource implements ExecutionSource {
    private final String file;
    private final BufferedReader reader;

    public AppLogSource(String file, BufferedReader reader) {
        this.file = file;
        this.reader = reader;
    }

    @Override
    public void read(Consumer<Execution> executions, Consumer<Diagnostic> diagnostics) throws IOException {
        AppLogFormat.Target target = new AppLogFormat.Target(file, executions, diagnostics);
        AppLogFormat.Lines lines = null;
        String raw;
        long lineNumber = 0;
        while ((raw = reader.readLine()) != null) {
            lineNumber++;
            if (lines == null) {
                AppLogFormat format = AppLogFormat.ofLine(raw);
                if (format == null) {
                    continue;
                }
                lines = format.reader(target);
            }
            lines.line(lineNumber, reader instanceof ReadPosition p ? p.offset() : -1, raw);
        }
        if (lines != null) {
            lines.finish();
        }
    }
}
