package dev.querylens.sql;

/**
 * A condition on one column from a WHERE clause (or a join's ON clause when it compares with a
 * value rather than another column).
 *
 * @param function   the expression wrapped around the column ({@code lower(email)}, {@code created_at::date}), or null
 * @param parameter  the $n the column is compared with, or 0
 * @param constant   the literal it is compared with when the SQL was not normalized, or null
 */
public record Predicate(ColumnRef column, Operator op, String function, int parameter, String constant) {
    public enum Operator { EQUALS, NOT_EQUALS, RANGE, IN, LIKE, IS_NULL, IS_NOT_NULL }

    public boolean isSargableShape() {
        return function == null;
    }
}
