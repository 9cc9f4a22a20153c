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
 * per request. The conditions' columns also become the statement's equality predicates, so the
 * advisor proposes indexes that serve the policy.
 */
final class PolicyConditions {
    private static final Pattern TABLE_REF = Pattern.compile("(?i)\\b(from|join)\\s+((?:\"(?:[^\"]|\"\")+\"|[a-z_][a-z0-9_$]*)"
            + "(?:\\s*\\.\\s*(?:\"(?:[^\"]|\"\")+\"|[a-z_][a-z0-9_$]*))?)(\\s+(?:as\\s+)?(\"(?:[^\"]|\"\")+\"|[a-z_][a-z0-9_$]*))?");
    private static final Set<String> NOT_ALIASES = Set.of("where", "join", "on", "left", "right", "inner", "outer", "full", "cross",
            "natural", "order", "group", "having", "limit", "offset", "fetch", "for", "union", "except", "intersect", "window",
            "using", "lateral", "returning", "set", "tablesample", "with", "as");
    private static final Pattern WRAPPED_UID = Pattern.compile("(?i)\\(\\s*select\\s+\"?auth\"?\\s*\\.\\s*\"?uid\"?\\s*\\(\\s*\\)(\\s+as\\s+\"?uid\"?)?\\s*\\)");
    private static final Pattern UID = Pattern.compile("(?i)\"?auth\"?\\s*\\.\\s*\"?uid\"?\\s*\\(\\s*\\)");

    private PolicyConditions() {
    }

    /** The read with its policed tables' conditions in place, or the same text when none applies. */
    static String apply(String sql, Catalog catalog, String role) {
        String head = sql.stripLeading().toLowerCase(Locale.ROOT);
        if (!(head.startsWith("select") || head.startsWith("with")) || catalog.tables().stream().noneMatch(Table::rowLevelSecurity)) {
            return sql;
        }
        String uid = "$" + (Fingerprinter.highestParameter(sql) + 1) + "::uuid";
        boolean[] quoted = quotedStrings(sql);
        StringBuilder out = new StringBuilder();
        int from = 0;
        Matcher m = TABLE_REF.matcher(sql);
        while (m.find()) {
            if (quoted[m.start()]) {
                continue;
            }
            Optional<Table> table = catalog.table(unquote(m.group(2)));
            Optional<String> condition = table.flatMap(t -> condition(t, role));
            if (condition.isEmpty()) {
                continue;
            }
            String alias = m.group(4) != null && !NOT_ALIASES.contains(m.group(4).toLowerCase(Locale.ROOT)) ? m.group(4) : null;
            int end = alias == null ? m.end(2) : m.end();
            out.append(sql, from, m.start(2)).append("(SELECT * FROM ").append(Quote.qualified(table.get().schema(), table.get().name()))
                    .append(" WHERE ").append(withUid(condition.get(), uid)).append(") AS ")
                    .append(alias != null ? alias : Quote.ident(table.get().name()));
            from = end;
        }
        return from == 0 ? sql : out.append(sql.substring(from)).toString();
    }

    /** The statement's facts with each policed table's compared policy columns added as equality predicates. */
    static StatementFacts withPolicyPredicates(StatementFacts facts, Catalog catalog, String role) {
        if (!facts.parsed() || facts.kind() != StatementFacts.Kind.SELECT) {
            return facts;
        }
        List<Predicate> predicates = new ArrayList<>(facts.predicates());
        for (String name : facts.tables()) {
            catalog.table(name).filter(t -> condition(t, role).isPresent()).ifPresent(t -> applying(t, role).stream()
                    .filter(Policy::permissive)
                    .flatMap(p -> p.using().comparedColumns().stream())
                    .filter(c -> t.column(c).isPresent()).distinct()
                    .forEach(c -> predicates.add(new Predicate(new ColumnRef(name, c), Predicate.Operator.EQUALS, null, 0, null))));
        }
        if (predicates.size() == facts.predicates().size()) {
            return facts;
        }
        return new StatementFacts(facts.kind(), facts.tables(), facts.targetTable(), predicates, facts.joins(), facts.orderBy(),
                facts.limit(), facts.limitParam(), facts.offset(), facts.offsetParam(), facts.selectStar(), facts.insertedRows(),
                facts.columnsRead(), facts.readsAllColumns(), facts.parseError());
    }

    /** The SELECT policies that bind the role on this table (none when RLS is off). */
    private static List<Policy> applying(Table t, String role) {
        if (!t.rowLevelSecurity()) {
            return List.of();
        }
        return t.policies().stream().filter(p -> p.governs("SELECT") && p.appliesTo(role) && p.using().present()).toList();
    }

    /** The condition RLS adds for the role; empty when no permissive policy lets it read (then every row is hidden: nothing to cost). */
    private static Optional<String> condition(Table t, String role) {
        List<Policy> policies = applying(t, role);
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
