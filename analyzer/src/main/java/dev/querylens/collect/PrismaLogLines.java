package dev.querylens.collect;

/**
 * Prisma ORM's query log on stdout ({@code log: ['query']}): {@code prisma:query <sql>}, one line
 * per statement, with PostgreSQL's $n placeholders and no values (Prisma prints those only in
 * its query events: {@code $on('query')}'s {@code e.params}, which samples/prisma/app.mts writes
 * in QueryLens's trace format). No times or durations either; each process (see
 * {@link ConsolePrefix}, whose timestamp is used when there is one) is one session.
 */
final class PrismaLogLines implements AppLogFormat.Lines {
    private static final String QUERY = "prisma:query ";

    private final AppLogFormat.Target target;

    PrismaLogLines(AppLogFormat.Target target) {
        this.target = target;
    }

    static boolean isStatement(String line) {
        String text = ConsolePrefix.of(line).text();
        return text.startsWith(QUERY) && !text.substring(QUERY.length()).isBlank();
    }

    @Override
    public void line(long lineNumber, long offset, String raw) {
        ConsolePrefix line = ConsolePrefix.of(raw);
        if (!line.text().startsWith(QUERY) || line.text().substring(QUERY.length()).isBlank()) {
            return; // the application's own messages, and Prisma's other levels (prisma:info, ...)
        }
        target.executions().accept(new Execution(SourceKind.APP_LOG, new SourceLocation(target.file(), lineNumber),
                line.text().substring(QUERY.length()).strip(), java.util.List.of(),
                line.source().isEmpty() ? "process" : "process:" + line.source(), line.timestamp(), Double.NaN, null, null));
    }

    @Override
    public void finish() {
    }
}
