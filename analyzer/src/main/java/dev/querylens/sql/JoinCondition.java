package dev.querylens.sql;

/** An equality between columns of two tables, from ON, USING or WHERE. */
public record JoinCondition(ColumnRef left, ColumnRef right) {
}
