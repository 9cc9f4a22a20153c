package dev.querylens.report;

/** The report formats, each with the file name it gets in an output directory. */
public enum ReportFormat {
    text("querylens-report.txt"),
    json("querylens-report.json"),
    sarif("querylens.sarif"),
    markdown("querylens-report.md"),
    html("querylens-report.html");

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
            case markdown -> new MarkdownReportWriter();
            case html -> new HtmlReportWriter(options);
        };
    }
}
