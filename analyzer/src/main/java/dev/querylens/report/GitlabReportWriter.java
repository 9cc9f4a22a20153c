package dev.querylens.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.querylens.collect.SourceLocation;
import dev.querylens.engine.Finding;
import dev.querylens.engine.Severity;
import java.io.IOException;
import java.io.Writer;
import java.util.HashMap;
import java.util.Map;

/**
 * GitLab Code Quality: a JSON array of issues, each with the fields GitLab's documentation requires
 * ({@code description}, {@code check_name}, {@code fingerprint}, {@code severity},
 * {@code location.path}, {@code location.lines.begin}), for a job's {@code artifacts:reports:codequality}.
 *
 * <p>The fingerprint is the finding's stable key (rule and subject, as baselines use), so GitLab
 * matches a finding between the target branch and the merge request however its line moved; a
 * second finding with the same key (the same statement seen in two files) gets the location added,
 * since GitLab wants fingerprints unique within a report. A finding with no file (read from a
 * database) is placed at the first input file, line 1: GitLab has no issue without a path.
 * Severities: error is critical, warning major, info info.
 */
public final class GitlabReportWriter implements ReportWriter {
    private final RenderOptions options;
    private final ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

    public GitlabReportWriter(RenderOptions options) {
        this.options = options;
    }

    @Override
    public void write(Report report, Writer out) throws IOException {
        mapper.writeValue(out, toCodeQuality(report));
        out.write(System.lineSeparator());
    }

    public ArrayNode toCodeQuality(Report report) {
        ArrayNode issues = mapper.createArrayNode();
        String fallbackPath = report.inputs().stream().map(Report.Input::file).filter(f -> ReportPaths.isFile(report, f)).findFirst()
                .map(f -> ReportPaths.relative(options.repositoryRoot(), f)).orElse(".");
        Map<String, Integer> seen = new HashMap<>();
        for (Finding f : report.findings()) {
            SourceLocation at = f.locations().stream().filter(l -> ReportPaths.isFile(report, l.file())).findFirst().orElse(null);
            String path = at == null ? fallbackPath : ReportPaths.relative(options.repositoryRoot(), at.file());
            long line = at == null || at.line() < 1 ? 1 : at.line();
            String key = FindingKey.of(f);
            int n = seen.merge(key, 1, Integer::sum);
            String fingerprint = n == 1 ? key : FindingKey.hash(key + "\n" + path + ":" + line + "\n" + n);
            ObjectNode issue = issues.addObject();
            issue.put("type", "issue");
            issue.put("description", Secrets.redact(f.message()) + (f.table() != null ? " (" + f.table() + ")" : ""));
            issue.put("check_name", f.rule());
            issue.put("fingerprint", fingerprint);
            issue.put("severity", severity(f.severity()));
            issue.putArray("categories").add("Performance");
            if (f.fix() != null) {
                issue.put("content", Secrets.redact(f.fix()));
            }
            ObjectNode location = issue.putObject("location");
            location.put("path", path);
            location.putObject("lines").put("begin", line);
        }
        return issues;
    }

    static String severity(Severity s) {
        return switch (s) {
            case ERROR -> "critical";
            case WARNING -> "major";
            case INFO -> "info";
        };
    }
}
