package dev.querylens.migration;

import dev.querylens.sql.ColumnRef;
import dev.querylens.sql.StatementFacts;
import dev.querylens.workload.StatementGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * The analyzed workload as migration rules ask about it: which statements (from logs, traces,
 * .sql queries, pg_stat_statements) still read or write a table or a column. Statements read only
 * from migration files are not the workload: a backfill in the migration that drops the column
 * is not an application still using it.
 */
public final class WorkloadUse {
    /** A statement of the workload with its facts. */
    public record Use(StatementGroup group, StatementFacts facts) {
    }

    private final List<Use> statements;

    public WorkloadUse(List<Use> statements) {
        this.statements = statements.stream().filter(u -> !onlyInMigrations(u.group())).toList();
    }

    public static WorkloadUse none() {
        return new WorkloadUse(List.of());
    }

    /** Statements that name the table. */
    public List<StatementGroup> usingTable(String table) {
        return matching(u -> u.facts().tables().stream().anyMatch(t -> same(t, table)));
    }

    /**
     * Statements that name the column of the table, or a * over the table (which reads every column).
     * A column not resolved to a table counts where the statement names only that table.
     */
    public List<StatementGroup> usingColumn(String table, String column) {
        return matching(u -> u.facts().tables().stream().anyMatch(t -> same(t, table))
                && (u.facts().readsAllColumns() || u.facts().columnsRead().stream().anyMatch(c -> names(c, column, table, u.facts()))));
    }

    private static boolean names(ColumnRef c, String column, String table, StatementFacts facts) {
        if (!c.column().equalsIgnoreCase(column)) {
            return false;
        }
        return c.table() == null ? facts.tables().size() == 1 : same(c.table(), table);
    }

    private List<StatementGroup> matching(Predicate<Use> test) {
        List<StatementGroup> out = new ArrayList<>();
        for (Use u : statements) {
            if (u.facts().parsed() && test.test(u)) {
                out.add(u.group());
            }
        }
        return out;
    }

    private static boolean same(String a, String b) {
        return a != null && b != null && Operation.bare(a).toLowerCase(Locale.ROOT).equals(Operation.bare(b).toLowerCase(Locale.ROOT));
    }

    /**
     * Every execution of the group was read from migration files (forward or down), and from
     * nothing else (no log, no trace): a statement a migrator runs once, not the application's workload.
     */
    public static boolean onlyInMigrations(StatementGroup group) {
        return group.sourceKinds().equals(java.util.Set.of(dev.querylens.collect.SourceKind.SQL_FILE)) && !group.locations().isEmpty()
                && group.locations().stream().allMatch(l -> MigrationPaths.isMigrationFile(l.file()));
    }
}
