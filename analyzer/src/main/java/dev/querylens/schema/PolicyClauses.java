package dev.querylens.schema;

import java.util.ArrayList;
import java.util.List;

/**
 * The TO, USING and WITH CHECK clauses of CREATE POLICY or ALTER POLICY; a clause the statement
 * leaves out is null, so ALTER POLICY keeps what the policy had.
 */
record PolicyClauses(List<String> roles, PolicyExpression using, PolicyExpression withCheck) {

    static PolicyClauses read(DdlTokens t, String table) throws DdlException {
        List<String> roles = null;
        PolicyExpression using = null;
        PolicyExpression withCheck = null;
        while (!t.atEnd() && !t.peek().is(";")) {
            if (t.accept("to")) {
                roles = new ArrayList<>();
                do {
                    roles.add(t.name());
                } while (t.accept(","));
            } else if (t.accept("using")) {
                using = PolicyExpression.of(group(t), table);
            } else if (t.accept("with", "check")) {
                withCheck = PolicyExpression.of(group(t), table);
            } else {
                throw new DdlException("unexpected " + (t.peek().isName() ? "'" + t.peek().text() + "'" : "token") + " in a policy");
            }
        }
        return new PolicyClauses(roles, using, withCheck);
    }

    Policy applyTo(Policy p) {
        return new Policy(p.name(), p.command(), p.permissive(), roles == null ? p.roles() : roles,
                using == null ? p.using() : using, withCheck == null ? p.withCheck() : withCheck, p.definedAt());
    }

    private static String group(DdlTokens t) throws DdlException {
        int from = t.position() + 1;
        t.skipGroup();
        return t.textOf(from, t.position() - 1);
    }
}
