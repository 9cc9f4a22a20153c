package dev.querylens.report;

import dev.querylens.collect.Diagnostic;
import dev.querylens.collect.SourceLocation;
import dev.querylens.engine.Finding;
import dev.querylens.engine.Severity;
import java.io.IOException;
import java.io.Writer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * GitHub Actions workflow commands: one {@code ::error|warning|notice file=…,line=…,title=…::message}
 * line per finding, at its first file location (relative to the repository root, as GitHub wants
 * it), and one warning per input problem. The runner reads these from the step's standard output.
 *
 * <p>Everything in a command comes from the user's input one way or another (messages quote table
 * and column names, locations name files), so each part is escaped as the runner unescapes it:
 * data {@code % \r \n}, properties also {@code : ,}. A message can then never end the line and start
 * a command of its own. Other line breaks and control characters, which the runner does not
 * unescape, become spaces. QueryLens reports have no column, so {@code col} is left out (optional).
 */
public final class GithubReportWriter implements ReportWriter {
    private final RenderOptions options;

    public GithubReportWriter(RenderOptions options) {
        this.options = options;
    }

    @Override
    public void write(Report report, Writer out) throws IOException {
        for (Finding f : report.findings()) {
            Map<String, String> props = new LinkedHashMap<>();
            SourceLocation at = f.locations().stream().filter(l -> ReportPaths.isFile(report, l.file())).findFirst().orElse(null);
            if (at != null) {
                props.put("file", ReportPaths.relative(options.repositoryRoot(), at.file()));
                if (at.line() > 0) {
                    props.put("line", Long.toString(at.line()));
                }
            }
            props.put("title", "QueryLens " + f.rule() + (f.table() != null ? " on " + f.table() : ""));
            StringBuilder message = new StringBuilder(Secrets.redact(f.message()));
            if (f.sql() != null) {
                message.append('\n').append(abbreviate(f.sql()));
            }
            if (f.fix() != null) {
                message.append("\nFix: ").append(Secrets.redact(f.fix()));
            }
            out.write(command(command(f.severity()), props, message.toString()));
        }
        for (Diagnostic d : report.diagnostics()) {
            Map<String, String> props = new LinkedHashMap<>();
            if (ReportPaths.isFile(report, d.file())) {
                props.put("file", ReportPaths.relative(options.repositoryRoot(), d.file()));
                if (d.line() > 0) {
                    props.put("line", Long.toString(d.line()));
                }
            }
            props.put("title", d.inputLost() ? "QueryLens: input not analyzed" : "QueryLens: input problem");
            out.write(command("warning", props, Secrets.redact(d.message())));
        }
    }

    /** The annotation level GitHub has for a severity: error, warning, notice. */
    public static String command(Severity s) {
        return switch (s) {
            case ERROR -> "error";
            case WARNING -> "warning";
            case INFO -> "notice";
        };
    }

    /** One workflow command line, its properties and data escaped. */
    static String command(String name, Map<String, String> properties, String data) {
        StringBuilder b = new StringBuilder("::").append(name);
        String sep = " ";
        for (Map.Entry<String, String> p : properties.entrySet()) {
            b.append(sep).append(p.getKey()).append('=').append(escapeProperty(p.getValue()));
            sep = ",";
        }
        return b.append("::").append(escapeData(data)).append('\n').toString();
    }

    /** As the runner's toolkit escapes command data: the runner turns %25, %0D, %0A back into the characters. */
    public static String escapeData(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '%' -> b.append("%25");
                case '\r' -> b.append("%0D");
                case '\n' -> b.append("%0A");
                default -> b.append(visible(c));
            }
        }
        return b.toString();
    }

    /** As the runner's toolkit escapes property values: data's escapes plus {@code :} and {@code ,}, which delimit properties. */
    public static String escapeProperty(String s) {
        return escapeData(s).replace(":", "%3A").replace(",", "%2C");
    }

    /**
     * Control characters and Unicode line breaks (NEL, LS, PS) the runner has no escape for: some
     * log viewers break lines there, and none of them belongs in an annotation.
     */
    private static char visible(char c) {
        boolean control = (c < 0x20 && c != '\t') || c == 0x7f || c == '\u0085' || c == '\u2028' || c == '\u2029';
        return control ? ' ' : c;
    }

    private static String abbreviate(String sql) {
        return sql.length() <= 300 ? sql : sql.substring(0, 297) + "...";
    }
}
