package dev.querylens.schema;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A policy's USING or WITH CHECK expression, reduced to what rules and the advisor ask of it.
 *
 * @param text             the expression as written (or as pg_policies deparses it), outer parentheses removed
 * @param functions        functions it calls, schema-qualified as written ({@code auth.uid}, {@code current_setting})
 * @param perRowCalls      calls of request functions (auth.uid(), auth.jwt(), auth.role(), auth.email(),
 *                         current_setting()) not wrapped as {@code (select ...)}: the planner evaluates
 *                         those once per row, a wrapped one once per statement (an InitPlan)
 * @param comparedColumns  bare or table-qualified columns compared with {@code =} (or IN) at the top level,
 *                         outside subqueries: the columns an index can serve the policy with
 */
public record PolicyExpression(String text, List<String> functions, List<String> perRowCalls, List<String> comparedColumns) {
    public static final PolicyExpression NONE = new PolicyExpression("", List.of(), List.of(), List.of());

    /** Functions whose value is fixed for a request: per row, each call costs the same again. */
    private static final Set<String> REQUEST_FUNCTIONS = Set.of("auth.uid", "auth.jwt", "auth.role", "auth.email", "current_setting");
    /** Words followed by "(" that are syntax, not function calls. */
    private static final Set<String> NOT_FUNCTIONS = Set.of("in", "exists", "any", "all", "some", "and", "or", "not", "select",
            "array", "values", "when", "then", "else", "case", "where", "on", "as", "is", "from", "join", "using", "check", "row");
    private static final Set<String> NOT_COLUMNS = Set.of("true", "false", "null", "and", "or", "not", "select", "current_user",
            "session_user", "current_role", "any", "all", "some", "exists", "in", "is", "case", "when", "then", "else", "end");

    public PolicyExpression {
        functions = List.copyOf(functions);
        perRowCalls = List.copyOf(perRowCalls);
        comparedColumns = List.copyOf(comparedColumns);
    }

    public boolean present() {
        return !text.isEmpty();
    }

    /** USING (true) / WITH CHECK (true): the policy lets every row through. */
    public boolean alwaysTrue() {
        return SqlText.normalize(text).equals("true");
    }

    /** Whether it reads the JWT's user_metadata, which the signed-in user can change (supabase.auth.updateUser). */
    public boolean readsUserMetadata() {
        return text.toLowerCase(Locale.ROOT).contains("user_metadata");
    }

    /** Reads an expression's facts; {@code table} is the policy's table's name, for columns written as table.column. */
    static PolicyExpression of(String expression, String table) {
        String text = SqlText.stripOuterParens(expression.strip());
        if (text.isEmpty()) {
            return NONE;
        }
        DdlTokens t = new DdlTokens(text);
        List<DdlTokens.Token> tokens = new ArrayList<>();
        while (!t.atEnd()) {
            tokens.add(t.next());
        }
        Set<String> functions = new LinkedHashSet<>();
        Set<String> perRow = new LinkedHashSet<>();
        Set<String> compared = new LinkedHashSet<>();
        // one entry per open parenthesis: whether it opened a subquery
        Deque<Boolean> subquery = new ArrayDeque<>();
        for (int i = 0; i < tokens.size(); i++) {
            DdlTokens.Token tok = tokens.get(i);
            if (tok.is("(")) {
                subquery.push(at(tokens, i + 1).is("select") || (!subquery.isEmpty() && subquery.peek()));
                continue;
            }
            if (tok.is(")")) {
                if (!subquery.isEmpty()) {
                    subquery.pop();
                }
                continue;
            }
            if (!tok.isName()) {
                continue;
            }
            boolean qualified = at(tokens, i + 1).is(".") && at(tokens, i + 2).isName();
            String name = qualified ? tok.text() + "." + at(tokens, i + 2).text() : tok.text();
            int after = qualified ? i + 3 : i + 1;
            boolean inSubquery = !subquery.isEmpty() && subquery.peek();
            if (at(tokens, after).is("(") && !NOT_FUNCTIONS.contains(name)) {
                functions.add(name);
                boolean wrapped = at(tokens, i - 1).is("select") && at(tokens, i - 2).is("(");
                if (REQUEST_FUNCTIONS.contains(name) && !wrapped) {
                    perRow.add(name + "()");
                }
            } else if (!inSubquery && tok.type() != DdlTokens.Type.STRING && !NOT_COLUMNS.contains(name)
                    && (!qualified || tok.text().equals(table))
                    && (at(tokens, after).is("=") && !at(tokens, after + 1).is(">") || at(tokens, i - 1).is("=") && !at(tokens, i - 2).is("<")
                        && !at(tokens, i - 2).is(">") && !at(tokens, i - 2).is("!") || at(tokens, after).is("in"))) {
                compared.add(qualified ? at(tokens, i + 2).text() : name);
            }
            if (qualified) {
                i += 2;
            }
        }
        return new PolicyExpression(text, List.copyOf(functions), List.copyOf(perRow), List.copyOf(compared));
    }

    private static DdlTokens.Token at(List<DdlTokens.Token> tokens, int i) {
        return i < 0 || i >= tokens.size() ? new DdlTokens.Token(DdlTokens.Type.PUNCT, "", 0, 0) : tokens.get(i);
    }
}
