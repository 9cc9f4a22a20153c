package dev.querylens.collect;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A log line format the user described in querylens.yaml ({@code logFormats:}), for an
 * application or ORM QueryLens has no reader of its own for: a regular expression that matches a
 * whole statement line, with named groups {@code sql} (required), and optionally {@code params}
 * (a list: JSON, Python, JavaScript or Ruby literal), {@code duration} (a number, in
 * {@code durationUnit}: ms by default, or s, us), {@code time} (ISO-8601, a zone-less time read as
 * UTC) and {@code session} (lines with the same value are one session; without it the file is one).
 * One line is one statement; lines that do not match are the application's own and are skipped.
 */
public record DescribedLogFormat(String name, Pattern pattern, Set<String> groups, double msPerUnit) {
    private static final Pattern NAMED_GROUP = Pattern.compile("(?<!\\\\)\\(\\?<([a-zA-Z][a-zA-Z0-9]*)>");
    public static final Set<String> GROUPS = Set.of("sql", "params", "duration", "time", "session");

    /**
     * @throws IllegalArgumentException with a message for the user when the pattern does not
     *                                  compile, has no {@code sql} group, or the unit is unknown
     */
    public static DescribedLogFormat of(String name, String regex, String durationUnit) {
        Pattern p;
        try {
            p = Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("pattern is not a valid regular expression: " + e.getDescription()
                    + " at index " + e.getIndex());
        }
        Set<String> names = new java.util.TreeSet<>();
        Matcher g = NAMED_GROUP.matcher(regex);
        while (g.find()) {
            names.add(g.group(1));
        }
        if (!names.contains("sql")) {
            throw new IllegalArgumentException("pattern needs a named group (?<sql>...) for the statement");
        }
        for (String n : names) {
            if (!GROUPS.contains(n)) {
                throw new IllegalArgumentException("pattern has a group named '" + n + "'; the names QueryLens reads are "
                        + String.join(", ", new java.util.TreeSet<>(GROUPS)));
            }
        }
        double scale = switch (durationUnit == null ? "ms" : durationUnit) {
            case "ms" -> 1;
            case "s" -> 1000;
            case "us" -> 0.001;
            default -> throw new IllegalArgumentException("durationUnit must be ms, s or us, not '" + durationUnit + "'");
        };
        return new DescribedLogFormat(name, p, Set.copyOf(names), scale);
    }

    boolean isStatement(String line) {
        Matcher m = pattern.matcher(line);
        return m.matches() && m.group("sql") != null && !m.group("sql").isBlank();
    }

    AppLogFormat.Lines reader(AppLogFormat.Target target) {
        return new AppLogFormat.Lines() {
            @Override
            public void line(long lineNumber, long offset, String raw) {
                Matcher m = pattern.matcher(raw);
                if (!m.matches() || m.group("sql") == null || m.group("sql").isBlank()) {
                    return;
                }
                List<String> params = List.of();
                String values = group(m, "params");
                if (values != null && !values.isBlank()) {
                    List<String> parsed = LoggedValues.list(values);
                    if (parsed == null) {
                        target.diagnostics().accept(new Diagnostic(target.file(), lineNumber, offset, false, "logFormats '" + name
                                + "': params group is not a list; the statement is read without its values"));
                    } else {
                        params = parsed;
                    }
                }
                double ms = Double.NaN;
                String duration = group(m, "duration");
                if (duration != null) {
                    try {
                        ms = Double.parseDouble(duration.strip()) * msPerUnit;
                    } catch (NumberFormatException e) {
                        target.diagnostics().accept(new Diagnostic(target.file(), lineNumber, offset, false, "logFormats '" + name
                                + "': duration group is not a number; the statement is read without it"));
                    }
                }
                String time = group(m, "time");
                Instant at = time == null ? null : ConsolePrefix.instant(time.strip());
                String session = group(m, "session");
                target.executions().accept(new Execution(SourceKind.APP_LOG, new SourceLocation(target.file(), lineNumber),
                        m.group("sql").strip(), params, session == null ? name : name + ":" + session, at, ms, null, null));
            }

            @Override
            public void finish() {
            }
        };
    }

    private String group(Matcher m, String group) {
        return groups.contains(group) ? m.group(group) : null;
    }
}
