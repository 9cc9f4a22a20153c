package dev.querylens.rules;

import dev.querylens.migration.ColumnTypes;
import dev.querylens.migration.MigrationStep;
import dev.querylens.migration.Migrator;
import dev.querylens.migration.Operation;
import dev.querylens.migration.Operation.ColumnDef;
import dev.querylens.sql.Quote;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a migration step destroys that existed before its migration, or null when it destroys
 * nothing: a table or column dropped, a table emptied, rows deleted, values overwritten, a type
 * change that rounds or cuts values (ColumnTypes.conversion: one that refuses what does not fit, as
 * bigint to integer or text to varchar(n) do, keeps every value and is no loss), a type dropped
 * with CASCADE (its columns go with it). Tables created earlier in the same file hold no rows yet,
 * migrators' own bookkeeping tables hold nothing anyone needs back, and what an earlier statement of
 * the file copied elsewhere (MigrationStep.copiedBefore) is kept.
 *
 * @param what     the step as the finding says it
 * @param destroys what is gone, for the evidence
 * @param keep     how to keep those values reachable, for this kind of step
 */
record DataLoss(String what, String destroys, String keep) {
    static DataLoss of(MigrationStep step) {
        Operation op = step.op();
        if (op.table() != null && (step.newTable() || Migrator.isBookkeeping(op.table()))) {
            return null;
        }
        if (step.copiedBefore()) {
            return null; // the file copied the values elsewhere first: they are kept, the plan is in the migration
        }
        String t = op.table();
        return switch (op.kind()) {
            case DROP_TABLE -> new DataLoss("DROP TABLE " + t + " deletes the table with every row in it", "every row of " + t,
                    "Rename instead of dropping (ALTER TABLE " + sql(t) + " RENAME TO " + Quote.ident(Operation.bare(t) + "_retired") + ") and drop it in a later"
                            + " migration once the release is known good; or back it up.");
            case TRUNCATE -> new DataLoss("TRUNCATE " + t + " deletes every row", "every row of " + t,
                    "Copy the rows first (CREATE TABLE " + beside(t, "_before_truncate") + " AS TABLE " + sql(t) + ") and drop the copy in a"
                            + " later migration; or back them up.");
            case DROP_COLUMN -> step.addedInFile().contains(op.column().toLowerCase(Locale.ROOT)) ? null : new DataLoss("DROP COLUMN " + op.column() + " deletes the values of " + t + "." + op.column(),
                    "every value of " + t + "." + op.column(),
                    "Keep the values until the release that no longer needs them is known good: copy them first (CREATE TABLE "
                            + beside(t, "_" + op.column() + "_before") + " AS SELECT <primary key>, " + Quote.ident(op.column()) + " FROM " + sql(t)
                            + ") and drop the copy later; or back them up.");
            case ALTER_TYPE -> retype(step);
            case DELETE_ROWS -> new DataLoss(op.detail() == null ? "DELETE FROM " + t + " without WHERE deletes every row"
                    : "DELETE FROM " + t + " deletes the rows WHERE " + condition(op.detail()),
                    op.detail() == null ? "every row of " + t : "the rows of " + t + " WHERE " + condition(op.detail()),
                    "Copy the rows first (CREATE TABLE " + beside(t, "_deleted") + " AS SELECT * FROM " + sql(t)
                            + (op.detail() == null ? "" : " WHERE <the DELETE's condition>") + ") and drop the copy in a later migration;"
                            + " or back them up.");
            case UPDATE_ROWS -> overwrite(step);
            case DROP_TYPE -> "cascade".equals(op.detail())
                    ? new DataLoss("DROP TYPE " + op.column() + " CASCADE drops every column of that type, with its values",
                    "the columns of type " + op.column(),
                    "Drop the columns of that type explicitly, each after its values are copied or backed up, then DROP TYPE without"
                            + " CASCADE: PostgreSQL then refuses it while anything still uses the type.")
                    : null; // without CASCADE PostgreSQL refuses to drop a type in use: nothing that holds data goes
            default -> null;
        };
    }

    /** A type change that changes values without an error (rounds, cuts, drops the time of day, replaces them). */
    private static DataLoss retype(MigrationStep step) {
        Operation op = step.op();
        if (ColumnTypes.conversion(step.previousType(), op.type(), op.detail(), op.column()) != ColumnTypes.Conversion.LOSSY) {
            return null;
        }
        String column = op.table() + "." + op.column();
        String how = op.detail() != null && !op.detail().replace("\"", "").equalsIgnoreCase(op.column())
                ? " USING " + op.detail() : "";
        return new DataLoss("ALTER COLUMN " + op.column() + " TYPE " + op.type() + how + " changes the values of " + column + " (from "
                + step.previousType() + "): PostgreSQL converts them without an error but not back to what they were"
                + " (rounded, cut, or replaced)", "the " + step.previousType() + " values of " + column,
                "Keep the old values: copy them first (CREATE TABLE " + beside(op.table(), "_" + op.column() + "_before") + " AS SELECT"
                        + " <primary key>, " + Quote.ident(op.column()) + " FROM " + sql(op.table()) + "), or change the type by expand and contract, which"
                        + " leaves " + op.column() + " as it is until a later migration drops it.");
    }

