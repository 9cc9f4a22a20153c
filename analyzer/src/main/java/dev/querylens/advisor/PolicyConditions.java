package dev.querylens.advisor;

import dev.querylens.schema.Catalog;
import dev.querylens.schema.Policy;
import dev.querylens.schema.PolicyExpression;
import dev.querylens.schema.Table;
import dev.querylens.sql.ColumnRef;
import dev.querylens.sql.Fingerprinter;
import dev.querylens.sql.Predicate;
import dev.querylens.sql.Quote;
import dev.querylens.sql.StatementFacts;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What row level security adds to a read by one role (Supabase's signed-in users: {@code authenticated}):
 * the USING conditions of the SELECT policies that apply to it, permissive ones OR-ed, restrictive
 * ones AND-ed. QueryLens plans as its own role, for which those policies do not apply, so a read
 * is costed with each policed table in FROM / JOIN replaced by
 * {@code (SELECT * FROM table WHERE <conditions>) AS alias}, which the planner flattens into the
 * query as it does the policy's own quals; auth.uid() becomes a uuid parameter, as it is one value
 * per request. An UPDATE / DELETE gets its target's conditions for that command AND-ed onto its WHERE
 * (see {@link #withTargetPolicies}). The conditions' columns also become the statement's equality predicates, so the
 * advisor proposes indexes that serve the policy.
 */
final class PolicyConditions {
    private static final Pattern TABLE_REF = Pattern.compile("(?i)\\b(from|join)\\s+((?:\"(?:[^\"]|\"\")+\"|[a-z_][a-z0-9_$]*)"
            + "(?:\\s*\\.\\s*(?:\"(?:[^\"]|\"\")+\"|[a-z_][a-z0-9_$]*))?)(\\s+(?:as\\s+)?(\"(?:[^\"]|\"\")+\"|[a-z_][a-z0-9_$]*))?");
    private static final String NAME = "(?:\"(?:[^\"]|\"\")+\"|[a-z_][a-z0-9_$]*)";
    private static final String QUALIFIED = "(" + NAME + "(?:\\s*\\.\\s*" + NAME + ")?)";
    private static final String ALIAS = "(\\s+(?:as\\s+)?(" + NAME + "))?";
    /** The next table of a comma-joined FROM list; groups numbered as in TABLE_REF. */
    private static final Pattern COMMA_REF = Pattern.compile("(?i)\\s*(,)\\s*(?!lateral\\b)" + QUALIFIED + ALIAS);
    private static final Pattern UPDATE_TARGET = Pattern.compile("(?i)\\s*(update\\s+(?:only\\s+)?)" + QUALIFIED + ALIAS);
    private static final Pattern DELETE_TARGET = Pattern.compile("(?i)\\s*(delete\\s+from\\s+(?:only\\s+)?)" + QUALIFIED + ALIAS);
    private static final Set<String> NOT_ALIASES = Set.of("where", "join", "on", "left", "right", "inner", "outer", "full", "cross",
            "natural", "order", "group", "having", "limit", "offset", "fetch", "for", "union", "except", "intersect", "window",
            "using", "lateral", "returning", "set", "tablesample", "with", "as");
    private static final Pattern WRAPPED_UID = Pattern.compile("(?i)\\(\\s*select\\s+\"?auth\"?\\s*\\.\\s*\"?uid\"?\\s*\\(\\s*\\)(\\s+as\\s+\"?uid\"?)?\\s*\\)");
    private static final Pattern UID = Pattern.compile("(?i)\"?auth\"?\\s*\\.\\s*\"?uid\"?\\s*\\(\\s*\\)");

    private PolicyConditions() {
    }

    /** The statement with its policed tables' conditions in place, or the same text when none applies. */
    static String apply(String sql, Catalog catalog, String role) {
        String head = sql.stripLeading().toLowerCase(Locale.ROOT);
        boolean read = head.startsWith("select") || head.startsWith("with");
        Matcher target = (head.startsWith("update") ? UPDATE_TARGET : DELETE_TARGET).matcher(sql);
        boolean write = (head.startsWith("update") || head.startsWith("delete")) && target.lookingAt();
        if (!(read || write) || catalog.tables().stream().noneMatch(Table::rowLevelSecurity)) {
            return sql;
        }
        String uid = "$" + (Fingerprinter.highestParameter(sql) + 1) + "::uuid";
        // the write's own FROM (DELETE FROM t) names its target, which is not read through a subquery
        String applied = withReadPolicies(sql, write ? target.end(2) : 0, catalog, role, uid);
        if (!write) {
            return applied;
        }
        Optional<Table> table = catalog.table(unquote(target.group(2)));
        if (table.isEmpty() || !table.get().rowLevelSecurity()) {
            return applied;
        }
        String command = head.startsWith("update") ? "UPDATE" : "DELETE";
        return withTargetPolicies(applied, table.get(), command, role, uid).orElse(sql);
    }

    /** Each policed table in FROM / JOIN (and after a comma in FROM) from offset on, replaced by its rows the role may read. */
    private static String withReadPolicies(String sql, int offset, Catalog catalog, String role, String uid) {
        boolean[] quoted = quotedStrings(sql);
        StringBuilder out = new StringBuilder();
        int from = 0;
        Matcher m = TABLE_REF.matcher(sql);
        Matcher comma = COMMA_REF.matcher(sql);
        int at = offset;
        while (at < sql.length() && m.find(at)) {
            at = m.end(2);
            if (quoted[m.start()]) {
                continue;
            }
            // FROM a, b x, c: each comma-joined table is a reference of its own
            Matcher ref = m;
            while (true) {
                String alias = ref.group(4) != null && !NOT_ALIASES.contains(ref.group(4).toLowerCase(Locale.ROOT)) ? ref.group(4) : null;
                int end = alias == null ? ref.end(2) : ref.end();
                Optional<Table> table = catalog.table(unquote(ref.group(2)));
                Optional<String> condition = table.flatMap(t -> readCondition(t, role));
                if (condition.isPresent()) {
                    out.append(sql, from, ref.start(2)).append("(SELECT * FROM ").append(Quote.qualified(table.get().schema(), table.get().name()))
                            .append(" WHERE ").append(withUid(condition.get(), uid)).append(") AS ")
                            .append(alias != null ? alias : Quote.ident(table.get().name()));
                    from = end;
                }
                // a keyword taken for an alias (FROM a JOIN b) is where the next reference starts
                at = end;
                if (!m.group(1).equalsIgnoreCase("from")) {
                    break;
                }
                comma.region(end, sql.length());
                if (!comma.lookingAt()) {
                    break;
                }
                ref = comma;
            }
        }
        return from == 0 ? sql : out.append(sql.substring(from)).toString();
    }

    /**
     * The UPDATE / DELETE with the USING of the role's policies for that command AND-ed onto its
     * WHERE, and, when it reads the rows' columns (WHERE or RETURNING), those of its SELECT policies
     * too, as PostgreSQL applies them ("Policies Applied by Command Type" in CREATE POLICY). Empty
     * when no permissive policy lets the role touch a row, or the statement is WHERE CURRENT OF.
     */
    private static Optional<String> withTargetPolicies(String sql, Table table, String command, String role, String uid) {
        boolean[] quoted = quotedStrings(sql);
        String body = sql.stripTrailing();
        if (body.endsWith(";")) {
            body = body.substring(0, body.length() - 1);
        }
        int where = topLevel(body, quoted, "where");
        int returning = topLevel(body, quoted, "returning");
        Optional<String> condition = condition(applying(table, role, command));
        if (where >= 0 || returning >= 0) {
            Optional<String> select = readCondition(table, role);
            condition = condition.isEmpty() || select.isEmpty() ? Optional.empty()
                    : Optional.of("(" + condition.get() + ") AND (" + select.get() + ")");
        }
        if (condition.isEmpty()) {
            return Optional.empty();
        }
        String policed = withUid(condition.get(), uid);
        int tail = returning >= 0 ? returning : body.length();
        if (where < 0) {
            return Optional.of((body.substring(0, tail).stripTrailing() + " WHERE " + policed + " " + body.substring(tail)).strip());
        }
        String filter = body.substring(where + "where".length(), tail);
        if (filter.strip().toLowerCase(Locale.ROOT).startsWith("current of")) {
            return Optional.empty();
        }
        return Optional.of((body.substring(0, where) + "WHERE " + policed + " AND (" + filter.strip() + ") " + body.substring(tail)).strip());
    }

    /** Where the keyword stands outside parentheses and quotes, or -1. */
    private static int topLevel(String sql, boolean[] quoted, String keyword) {
        int depth = 0;
        for (int i = 0; i < sql.length(); i++) {
            char ch = sql.charAt(i);
            if (quoted[i]) {
                continue;
            }
            if (ch == '(') {
                depth++;
            } else if (ch == ')') {
                depth--;
            } else if (depth == 0 && sql.regionMatches(true, i, keyword, 0, keyword.length())
                    && (i == 0 || !isWordChar(sql.charAt(i - 1)))
                    && (i + keyword.length() == sql.length() || !isWordChar(sql.charAt(i + keyword.length())))) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c == '"';
    }

    /**
     * The statement's facts with each policed table's compared policy columns added as equality
     * predicates: SELECT policies for what it reads, and for an UPDATE / DELETE target those of that command too.
     */
    static StatementFacts withPolicyPredicates(StatementFacts facts, Catalog catalog, String role) {
        boolean write = facts.kind() == StatementFacts.Kind.UPDATE || facts.kind() == StatementFacts.Kind.DELETE;
        if (!facts.parsed() || !(write || facts.kind() == StatementFacts.Kind.SELECT)) {
            return facts;
        }
        List<Predicate> predicates = new ArrayList<>(facts.predicates());
        List<ColumnRef> read = new ArrayList<>(facts.columnsRead());
        for (String name : facts.tables()) {
            Optional<Table> table = catalog.table(name);
            if (table.isEmpty()) {
                continue;
            }
            Table t = table.get();
            List<Policy> policies = new ArrayList<>(readCondition(t, role).isPresent() ? applying(t, role, "SELECT") : List.of());
            if (write && name.equals(facts.targetTable())) {
                policies.addAll(applying(t, role, facts.kind().name()));
            }
            policies.stream().filter(Policy::permissive)
                    .flatMap(p -> p.using().comparedColumns().stream())
                    .filter(c -> t.column(c).isPresent()).distinct()
                    .forEach(c -> {
                        predicates.add(new Predicate(new ColumnRef(name, c), Predicate.Operator.EQUALS, null, 0, null));
                        // the statement as costed names the column, so the costing tries indexes on it
                        read.add(new ColumnRef(name, c));
                    });
        }
        if (predicates.size() == facts.predicates().size()) {
            return facts;
        }
        return new StatementFacts(facts.kind(), facts.tables(), facts.targetTable(), predicates, facts.joins(), facts.orderBy(),
                facts.limit(), facts.limitParam(), facts.offset(), facts.offsetParam(), facts.selectStar(), facts.insertedRows(),
                read, facts.readsAllColumns(), facts.parseError(), facts.assignedColumns(), facts.conflictUpdate());
    }

    /** The policies for this command that bind the role on this table (none when RLS is off). */
    private static List<Policy> applying(Table t, String role, String command) {
        if (!t.rowLevelSecurity()) {
            return List.of();
        }
        return t.policies().stream().filter(p -> p.governs(command) && p.appliesTo(role) && p.using().present()).toList();
    }

    /** The condition RLS adds to a read by the role; empty when no permissive policy lets it read (then every row is hidden: nothing to cost). */
    private static Optional<String> readCondition(Table t, String role) {
        return condition(applying(t, role, "SELECT"));
    }

    /** Permissive USING conditions OR-ed, restrictive ones AND-ed onto them; empty without a permissive one. */
    private static Optional<String> condition(List<Policy> policies) {
        List<String> permissive = policies.stream().filter(Policy::permissive).map(p -> "(" + p.using().text() + ")").toList();
        if (permissive.isEmpty()) {
            return Optional.empty();
        }
        StringBuilder c = new StringBuilder("(").append(String.join(" OR ", permissive)).append(")");
        policies.stream().filter(p -> !p.permissive()).map(Policy::using).map(PolicyExpression::text)
                .forEach(r -> c.append(" AND (").append(r).append(")"));
        return Optional.of(c.toString());
    }

    private static String withUid(String condition, String uid) {
        String once = WRAPPED_UID.matcher(condition).replaceAll(Matcher.quoteReplacement("(" + uid + ")"));
        return UID.matcher(once).replaceAll(Matcher.quoteReplacement(uid));
    }

    /** A name as the catalog keys it: quoted parts as written, unquoted ones folded. */
    private static String unquote(String written) {
        StringBuilder b = new StringBuilder();
        for (String part : written.split("\\s*\\.\\s*(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)")) {
            if (b.length() > 0) {
                b.append('.');
            }
            b.append(part.startsWith("\"") ? part.substring(1, part.length() - 1).replace("\"\"", "\"") : part.toLowerCase(Locale.ROOT));
        }
        return b.toString();
    }

    /** For each offset, whether it lies inside a single-quoted string (literals the workload or QueryLens put in). */
    private static boolean[] quotedStrings(String sql) {
        boolean[] in = new boolean[sql.length() + 1];
        boolean inside = false;
        for (int i = 0; i < sql.length(); i++) {
            if (sql.charAt(i) == '\'') {
                inside = !inside;
            }
            in[i] = inside;
        }
        return in;
    }
}
