package dev.querylens.report;

/** The report formats, each with the file name it gets in an output directory. */
public enum ReportFormat {
    text("querylens-report.txt"),
    json("querylens-report.json"),
    sarif("querylens.sarif"),
    markdown("querylens-report.md"),
    html("querylens-report.html"),
    /** GitHub Actions workflow commands (annotations); the CLI also appends the job summary. */
    github("querylens-github.txt"),
    /** GitLab Code Quality JSON, under the name GitLab's examples give it. */
    gitlab("gl-code-quality-report.json");

    private final String fileName;

    ReportFormat(String fileName) {
        this.fileName = fileName;
    }

    public String fileName() {
        return fileName;
    }

    public ReportWriter writer(RenderOptions options) {
        return switch (this) {
            case text -> new TextReportWriter(options);
            case json -> new JsonReportWriter(options);
            case sarif -> new SarifReportWriter(options);
            case markdown -> new MarkdownReportWriter(options);
            case html -> new HtmlReportWriter(options);
            case github -> new GithubReportWriter(options);
            case gitlab -> new GitlabReportWriter(options);
        };
    }
}
