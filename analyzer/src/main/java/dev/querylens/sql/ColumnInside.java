package dev.querylens.sql;

import java.util.Locale;
import net.sf.jsqlparser.expression.CastExpression;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.operators.arithmetic.Addition;
import net.sf.jsqlparser.expression.operators.arithmetic.Subtraction;
import net.sf.jsqlparser.expression.BinaryExpression;
import net.sf.jsqlparser.expression.Parenthesis;
import net.sf.jsqlparser.schema.Column;

/** Which column a predicate's side is about, through the functions, casts and arithmetic around it. */
final class ColumnInside {
    private ColumnInside() {
    }

    /** The column an expression is about: the column itself, or the one inside lower(col), col::date, col + 1. */
    static Column of(Expression e) {
        if (e instanceof Column c) {
            return isLiteralWord(c) ? null : c;
        }
        if (e instanceof CastExpression cast) {
            return of(cast.getLeftExpression());
        }
        if (e instanceof Function fn && fn.getParameters() != null && fn.getParameters().size() == 1) {
            return of(fn.getParameters().get(0));
        }
        if (e instanceof Addition || e instanceof Subtraction) {
            Column l = of(((BinaryExpression) e).getLeftExpression());
            return l != null ? l : of(((BinaryExpression) e).getRightExpression());
        }
        if (e instanceof Parenthesis p) {
            return of(p.getExpression());
        }
        return null;
    }

    /** JSqlParser reads true/false/current_date as columns; they are values. */
    static boolean isLiteralWord(Column c) {
        if (c.getTable() != null && c.getTable().getName() != null) {
            return false;
        }
        return switch (c.getColumnName().toLowerCase(Locale.ROOT)) {
            case "true", "false", "current_date", "current_timestamp", "current_time", "localtimestamp", "now" -> true;
            default -> false;
        };
    }
}
