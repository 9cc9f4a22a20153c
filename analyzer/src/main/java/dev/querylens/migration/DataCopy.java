package dev.querylens.migration;

import dev.querylens.migration.Operation.Kind;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A statement of a migration that copies rows or values somewhere else: INSERT ... SELECT, CREATE
 * TABLE ... AS, or an UPDATE (its assignments may read other tables and columns). A later step of
 * the same file that drops or overwrites what such a statement read has its values kept: umami's
 * migration copies session.hostname into website_event before dropping it, and website.share_id
 * into share.slug. Read from the statement's words, as a reviewer reads it: the copy names the
 * table and the column the later step destroys.
 *
 * @param text          the statement, lower case, without identifier quotes
 * @param targetTable   the table an UPDATE writes (null for INSERT and CREATE TABLE AS, which write a table of their own)
 * @param targetColumns the columns an UPDATE assigns (lower case)
 */
record DataCopy(String text, String targetTable, Set<String> targetColumns) {
    private static final Pattern INSERT_SELECT = Pattern.compile("(?s)^(with\\b.*\\)\\s*)?insert\\s+into\\b.*\\bselect\\b.*");
    private static final Pattern CREATE_AS = Pattern.compile(
            "(?s)^create\\s+(unlogged\\s+|temp\\s+|temporary\\s+)?table\\b[^(]*?\\bas\\s*(\\(|select\\b|table\\b|with\\b).*");

    static Optional<DataCopy> of(String sql, List<Operation> ops) {
        // string literals are data, not names: '{type}' in a jsonb path reads no column
        String text = sql.replaceAll("'[^']*+(?:''[^']*+)*+'", "''").replace("\"", "").toLowerCase(Locale.ROOT).strip();
        for (Operation op : ops) {
            if (op.kind() == Kind.UPDATE_ROWS) {
                Set<String> columns = new java.util.HashSet<>();
                op.columns().forEach(c -> columns.add(c.name().toLowerCase(Locale.ROOT)));
                return Optional.of(new DataCopy(text, bare(op.table()), columns));
            }
        }
        if (INSERT_SELECT.matcher(text).matches() || CREATE_AS.matcher(text).matches()) {
            return Optional.of(new DataCopy(text, null, Set.of()));
        }
        return Optional.empty();
    }

    /** Whether one of {@code copies} kept what {@code op} destroys. */
    static boolean anyKeeps(List<DataCopy> copies, Operation op) {
        for (DataCopy c : copies) {
            if (c.keeps(op)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The copy names the step's table and, for a step on columns (DROP COLUMN, a type change, an
     * UPDATE), one of them, other than as what an UPDATE of that same table assigns: an UPDATE that
     * overwrites a column keeps nothing of it.
     */
    boolean keeps(Operation op) {
        String table = bare(op.table());
        if (table == null || !names(table)) {
            return false;
        }
        List<String> columns = switch (op.kind()) {
            case DROP_COLUMN, ALTER_TYPE -> op.column() == null ? List.of() : List.of(op.column().toLowerCase(Locale.ROOT));
            case UPDATE_ROWS -> op.columns().stream().map(c -> c.name().toLowerCase(Locale.ROOT)).toList();
            case DROP_TABLE, TRUNCATE, DELETE_ROWS -> List.of();
            default -> null;
        };
        if (columns == null) {
            return false;
        }
        if (columns.isEmpty()) {
            return !table.equals(targetTable); // an UPDATE of the table itself copies none of its rows away
        }
        for (String column : columns) {
            boolean overwritten = table.equals(targetTable) && targetColumns.contains(column);
            if (!overwritten && names(column) && (targetTable == null || !table.equals(targetTable) || readsBesidesAssigning(column))) {
                return true;
            }
        }
        return false;
    }

    /** The column is read in the UPDATE's assignments, not only assigned ("SET new = old" reads old; a WHERE on it copies nothing). */
    private boolean readsBesidesAssigning(String column) {
        java.util.regex.Matcher set = Pattern.compile("\\sset\\s").matcher(text);
        int from = set.find() ? set.start() : 0;
        int where = -1;
        java.util.regex.Matcher w = Pattern.compile("\\swhere\\s").matcher(text);
        while (w.find()) {
            where = w.start(); // the last WHERE: the statement's own, after any in its subqueries
        }
        String assignments = text.substring(from, where > from ? where : text.length());
        return Pattern.compile("(?s)=[^=]*?(^|[^a-z0-9_$])" + Pattern.quote(column) + "($|[^a-z0-9_$])").matcher(assignments).find();
    }

    private boolean names(String word) {
        return Pattern.compile("(^|[^a-z0-9_$])" + Pattern.quote(word) + "($|[^a-z0-9_$])").matcher(text).find();
    }

    private static String bare(String table) {
        return table == null ? null : Operation.bare(table).toLowerCase(Locale.ROOT);
    }
}
