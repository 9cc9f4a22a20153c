package dev.querylens.migration;

import dev.querylens.collect.Execution;
import dev.querylens.migration.Operation.Kind;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What one migration file creates, read before its steps are judged: a DROP ... IF EXISTS early in a file
 * that re-creates the object later (an idempotent rerun) drops nothing the history had.
 *
 * @param tables             the tables the file creates (lower case)
 * @param indexesOnNewTables index name (lower case) -> table, for the indexes the file builds on tables it creates
 */
record CreatedInFile(Set<String> tables, Map<String, String> indexesOnNewTables) {
    static CreatedInFile of(List<Execution> file) {
        Set<String> created = new HashSet<>();
        Map<String, String> indexes = new HashMap<>();
        for (Execution e : file) {
            for (Operation op : OperationParser.parse(e.sql())) {
                if (op.kind() == Kind.CREATE_TABLE && op.table() != null) {
                    created.add(key(op.table()));
                } else if (op.kind() == Kind.CREATE_INDEX && op.column() != null && op.table() != null && created.contains(key(op.table()))) {
                    indexes.put(key(op.column()), op.table());
                }
            }
        }
        return new CreatedInFile(Set.copyOf(created), Map.copyOf(indexes));
    }

    private static String key(String name) {
        return name == null ? null : Operation.bare(name).toLowerCase(Locale.ROOT); // as MigrationHistory keys them
    }
}
