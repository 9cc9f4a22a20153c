package dev.querylens.collect;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;

/**
 * An application's own log ({@link AppLogFormat}, or a format described in querylens.yaml, which
 * is tried first). The format is the one of the first statement line; lines before it and lines
 * of other kinds (the application's own messages) are skipped without a diagnostic, since they are
 * not SQL and nobody asked QueryLens to read them. A file with no statement line of any format
 * (only possible when the user named the format: detection needs one) lost its input, and says so.
 */
public final class AppLogSource implements ExecutionSource {
    private final String file;
    private final BufferedReader reader;
    private final List<DescribedLogFormat> described;

    public AppLogSource(String file, BufferedReader reader) {
        this(file, reader, List.of());
    }

    public AppLogSource(String file, BufferedReader reader, List<DescribedLogFormat> described) {
        this.file = file;
        this.reader = reader;
        this.described = List.copyOf(described);
    }

    @Override
    public void read(Consumer<Execution> executions, Consumer<Diagnostic> diagnostics) throws IOException {
        AppLogFormat.Target target = new AppLogFormat.Target(file, executions, diagnostics);
        AppLogFormat.Lines lines = null;
        String raw;
        long lineNumber = 0;
        boolean text = false;
        while ((raw = reader.readLine()) != null) {
            lineNumber++;
            text |= !raw.isBlank();
            if (lines == null) {
                lines = readerOf(raw, target);
                if (lines == null) {
                    continue;
                }
            }
            lines.line(lineNumber, reader instanceof ReadPosition p ? p.offset() : -1, raw);
        }
        if (lines != null) {
            lines.finish();
        } else if (text) {
            diagnostics.accept(Diagnostic.lost(file, 0, 0, "read as " + SourceKind.APP_LOG.label() + " but no line is a statement in"
                    + " any application log format QueryLens reads (" + AppLogFormat.names()
                    + (described.isEmpty() ? "" : ", or the logFormats of querylens.yaml")
                    + "); nothing was read from it (describe the format under logFormats in querylens.yaml)"));
        }
    }

    private AppLogFormat.Lines readerOf(String line, AppLogFormat.Target target) {
        for (DescribedLogFormat d : described) {
            if (d.isStatement(line)) {
                return d.reader(target);
            }
        }
        AppLogFormat format = AppLogFormat.ofLine(line);
        return format == null ? null : format.reader(target);
    }

    /** Whether the text has a statement line of a described format. */
    static boolean matchesDescribed(String head, List<DescribedLogFormat> described) {
        return !described.isEmpty() && head.lines().anyMatch(l -> described.stream().anyMatch(d -> d.isStatement(l)));
    }
}
