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
    PRISMA(PrismaLogLines::new),
    /** Django's django.db.backends logger: {@code (0.001) <sql>; args=(1,)}, since 4.0 {@code ; alias=default} after. */
    DJANGO(DjangoLogLines::new),
    /** SQLAlchemy's engine log (echo=True or logging): SQL over lines, then a {@code [generated in ...] {...}} line. */
    SQLALCHEMY(SqlAlchemyLogLines::new),
    /** TypeORM's logging: {@code query: <sql> -- PARAMETERS: [...]}, {@code query failed:}, {@code query is slow:}. */
    TYPEORM(TypeOrmLogLines::new),
    /** Sequelize's logging: {@code Executing (default): <sql>}, or with benchmark {@code Executed (...): <sql> Elapsed time: 3ms}. */
    SEQUELIZE(SequelizeLogLines::new),
    /** Knex's debug output: {@code knex:query <sql> undefined} and {@code knex:bindings [ ... ] undefined}. */
    KNEX(KnexLogLines::new),
    /** Rails ActiveRecord's log: {@code User Load (0.5ms)  SELECT ...  [["id", 1]]}. */
    RAILS(RailsLogLines::new);

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

    /** The framework that writes this log, as a sqlcommenter {@code framework} tag would name it ("django", "spring-jdbc"). */
    String framework() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
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
        if (DjangoLogLines.isStatement(line)) {
            return DJANGO;
        }
        if (SqlAlchemyLogLines.isStatement(line)) {
            return SQLALCHEMY;
        }
        if (TypeOrmLogLines.isStatement(line)) {
            return TYPEORM;
        }
        if (SequelizeLogLines.isStatement(line)) {
            return SEQUELIZE;
        }
        if (KnexLogLines.isStatement(line)) {
            return KNEX;
        }
        if (RailsLogLines.isStatement(line)) {
            return RAILS;
        }
        return null;
    }

    /** The formats' names, for a message. */
    static String names() {
        return java.util.Arrays.stream(values()).map(f -> f.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'))
                .collect(java.util.stream.Collectors.joining(", "));
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
