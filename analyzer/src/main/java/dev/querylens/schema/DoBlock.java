package dev.querylens.schema;

import dev.querylens.collect.Diagnostic;
import dev.querylens.collect.SourceLocation;
import dev.querylens.collect.SqlScript;
import dev.querylens.collect.SqlStatementText;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The DDL inside a PL/pgSQL DO block, read as if it ran: Drizzle-kit's
 * {@code BEGIN ALTER TABLE ... EXCEPTION WHEN duplicate_object THEN null; END}, and the guards
 * hand-written migrations use ({@code IF NOT EXISTS (SELECT ...) THEN CREATE INDEX ...; END IF}),
 * whose first branch is the schema the migration means to reach. What the reader cannot know
 * without running the block (a later ELSIF/ELSE branch, DDL in an exception handler, an EXECUTE
 * of anything but one constant string) becomes a diagnostic naming the statement.
 */
final class DoBlock {
    private static final Set<String> DDL = Set.of("create", "alter", "drop", "comment", "grant", "revoke");

    private final SchemaReader reader;
    private final SourceLocation at;
    private final Consumer<Diagnostic> diagnostics;
    private final String sql;
    private final Map<String, Integer> noted = new LinkedHashMap<>();

    DoBlock(SchemaReader reader, SourceLocation at, Consumer<Diagnostic> diagnostics, String sql) {
        this.reader = reader;
        this.at = at;
        this.diagnostics = diagnostics;
        this.sql = sql;
    }

    /** DO [LANGUAGE name] body [LANGUAGE name], after the DO keyword. */
    void read(DdlTokens t) throws DdlException {
        String language = "plpgsql";
        String body = null;
        while (!t.atEnd()) {
            if (t.accept("language")) {
                language = SqlText.lower(t.next().text().replace("'", ""));
            } else {
                body = t.next().text();
            }
        }
        if (body == null) {
            throw new DdlException("DO without a body");
        }
        if (!language.equals("plpgsql")) {
            note("a DO block in " + language + " is not modelled");
            flushNotes();
            return;
        }
        try {
            statements(unquote(body));
        } finally {
            flushNotes();
        }
    }

    private static String unquote(String body) throws DdlException {
        if (body.startsWith("'")) {
            return body.substring(1, body.length() - 1).replace("''", "'");
        }
        int tag = body.indexOf('$', 1);
        if (!body.startsWith("$") || tag < 0) {
            throw new DdlException("DO body is not a string");
        }
        return body.substring(tag + 1, body.length() - tag - 1);
    }

    /** Walks the block's statements, keeping track of DECLARE sections, exception handlers and IF branches. */
    private void statements(String body) throws DdlException {
        boolean declaring = false;
        Deque<Boolean> handler = new ArrayDeque<>(); // per open BEGIN: inside its EXCEPTION section?
        Deque<Boolean> laterBranch = new ArrayDeque<>(); // per open IF: past its first branch?
        for (SqlStatementText st : SqlScript.split(body)) {
            DdlTokens t = new DdlTokens(st.sql());
            while (!t.atEnd()) {
                if (t.accept("declare")) {
                    declaring = true;
                } else if (t.accept("begin")) {
                    declaring = false;
                    handler.push(false);
                } else if (t.accept("exception")) {
                    if (!handler.isEmpty()) {
                        handler.pop();
                    }
                    handler.push(true);
                } else if (t.accept("end", "if")) {
                    if (!laterBranch.isEmpty()) {
                        laterBranch.pop();
                    }
                } else if (t.accept("end", "loop") || t.accept("end", "case")) {
                    // the statements of a loop or CASE were read as they came
                } else if (t.accept("end")) {
                    if (!handler.isEmpty()) {
                        handler.pop();
                    }
                    while (!t.atEnd()) {
                        t.next(); // END's optional label
                    }
                } else if (t.accept("if")) {
                    laterBranch.push(false);
                    skipPast(t, "then");
                } else if (t.accept("elsif") || t.accept("elseif")) {
                    replaceTop(laterBranch);
                    skipPast(t, "then");
                } else if (t.accept("else")) {
                    replaceTop(laterBranch);
                } else if (t.accept("when")) {
                    skipPast(t, "then"); // a handler's or CASE's condition
                } else if (t.peek().is("loop")) {
                    t.next();
                } else if ((t.peek().is("for") || t.peek().is("while") || t.peek().is("foreach")) && hasLoop(t)) {
                    skipPast(t, "loop");
                } else {
                    break;
                }
            }
            if (t.atEnd() || declaring) {
                continue;
            }
            String statement = t.rest();
            String head = t.peek().text();
            boolean ddl = DDL.contains(head);
            if (head.equals("execute") && constantString(t) != null) {
                // EXECUTE 'CREATE ...' with one constant string is not dynamic: read the statement it runs
                String constant = constantString(t);
                if (DDL.contains(SchemaReader.firstWord(constant))) {
                    reader.statement(constant, at, diagnostics);
                }
            } else if (head.equals("execute")) {
                note("dynamic SQL (EXECUTE) in a DO block is not modelled");
            } else if (ddl && handler.contains(true)) {
                note("DDL in a DO block's exception handler is not modelled");
            } else if (ddl && laterBranch.contains(true)) {
                note("DDL in an ELSIF/ELSE branch of a DO block is not modelled");
            } else if (ddl) {
                reader.statement(statement, at, diagnostics);
            }
            // assignments, PERFORM, RAISE, NULL, RETURN and DML change nothing modelled
        }
    }

    /** The text of EXECUTE's argument when it is one plain single-quoted string and nothing else, else null. */
    private static String constantString(DdlTokens t) {
        var argument = t.peek(1);
        if (argument.type() != DdlTokens.Type.STRING || !argument.text().startsWith("'") || !t.peek(2).text().isEmpty()) {
            return null;
        }
        String quoted = argument.text();
        return quoted.substring(1, quoted.length() - 1).replace("''", "'");
    }

    private static void replaceTop(Deque<Boolean> stack) {
        if (!stack.isEmpty()) {
            stack.pop();
        }
        stack.push(true);
    }

    private static boolean hasLoop(DdlTokens t) {
        for (int k = 0; !t.peek(k).text().isEmpty(); k++) {
            if (t.peek(k).is("loop")) {
                return true;
            }
        }
        return false;
    }

    /** Moves past the word (THEN, LOOP) that ends a condition, skipping parenthesized subqueries. */
    private static void skipPast(DdlTokens t, String word) throws DdlException {
        while (!t.atEnd()) {
            if (t.peek().is("(")) {
                t.skipGroup();
            } else if (t.next().is(word)) {
                return;
            }
        }
    }

    /** Each kind of gap once per block, with how often it occurred, so one block of twenty EXECUTEs is one diagnostic. */
    private void note(String what) {
        noted.merge(what, 1, Integer::sum);
    }

    private void flushNotes() {
        noted.forEach((what, count) -> diagnostics.accept(Diagnostic.at(at,
                what + (count > 1 ? " (" + count + " statements)" : "") + ": " + SchemaReader.abbreviate(sql))));
        noted.clear();
    }
}
