package dev.querylens.rules;

import dev.querylens.engine.Finding;
import dev.querylens.engine.RuleContext;
import dev.querylens.engine.SchemaRule;
import dev.querylens.schema.Policy;
import dev.querylens.schema.PolicyExpression;
import dev.querylens.schema.Table;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A policy that calls auth.uid(), auth.jwt(), auth.role(), auth.email() or current_setting()
 * bare: the planner cannot tell the value is the same for every row, so it calls the function
 * once per row checked. Wrapped as {@code (select auth.uid())} it becomes an InitPlan, run once
 * per statement, and its value can drive an index scan.
 */
public final class RlsAuthPerRowRule implements SchemaRule {
    private static final Pattern CALL = Pattern.compile("(?i)(?<![\\w.\"])((?:\"?auth\"?\\s*\\.\\s*\"?(?:uid|jwt|role|email)\"?)|current_setting)\\s*\\(");

    @Override
    public String id() {
        return "rls-auth-per-row";
    }

    @Override
    public List<Finding> check(RuleContext context) {
        List<Finding> out = new ArrayList<>();
        for (Table t : SupabaseScope.tables(context)) {
            for (Policy p : t.policies()) {
                Set<String> calls = new LinkedHashSet<>();
                p.expressions().forEach(e -> calls.addAll(e.perRowCalls()));
                if (calls.isEmpty()) {
                    continue;
                }
                Map<String, Object> evidence = new LinkedHashMap<>();
                evidence.put("policy", p.name());
                evidence.put("calls", List.copyOf(calls));
                String fix = SupabaseScope.alterPolicy(t, p)
                        + (p.using().perRowCalls().isEmpty() ? "" : " USING (" + wrapped(p.using()) + ")")
                        + (p.withCheck().perRowCalls().isEmpty() ? "" : " WITH CHECK (" + wrapped(p.withCheck()) + ")") + ";";
                out.add(SupabaseScope.finding(id(), context, t, java.util.Collections.singletonList(p.definedAt()), "Policy \"" + p.name() + "\" on " + t.qualifiedName() + " calls "
                        + String.join(", ", calls) + " once for every row it checks; wrapped as (select ...) each runs once per statement",
                        List.of(), evidence, fix));
            }
        }
        return out;
    }

    /** The expression with each bare request-function call wrapped in (select ...). */
    static String wrapped(PolicyExpression e) {
        String s = e.text();
        StringBuilder b = new StringBuilder();
        int from = 0;
        Matcher m = CALL.matcher(s);
        while (m.find(from)) {
            int end = closing(s, m.end() - 1);
            boolean already = s.substring(0, m.start()).replaceAll("\\s+", " ").toLowerCase(java.util.Locale.ROOT).endsWith("(select ")
                    || s.substring(0, m.start()).toLowerCase(java.util.Locale.ROOT).matches("(?s).*\\(\\s*select\\s*$");
            b.append(s, from, m.start());
            b.append(already ? s.substring(m.start(), end) : "(select " + s.substring(m.start(), end) + ")");
            from = end;
        }
        return b.append(s.substring(from)).toString();
    }

    /** The index just past the parenthesis that closes the one at {@code open}, skipping quoted strings. */
    private static int closing(String s, int open) {
        int depth = 0;
        for (int i = open; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\'') {
                int j = s.indexOf('\'', i + 1);
                i = j < 0 ? s.length() : j;
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return i + 1;
            }
        }
        return s.length();
    }

    @Override
    public java.util.Optional<String> note(RuleContext context) {
        return SupabaseScope.note(context);
    }
}