    /**
     * An UPDATE overwrites the values its SET replaces, unless they are ones nobody wrote: a column
     * the same file added (it holds only its default), or one its WHERE limits to NULL (a backfill
     * fills the gaps and replaces nothing).
     */
    private static DataLoss overwrite(MigrationStep step) {
        Operation op = step.op();
        List<String> replaced = new ArrayList<>();
        for (ColumnDef c : op.columns()) {
            String name = c.name().toLowerCase(Locale.ROOT);
            if (step.addedInFile().contains(name) || onlyNulls(op.detail(), c.name()) || backfill(step, op, c)) {
                continue;
            }
            if (!replaced.contains(c.name())) {
                replaced.add(c.name());
            }
        }
        if (replaced.isEmpty()) {
            return null;
        }
        String t = op.table();
        String columns = String.join(", ", replaced);
        String where = op.detail() == null ? "" : " WHERE " + condition(op.detail());
        return new DataLoss("UPDATE " + t + " overwrites " + columns + (op.detail() == null ? " in every row" : " in the rows" + where),
                "the previous values of " + t + "." + (replaced.size() == 1 ? columns : "(" + columns + ")"),
                "Copy what it overwrites first (CREATE TABLE " + beside(t, "_before_update") + " AS SELECT <primary key>, "
                        + String.join(", ", replaced.stream().map(Quote::ident).toList()) + " FROM " + sql(t)
                        + (op.detail() == null ? "" : " WHERE <the UPDATE's condition>") + ") and drop the copy in a later migration; or write the new values to a new column"
                        + " and switch to it (expand and contract); or back them up.");
    }

    private static final Set<String> NOT_COLUMNS = Set.of("null", "true", "false", "default", "current_timestamp", "current_date",
            "current_time", "localtimestamp", "localtime", "current_user", "case", "when", "then", "else", "end", "and", "or", "not", "is",
            "as", "interval", "in", "between", "like", "ilike", "distinct", "from", "select");

    /**
     * An assignment that fills the column from other columns of rows its WHERE picks by other columns
     * (umami's SET string_value = number_value WHERE data_type = 2): the shape of a backfill into rows
     * that had no value, not a rewrite. Reported instead: no WHERE (every row), an assignment or
     * condition that reads the column itself (a transform of the old values, or rows picked by them),
     * and a constant (NULL, a literal, now()) that clears what was there.
     */
    private static boolean backfill(MigrationStep step, Operation op, ColumnDef assignment) {
        if (op.detail() == null || assignment.type() == null) {
            return false;
        }
        String column = assignment.name().toLowerCase(Locale.ROOT);
        String statement = words(step.sql());
        java.util.regex.Matcher mention = Pattern.compile("(^|[^a-z0-9_$])" + Pattern.quote(column) + "($|[^a-z0-9_$])").matcher(statement);
        int mentions = 0;
        while (mention.find()) {
            mentions++;
        }
        if (mentions > 1) {
            return false; // read besides being assigned
        }
        String value = words(assignment.type()).replaceAll("::\\s*[a-z_][a-z0-9_ ]*(\\([0-9, ]*\\))?", " ");
        java.util.regex.Matcher word = Pattern.compile("([a-z_][a-z0-9_$]*)(\\s*\\()?").matcher(value);
        while (word.find()) {
            if (word.group(2) == null && !NOT_COLUMNS.contains(word.group(1))) {
                return true; // reads another column
            }
        }
        return false;
    }

    /** The statement's words as names: lower case, identifier quotes dropped, string literals emptied. */
    private static String words(String sql) {
        return sql.replaceAll("'[^']*+(?:''[^']*+)*+'", "''").replace("\"", "").toLowerCase(Locale.ROOT);
    }

    /** A table name as generated SQL writes it (through the one quoting helper). */
    private static String sql(String table) {
        return Quote.qualified(table);
    }

    /** A new table beside {@code table}, in its schema, named after it with {@code suffix}. */
    private static String beside(String table, String suffix) {
        int dot = table.indexOf('.');
        String name = Operation.bare(table) + suffix;
        return dot < 0 ? Quote.ident(name) : Quote.qualified(table.substring(0, dot), name);
    }

    /** PostgreSQL's multi-character operators, which the statement's tokens hold as single characters. */
    private static final String[][] OPERATORS = {{"- > >", "->>"}, {"# > >", "#>>"}, {"- >", "->"}, {"# >", "#>"}, {"@ >", "@>"},
            {"< @", "<@"}, {"< =", "<="}, {"> =", ">="}, {"< >", "<>"}, {"! =", "!="}, {"| |", "||"}, {"? |", "?|"}, {"? &", "?&"}};

    /** A WHERE condition as the statement's tokens give it, with its operators written back as PostgreSQL reads them. */
    static String condition(String where) {
        if (where == null) {
            return null;
        }
        String w = where;
        for (String[] o : OPERATORS) {
            w = w.replace(o[0], o[1]);
        }
        // literals as $n, as every statement a report shows: a migration's values are data, not for the report
        java.util.regex.Matcher literal = Pattern.compile("(?:[eE]?'[^']*+(?:''[^']*+)*+')|(?<![a-z0-9_$.])[0-9]+(?:\\.[0-9]+)?(?![a-z0-9_$])").matcher(w);
        StringBuilder out = new StringBuilder();
        int n = 0;
        while (literal.find()) {
            literal.appendReplacement(out, java.util.regex.Matcher.quoteReplacement("$" + (++n)));
        }
        literal.appendTail(out);
        return out.toString();
    }

    /** The WHERE condition says {@code column IS NULL} (an AND'ed condition of it): only empty values are written. */
    private static boolean onlyNulls(String where, String column) {
        if (where == null) {
            return false;
        }
        String w = where.replace("\"", "").toLowerCase(Locale.ROOT);
        if (w.matches("(?s).*\\bor\\b.*")) {
            return false;
        }
        return Pattern.compile("(^|[^a-z0-9_$])(?:[a-z0-9_]+\\.)?" + Pattern.quote(column.toLowerCase(Locale.ROOT)) + "\\s+is\\s+null\\b")
                .matcher(w).find();
    }
}
