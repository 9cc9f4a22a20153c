package dev.querylens.collect;

import java.util.function.Function;

/**
 * The SQL logs applications write themselves, told apart by the line that logs a statement. An
 * application's log is mostly its own messages; only these lines (and the parameter lines that
 * belong to them) hold SQL, so a file is one of these when any of its first lines is such a line.
 */
public enum AppLogFormat {
    /** Drizzle ORM's DefaultLogger ({@code logger: true}): {@code Query: <sql> -- params: [<json>]}. */
    DRIZZLE(DrizzleLogLines::new),
    /** Hibernate ORM's org.hibernate.SQL debug lines with org.hibernate.orm.jdbc.bind's bound values. */
    HIBERNATE(t -> new LoggedStatementLines(t, LoggedStatementLines.HIBERNATE)),
    /** Spring's JdbcTemplate debug lines with StatementCreatorUtils' trace values. */
    SPRING_JDBC(t -> new LoggedStatementLines(t, LoggedStatementLines.SPRING)),
    /** p6spy's default single-line format, per connection, with times and values. */
    P6SPY(P6spyLogLines::new),
    /** Prisma ORM's stdout query log ({@code log: ['query']}): {@code prisma:query <sql>}, without values. */
    PRISMA(PrismaLogLines::new);

    /** What reads the lines of one file of a format, emitting its executions. */
    interface Lines {
        void line(long lineNumber, long offset, String raw);

        void finish();
    }

    /** Where a format's lines go: the file, executions and diagnostics. */
    record Target(String file, java.util.function.Consumer<Execution> executions,
                  java.util.function.Consumer<Diagnostic> diagnostics) {
    }

    private final Function<Target, Lines> reader;

    AppLogFormat(Function<Target, Lines> reader) {
        this.reader = reader;
    }

    Lines reader(Target target) {
        return reader.apply(target);
    }

    /** The format whose statement line this is, or null. */
    static AppLogFormat ofLine(String line) {
        if (DrizzleLogLines.isStatement(line)) {
            return DRIZZLE;
        }
        if (LoggedStatementLines.isStatement(line, LoggedStatementLines.HIBERNATE)) {
            return HIBERNATE;
        }
        if (LoggedStatementLines.isStatement(line, LoggedStatementLines.SPRING)) {
            return SPRING_JDBC;
        }
        if (P6spyLogLines.isStatement(line)) {
            return P6SPY;
        }
        if (PrismaLogLines.isStatement(line)) {
            return PRISMA;
        }
        return null;
    }

    /**
     * The format of the first statement line in a file's head, or null. The whole head, not its
     * first lines: an application prints its start-up (a Spring Boot banner, Hibernate's settings)
     * before the first statement.
     */
    static AppLogFormat detect(String head) {
        return head.lines().map(AppLogFormat::ofLine).filter(f -> f != null).findFirst().orElse(null);
    }
}
