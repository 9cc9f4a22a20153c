package dev.querylens.advisor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.querylens.sql.ColumnRef;
import dev.querylens.sql.JoinCondition;
import dev.querylens.sql.OrderKey;
import dev.querylens.sql.Predicate;
import dev.querylens.sql.StatementFacts;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A read's facts as PostgreSQL's own plan shows them, for a statement QueryLens's parser cannot
 * read: EXPLAIN VERBOSE names every column with its scan's alias, and each scan its table and
 * schema, so the comparisons in Filter, Index Cond, Recheck Cond, Hash Cond, Merge Cond and Join
 * Filter, and the Sort and Group keys, give the columns a statement filters, joins, sorts and groups
 * on. Only comparisons of a column with a value, and of two columns, are taken; anything else
 * (expressions, functions) is left out, which costs candidates, never a wrong one. Aliases of
 * subqueries and CTEs name no table and are skipped.
 */
public final class PlanColumns {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> CONDITIONS = List.of("Filter", "Index Cond", "Recheck Cond", "Hash Cond", "Merge Cond", "Join Filter");
    /** {@code alias.column} or {@code alias."Column"}, as VERBOSE prints a column. */
    private static final String COLUMN = "((?:\"(?:[^\"]|\"\")+\"|[a-z_][a-z0-9_$]*)\\.(?:\"(?:[^\"]|\"\")+\"|[a-z_][a-z0-9_$]*))";
    /** One comparison, possibly with casts around either side: {@code (t.a = $1)}, {@code ((t.b)::text = 'x'::text)}. */
    private static final Pattern COMPARISON = Pattern.compile("\\(*" + COLUMN + "\\)?(?:::[a-z ]+(?:\\[\\])?)*\\s*(=|<>|<=|>=|<|>|~~|= ANY)\\s*"
            + "\\(*(?:" + COLUMN + "\\)?|([^()\\s][^()]*?))(?:::[a-z ]+(?:\\[\\])?)*\\)");
    private static final Pattern NULL_TEST = Pattern.compile("\\(*" + COLUMN + "\\)?\\s+IS\\s+(NOT\\s+)?NULL\\)");
    private static final Pattern PLAIN = Pattern.compile("\"(?:[^\"]|\"\")+\"|[a-z_][a-z0-9_$]*");
    private static final Pattern KEY = Pattern.compile("^\\(*" + COLUMN + "\\)?(?:::[a-z ]+)*(\\s+DESC)?(?:\\s+NULLS\\s+(?:FIRST|LAST))?$");

    private PlanColumns() {
    }

    /** The facts of the plan {@code verboseJson}, or null when it names no table's column. */
    public static StatementFacts facts(String verboseJson) {
        if (verboseJson == null) {
            return null;
        }
        JsonNode root;
        try {
            root = JSON.readTree(verboseJson);
        } catch (java.io.IOException e) {
            return null;
        }
        JsonNode plan = root.path(0).path("Plan");
        if (plan.isMissingNode()) {
            return null;
        }
        Map<String, String> tableOfAlias = new LinkedHashMap<>();
        aliases(plan, tableOfAlias, 0);
        if (tableOfAlias.isEmpty()) {
            return null;
        }
        Set<Predicate> predicates = new LinkedHashSet<>();
        Set<JoinCondition> joins = new LinkedHashSet<>();
        List<OrderKey> order = new ArrayList<>();
        Set<ColumnRef> read = new LinkedHashSet<>();
        walk(plan, tableOfAlias, predicates, joins, order, read, 0);
        if (predicates.isEmpty() && joins.isEmpty() && order.isEmpty()) {
            return null;
        }
        // every column the statement names, for the costing that skips indexes on columns it never names
        predicates.forEach(p -> read.add(p.column()));
        joins.forEach(j -> {
            read.add(j.left());
            read.add(j.right());
        });
        order.forEach(o -> read.add(o.column()));
        return new StatementFacts(StatementFacts.Kind.SELECT, new ArrayList<>(new LinkedHashSet<>(tableOfAlias.values())), null,
                new ArrayList<>(predicates), new ArrayList<>(joins), order, -1, 0, -1, 0, false, 0, new ArrayList<>(read), false, null, List.of(), false);
    }

    private static void aliases(JsonNode node, Map<String, String> out, int depth) {
        if (depth > dev.querylens.plan.PlanNode.MAX_DEPTH) {
            return;
        }
        if (node.hasNonNull("Relation Name") && node.hasNonNull("Alias")) {
            String schema = node.path("Schema").asText("public");
            out.putIfAbsent(node.get("Alias").asText(), schema + "." + node.get("Relation Name").asText());
        }
        for (JsonNode child : node.path("Plans")) {
            aliases(child, out, depth + 1);
        }
    }

