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

    /** How many lines before the first recognised statement line are still read as the format's. */
    static final int REPLAYED_LINES = 1_000;

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
        // the lines before the first one that shows the format: a statement may start before it (Django's
        // multi-line introspection queries begin with a line holding only the duration), so they are given to
        // the reader once the format is known, which skips what is not its own (a bounded number of them)
        java.util.ArrayDeque<Object[]> before = new java.util.ArrayDeque<>();
        while ((raw = reader.readLine()) != null) {
            lineNumber++;
            text |= !raw.isBlank();
            long offset = reader instanceof ReadPosition p ? p.offset() : -1;
            if (lines == null) {
                lines = readerOf(raw, target);
                if (lines == null) {
                    before.addLast(new Object[] {lineNumber, offset, raw});
                    if (before.size() > REPLAYED_LINES) {
                        before.removeFirst();
                    }
                    continue;
                }
                for (Object[] b : before) {
                    lines.line((Long) b[0], (Long) b[1], (String) b[2]);
                }
                before.clear();
            }
            lines.line(lineNumber, offset, raw);
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
        if (format == null) {
            return null;
        }
        // the log's format says which ORM wrote every statement in it: the fix can then be said in its API
        String framework = format.framework();
        java.util.function.Consumer<Execution> executions = target.executions();
        return format.reader(new AppLogFormat.Target(target.file(), e -> executions.accept(e.sql() == null ? e : e.withFramework(framework)),
                target.diagnostics()));
    }

    /** Whether the text has a statement line of a described format. */
    static boolean matchesDescribed(String head, List<DescribedLogFormat> described) {
        return !described.isEmpty() && head.lines().anyMatch(l -> described.stream().anyMatch(d -> d.isStatement(l)));
    }
}
