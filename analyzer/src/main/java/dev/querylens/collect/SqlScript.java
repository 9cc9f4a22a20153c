package dev.querylens.collect;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Cuts a SQL script into statements at top-level semicolons (and at Drizzle-kit's
 * "--> statement-breakpoint" markers), ignoring semicolons inside strings, quoted identifiers,
 * dollar-quoted bodies and comments, and leaving out psql's meta-commands ({@code \set}, {@code \connect}: a
 * backslash where a statement would start, to the end of its line) and the rows after {@code COPY ... FROM stdin}
 * (up to the line {@code \.}). Comments of the form {@code -- querylens:ignore rule-id reason}
 * before or inside a statement suppress that rule for it.
 *
 * <p>goose and dbmate keep a migration and its undo in one file, in sections their annotations
 * open ({@code -- +goose Up} / {@code -- +goose Down}, {@code -- migrate:up} / {@code -- migrate:down});
 * tern puts its down below the line {@code ---- create above / drop below ----}.
 * The tool applies only the up section when it migrates: the statements of a down section are
 * no part of the script's applied statements, and are reported apart ({@link DownSection}).
 */
public final class SqlScript {
    private static final String IGNORE_MARK = "querylens:ignore";
    private static final String BREAKPOINT = "--> statement-breakpoint";
    private static final java.util.regex.Pattern COPY_FROM_STDIN = java.util.regex.Pattern.compile("(?is)\\s*copy\\s.*\\sfrom\\s+stdin\\b.*");
    /** goose's annotations (case-insensitive since goose v3) and dbmate's directives (options may follow), as a line comment. */
    private static final java.util.regex.Pattern UP = java.util.regex.Pattern.compile("(?i)--\\s*(\\+goose\\s+up|migrate:up)(\\s.*)?");
    private static final java.util.regex.Pattern DOWN = java.util.regex.Pattern.compile("(?i)--\\s*(\\+goose\\s+down|migrate:down)(\\s.*)?");
    /** tern's separator: the file's up above it, its down below (jackc/tern migrate.go splits the file at this exact text). */
    public static final String TERN_SEPARATOR = "---- create above / drop below ----";

    private SqlScript() {
    }

    /** A string, quoted identifier, dollar-quoted body or block comment that the text never closes. */
    public record Unclosed(String construct, int line, int index) {
    }

    /**
     * A section a migration tool runs only to undo the file (goose's {@code -- +goose Down}, dbmate's
     * {@code -- migrate:down}): where it starts, the annotation as written, and how many statements it held.
     */
    public record DownSection(int line, String annotation, int statements) {
    }

    public static List<SqlStatementText> split(String text) {
        return split(text, u -> { });
    }

    /**
     * Lines end at LF, CRLF or a lone CR. A construct that is never closed would swallow the rest
     * of the file: it is reported at its opening; the statement it cuts short is still returned.
     */
    public static List<SqlStatementText> split(String text, java.util.function.Consumer<Unclosed> unclosed) {
        return split(text, unclosed, d -> { });
    }

    /** As {@link #split(String, java.util.function.Consumer)}, the statements of down sections left out and passed to {@code down}. */
    public static List<SqlStatementText> split(String text, java.util.function.Consumer<Unclosed> unclosed,
                                               java.util.function.Consumer<DownSection> down) {
        return split(text, unclosed, down, st -> { });
    }

    /**
     * The statements of the file's down sections, in the file's order: what goose and dbmate run to
     * undo it (the rollback check of a trace applies them after the up section).
     */
    public static List<SqlStatementText> undo(String text) {
        List<SqlStatementText> out = new ArrayList<>();
        split(text, u -> { }, d -> { }, out::add);
        return out;
    }