    private static void walk(JsonNode node, Map<String, String> tables, Set<Predicate> predicates, Set<JoinCondition> joins,
                             List<OrderKey> order, Set<ColumnRef> read, int depth) {
        if (depth > dev.querylens.plan.PlanNode.MAX_DEPTH) {
            return;
        }
        for (String field : CONDITIONS) {
            String condition = node.path(field).asText(null);
            if (condition != null) {
                conditions(condition, tables, predicates, joins);
            }
        }
        for (String field : List.of("Sort Key", "Group Key")) {
            for (JsonNode key : node.path(field)) {
                Matcher m = KEY.matcher(key.asText());
                ColumnRef c = m.matches() ? column(m.group(1), tables) : null;
                if (c != null && order.stream().noneMatch(o -> o.column().equals(c))) {
                    order.add(new OrderKey(c, m.group(2) != null));
                }
            }
        }
        if (node.hasNonNull("Relation Name") && node.hasNonNull("Alias")) {
            // a plan of one table leaves its output columns unqualified: they are the scan's own
            String own = tables.get(node.get("Alias").asText());
            for (JsonNode output : node.path("Output")) {
                String text = output.asText().strip();
                ColumnRef c = PLAIN.matcher(text).matches() ? new ColumnRef(own, unquote(text)) : column(text, tables);
                if (c != null && c.table() != null) {
                    read.add(c);
                }
            }
        }
        for (JsonNode child : node.path("Plans")) {
            walk(child, tables, predicates, joins, order, read, depth + 1);
        }
    }

    private static void conditions(String text, Map<String, String> tables, Set<Predicate> predicates, Set<JoinCondition> joins) {
        Matcher m = COMPARISON.matcher(text);
        while (m.find()) {
            ColumnRef left = column(m.group(1), tables);
            if (left == null) {
                continue;
            }
            ColumnRef right = m.group(3) == null ? null : column(m.group(3), tables);
            if (m.group(3) != null) {
                if (right != null && m.group(2).equals("=") && !right.table().equals(left.table())) {
                    joins.add(new JoinCondition(left, right));
                }
                continue;
            }
            Predicate.Operator op = switch (m.group(2)) {
                case "=" -> Predicate.Operator.EQUALS;
                case "<>" -> Predicate.Operator.NOT_EQUALS;
                case "~~" -> Predicate.Operator.LIKE;
                case "= ANY" -> Predicate.Operator.IN;
                default -> Predicate.Operator.RANGE;
            };
            predicates.add(new Predicate(left, op, null, parameter(m.group(4)), null));
        }
        Matcher n = NULL_TEST.matcher(text);
        while (n.find()) {
            ColumnRef c = column(n.group(1), tables);
            if (c != null) {
                predicates.add(new Predicate(c, n.group(2) == null ? Predicate.Operator.IS_NULL : Predicate.Operator.IS_NOT_NULL, null, 0, null));
            }
        }
    }

    private static int parameter(String value) {
        Matcher m = Pattern.compile("^\\$(\\d+)$").matcher(value == null ? "" : value.strip());
        return m.matches() ? Integer.parseInt(m.group(1)) : 0;
    }

    /** {@code alias.column} to a column of the table the alias scans, or null for a subquery's or CTE's alias. */
    private static ColumnRef column(String qualified, Map<String, String> tables) {
        Matcher m = Pattern.compile("^" + COLUMN + "$").matcher(qualified.strip());
        if (!m.matches()) {
            return null;
        }
        String[] parts = splitQualified(m.group(1));
        String table = tables.get(parts[0]);
        return table == null ? null : new ColumnRef(table, parts[1]);
    }

    private static String[] splitQualified(String s) {
        int dot;
        if (s.startsWith("\"")) {
            int close = s.indexOf("\".", 1);
            while (close > 0 && close + 1 < s.length() && s.charAt(close + 1) != '.') {
                close = s.indexOf("\".", close + 2);
            }
            dot = close + 1;
        } else {
            dot = s.indexOf('.');
        }
        return new String[] {unquote(s.substring(0, dot)), unquote(s.substring(dot + 1))};
    }

    private static String unquote(String name) {
        return name.startsWith("\"") && name.endsWith("\"") && name.length() >= 2 ? name.substring(1, name.length() - 1).replace("\"\"", "\"") : name;
    }
}
