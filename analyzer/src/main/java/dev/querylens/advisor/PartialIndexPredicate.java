package dev.querylens.advisor;

import dev.querylens.sql.ColumnRef;
import dev.querylens.sql.JoinCondition;
import dev.querylens.sql.Predicate;
import dev.querylens.sql.StatementFacts;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether a statement's conditions imply a partial index's predicate, the proof PostgreSQL's
 * planner needs before it may use the index (predtest.c, "predicate_implied_by"). Only the forms
 * partial indexes are written in are proven, each conjunct of an AND on its own:
 * <ul>
 * <li>{@code col IS NOT NULL}: implied by any strict condition on col ({@code =}, {@code IN},
 *     {@code <}/{@code >}, {@code <>}, {@code LIKE}, {@code IS NOT NULL}) and by a join on col: a
 *     strict operator is never true for NULL;</li>
 * <li>{@code col IS NULL}: implied by {@code col IS NULL};</li>
 * <li>{@code col = constant} and {@code col <> constant}: implied by the same comparison with the
 *     same constant, written in the statement or the only value its parameter was seen with (the
 *     planner proves it on the custom plan).</li>
 * </ul>
 * Anything else is not proven, so the index does not count: a wrong "served" would hide a
 * missing index, a wrong "not served" only repeats advice.
 */
final class PartialIndexPredicate {
    private static final String COLUMN = "(\"[^\"]+\"|[A-Za-z_][A-Za-z0-9_$]*)";
    private static final Pattern NULL_TEST = Pattern.compile("(?i)^" + COLUMN + "\\s+is\\s+(not\\s+)?null$");
    private static final Pattern COMPARISON = Pattern.compile("(?i)^" + COLUMN + "\\s*(=|<>|!=)\\s*(.+)$");
    private static final Pattern AND = Pattern.compile("(?i)\\s+and\\s+");

    private PartialIndexPredicate() {
    }

    /** Whether every conjunct of {@code predicate} (an index's WHERE) follows from the statement's conditions on {@code table}. */
    static boolean impliedBy(String predicate, String table, String qualifiedTable, StatementFacts facts,
                             IntFunction<List<String>> valuesOf) {
        List<String> conjuncts = conjuncts(predicate);
        if (conjuncts.isEmpty()) {
            return false;
        }
        for (String term : conjuncts) {
            if (!implied(term, table, qualifiedTable, facts, valuesOf)) {
                return false;
            }
        }
        return true;
    }

    private static boolean implied(String term, String table, String qualified, StatementFacts facts, IntFunction<List<String>> valuesOf) {
        Matcher nullTest = NULL_TEST.matcher(term);
        if (nullTest.matches()) {
            String column = fold(nullTest.group(1));
            boolean notNull = nullTest.group(2) != null;
            boolean byCondition = conditions(facts, column, table, qualified).stream()
                    .anyMatch(p -> notNull ? p.op() != Predicate.Operator.IS_NULL : p.op() == Predicate.Operator.IS_NULL);
            return byCondition || notNull && joinedOn(facts, column, table, qualified);
        }
        Matcher comparison = COMPARISON.matcher(term);
        if (comparison.matches()) {
            String column = fold(comparison.group(1));
            Predicate.Operator op = comparison.group(2).equals("=") ? Predicate.Operator.EQUALS : Predicate.Operator.NOT_EQUALS;
            String constant = literal(comparison.group(3));
            return constant != null && conditions(facts, column, table, qualified).stream()
                    .filter(p -> p.op() == op && p.isSargableShape())
                    .anyMatch(p -> p.constant() != null && constant.equals(value(p.constant())) || onlyValue(valuesOf, p.parameter(), constant));
        }
        return false;
    }

    private static boolean onlyValue(IntFunction<List<String>> valuesOf, int parameter, String constant) {
        if (parameter <= 0 || valuesOf == null) {
            return false;
        }
        List<String> seen = valuesOf.apply(parameter);
        return !seen.isEmpty() && seen.stream().allMatch(v -> v != null && constant.equals(value(v)));
    }

    /** A value the statement ran with (a bound value, or a literal as written): compared without its quotes. */
    private static String value(String v) {
        String t = v.strip();
        return t.length() >= 2 && t.startsWith("'") && t.endsWith("'") ? t.substring(1, t.length() - 1).replace("''", "'") : t;
    }

    private static List<Predicate> conditions(StatementFacts facts, String column, String table, String qualified) {
        return facts.predicates().stream().filter(p -> is(p.column(), column, table, qualified)).toList();
    }

    private static boolean joinedOn(StatementFacts facts, String column, String table, String qualified) {
        for (JoinCondition j : facts.joins()) {
            if (is(j.left(), column, table, qualified) || is(j.right(), column, table, qualified)) {
                return true;
            }
        }
        return false;
    }

    private static boolean is(ColumnRef ref, String column, String table, String qualified) {
        return ref != null && ref.table() != null && column.equals(ref.column())
                && (ref.table().equals(table) || ref.table().equals(qualified));
    }

    /** The AND-ed terms of a predicate, outer parentheses removed; empty when it has an OR or a nested group. */
    static List<String> conjuncts(String predicate) {
        String p = strip(predicate);
        if (p.isEmpty() || p.toLowerCase(Locale.ROOT).matches("(?s).*\\bor\\b.*")) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String term : AND.split(p)) {
            String t = strip(term);
            if (t.contains("(") || t.contains(")")) {
                return List.of(); // a function or a nested group: not a form proven here
            }
            out.add(t);
        }
        return out;
    }

    private static String strip(String s) {
        String x = s == null ? "" : s.strip();
        while (x.startsWith("(") && x.endsWith(")") && x.indexOf(')') == x.length() - 1) {
            x = x.substring(1, x.length() - 1).strip();
        }
        return x;
    }

    /** A column name as PostgreSQL folds it: quoted keeps its case, bare is lower-cased. */
    private static String fold(String name) {
        return name.startsWith("\"") ? name.substring(1, name.length() - 1).replace("\"\"", "\"") : name.toLowerCase(Locale.ROOT);
    }

    /** A constant without quotes or a cast ({@code 'open'::text} is {@code open}); null when it is not a plain constant. */
    private static String literal(String text) {
        if (text == null) {
            return null;
        }
        String t = text.strip().replaceAll("(?i)::[a-z_ ]+(\\[\\])?$", "").strip();
        if (t.length() >= 2 && t.startsWith("'") && t.endsWith("'")) {
            return t.substring(1, t.length() - 1).replace("''", "'");
        }
        return t.matches("-?[0-9.]+|(?i)true|false") ? t.toLowerCase(Locale.ROOT) : null;
    }
}