    private static List<SqlStatementText> split(String text, java.util.function.Consumer<Unclosed> unclosed,
                                                java.util.function.Consumer<DownSection> down,
                                                java.util.function.Consumer<SqlStatementText> undone) {
        List<SqlStatementText> applied = new ArrayList<>();
        List<SqlStatementText> undo = new ArrayList<>();
        List<SqlStatementText> out = applied;
        int downLine = 0;
        String downAnnotation = null;
        int n = text.length();
        int line = 1;
        int start = -1;
        int startLine = 0;
        int lastEndLine = -1;
        Set<String> suppressed = new LinkedHashSet<>();
        int i = 0;
        while (i < n) {
            char c = text.charAt(i);
            int next;
            if (c == '\n' || (c == '\r' && (i + 1 >= n || text.charAt(i + 1) != '\n'))) {
                line++;
                i++;
                continue;
            } else if (Character.isWhitespace(c)) {
                i++;
                continue;
            } else if (c == '-' && i + 1 < n && text.charAt(i + 1) == '-') {
                next = SqlSyntax.endOfLineComment(text, i);
                String comment = text.substring(i, next);
                if (start < 0 && line == lastEndLine && !out.isEmpty()) {
                    // a trailing comment on the line a statement ended on belongs to that statement
                    Set<String> trailing = new LinkedHashSet<>();
                    collectSuppression(comment, trailing);
                    if (!trailing.isEmpty()) {
                        SqlStatementText prev = out.remove(out.size() - 1);
                        trailing.addAll(prev.suppressed());
                        out.add(new SqlStatementText(prev.sql(), prev.line(), Set.copyOf(trailing)));
                    }
                } else {
                    collectSuppression(comment, suppressed);
                }
                if (comment.startsWith(BREAKPOINT)) {
                    start = emit(out, text, start, i, startLine, suppressed);
                } else if (isDown(comment) || UP.matcher(comment.strip()).matches()) {
                    // a section ends the statement before it, as the tools cut the file at the annotation's line
                    start = emit(out, text, start, i, startLine, suppressed);
                    if (out == undo) {
                        down.accept(new DownSection(downLine, downAnnotation, undo.size()));
                        undo.forEach(undone);
                        undo.clear();
                    }
                    if (isDown(comment)) {
                        out = undo;
                        downLine = line;
                        downAnnotation = comment.strip();
                    } else {
                        out = applied;
                    }
                }
                i = next;
                continue;
            } else if (c == '/' && i + 1 < n && text.charAt(i + 1) == '*') {
                next = SqlSyntax.closeOfBlockComment(text, i);
                if (next < 0) {
                    unclosed.accept(new Unclosed("block comment", line, i));
                    emit(out, text, start, i, startLine, suppressed); // what came before the comment, cut short
                    return finish(applied, undo, out, downLine, downAnnotation, down, undone);
                }
                collectSuppression(text.substring(i, next), suppressed);
            } else if (c == ';') {
                boolean copyData = start >= 0 && text.regionMatches(true, start, "copy", 0, 4)
                        && COPY_FROM_STDIN.matcher(text.substring(start, i)).matches();
                start = emit(out, text, start, i, startLine, suppressed);
                lastEndLine = line;
                i++;
                if (copyData) {
                    // psql (and pg_dump's scripts) send the lines after COPY ... FROM stdin as its rows, up to a line "\.":
                    // data, not SQL, so a quote or semicolon in a row opens or ends nothing
                    int end = SqlSyntax.endOfLineComment(text, i);
                    while (end < n) {
                        end += text.startsWith("\r\n", end) ? 2 : 1;
                        line++;
                        int lineEnd = SqlSyntax.endOfLineComment(text, end);
                        boolean last = text.substring(end, lineEnd).equals("\\.");
                        end = lineEnd;
                        if (last) {
                            break;
                        }
                    }
                    i = end;
                }
                continue;
            } else if (c == '\\' && (start < 0 || (i + 1 < n && text.charAt(i + 1) == 'g'))) {
                // a psql meta-command (\set, \connect, \i, \echo ...) runs to the end of its line and is no SQL, so a
                // quote in its arguments opens nothing; \g, \gset, \gexec and \gx also send the statement before them
                start = emit(out, text, start, i, startLine, suppressed);
                lastEndLine = line;
                i = SqlSyntax.endOfLineComment(text, i);
                continue;
            } else {
                if (start < 0) {
                    start = i;
                    startLine = line;
                }
                String construct = null;
                if (c == '\'' && SqlSyntax.opensString(text, i)) {
                    next = SqlSyntax.closeOfQuoted(text, i, SqlSyntax.escapeString(text, i));
                    construct = "string";
                } else if (c == '"') {
                    next = SqlSyntax.closeOfQuoted(text, i, false);
                    construct = "quoted identifier";
                } else if (c == '$' && !SqlSyntax.continuesIdentifier(text, i)
                        && SqlSyntax.dollarTagLength(text, i) > 0) {
                    next = SqlSyntax.closeOfDollarQuoted(text, i, SqlSyntax.dollarTagLength(text, i));
                    construct = "dollar-quoted body";
                } else {
                    next = i + 1;
                }
                if (next < 0) {
                    // kept, as the rest of the file: what reads it will find it incomplete
                    unclosed.accept(new Unclosed(construct, line, i));
                    emit(out, text, start, n, startLine, suppressed);
                    return finish(applied, undo, out, downLine, downAnnotation, down, undone);
                }
            }
            for (int k = i; k < next; k++) {
                char ch = text.charAt(k);
                if (ch == '\n' || (ch == '\r' && (k + 1 >= n || text.charAt(k + 1) != '\n'))) {
                    line++;
                }
            }
            i = next;
        }
        emit(out, text, start, n, startLine, suppressed);
        return finish(applied, undo, out, downLine, downAnnotation, down, undone);
    }

    private static List<SqlStatementText> finish(List<SqlStatementText> applied, List<SqlStatementText> undo, List<SqlStatementText> out,
                                                 int downLine, String downAnnotation, java.util.function.Consumer<DownSection> down,
                                                 java.util.function.Consumer<SqlStatementText> undone) {
        if (out == undo) {
            down.accept(new DownSection(downLine, downAnnotation, undo.size()));
            undo.forEach(undone);
        }
        return applied;
    }

    private static int emit(List<SqlStatementText> out, String text, int start, int end, int line, Set<String> suppressed) {
        if (start >= 0) {
            String sql = text.substring(start, end).strip();
            if (!sql.isEmpty()) {
                out.add(new SqlStatementText(sql, line, Set.copyOf(suppressed)));
            }
            suppressed.clear();
        }
        return -1;
    }

    private static void collectSuppression(String comment, Set<String> suppressed) {
        int at = comment.indexOf(IGNORE_MARK);
        if (at < 0) {
            return;
        }
        String rest = comment.substring(at + IGNORE_MARK.length()).replace("*/", " ").strip();
        if (!rest.isEmpty()) {
            suppressed.add(rest.split("\\s+")[0]);
        }
    }

    /** A line comment that opens a down section: goose's or dbmate's annotation, or tern's separator. */
    private static boolean isDown(String comment) {
        String c = comment.strip();
        return DOWN.matcher(c).matches() || c.startsWith(TERN_SEPARATOR);
    }
}
