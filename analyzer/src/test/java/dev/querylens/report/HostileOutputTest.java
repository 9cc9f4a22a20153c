package dev.querylens.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.querylens.analysis.Analysis;
import dev.querylens.analysis.AnalysisRequest;
import dev.querylens.cli.QueryLensCommand;
import dev.querylens.engine.RuleCatalog;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.commonmark.Extension;
import org.commonmark.ext.autolink.AutolinkExtension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Heading;
import org.commonmark.node.HtmlBlock;
import org.commonmark.node.HtmlInline;
import org.commonmark.node.Image;
import org.commonmark.node.Link;
import org.commonmark.node.Node;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.commonmark.renderer.text.TextContentRenderer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Identifiers and statements written to attack whoever reads the report: terminal escapes (an OSC 52
 * sequence that writes the clipboard, a CR, a bidirectional override) and Markdown that would be a
 * link, an image, HTML, a heading, a table or a mention in a pull-request comment. Through every
 * format: the text report and stderr show them escaped, the Markdown rendered by a GitHub-flavoured
 * renderer (CommonMark with GFM tables and autolinks) has no link, image or HTML the input wrote,
 * and HTML and SARIF hold them as inert text.
 */
class HostileOutputTest {
    private static final String ESC = "\u001b";
    private static final String OSC52 = ESC + "]52;c;ZWNobyBwd25lZA==\u0007";
    private static final List<String> HOSTILE_COLUMNS = List.of(
            "[click](https://evil.example/t)",
            "<img src=x onerror=alert(1)>",
            "www.evil.example",
            "mail@evil.example",
            "![i](https://evil.example/i.png)",
            "``` | a | b |",
            "x\n# heading\n<script>alert(1)</script>\n[ref]: https://evil.example/r",
            "**bold** _em_ ~~s~~ $x$ &amp; @admin #1",
            "<https://evil.example/auto>",
            "https://evil.example/bare",
            OSC52,
            "\u202eevil\u2066x\u2069",
            "a\rb");
    private static final String TABLE = "orders";

    @TempDir
    static Path dir;
    private static Path schema;
    private static Path log;
    private static Report report;

    private static String quoted(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    @BeforeAll
    static void analyze() throws Exception {
        StringBuilder ddl = new StringBuilder("CREATE TABLE " + quoted(TABLE) + " (\n  id bigint PRIMARY KEY");
        for (String c : HOSTILE_COLUMNS) {
            ddl.append(",\n  ").append(quoted(c)).append(" int");
        }
        ddl.append("\n);\n");
        schema = Files.writeString(dir.resolve("schema.sql"), ddl.toString());
        // a server log: each statement filters on one hostile column of a table without indexes
        StringBuilder lines = new StringBuilder();
        int pid = 4000;
        for (String c : HOSTILE_COLUMNS) {
            for (int i = 0; i < 3; i++) {
                lines.append("2026-11-25 08:47:17.").append(100 + i).append(" UTC [").append(pid).append("] app@shop LOG:  duration: ")
                        // the statement whose name has line feeds is the slowest, so the text report lists it among its top ten
                        .append(c.contains("\n") ? "90.5" : "12.5").append(" ms  statement: ")
                        // a statement's further lines are logged after a tab, as PostgreSQL does
                        .append("SELECT * FROM ").append(TABLE).append(" WHERE ").append(quoted(c).replace("\n", "\n\t")).append(" = ").append(i)
                        .append('\n');
            }
            pid++;
        }
        log = Files.writeString(dir.resolve("app.log"), lines.toString());
        report = new Analysis(RuleCatalog.load(), "0.1.0-test", m -> { })
                .run(new AnalysisRequest(List.of(schema, log), List.of(), null, null));
        // a name with a CR is two log lines (a CR ends a line), one with line feeds is not planned: the other 11 are findings
        assertTrue(report.findings().size() >= HOSTILE_COLUMNS.size() - 2, "the hostile names reach findings: " + report.findings().size());
    }

    private static String render(ReportWriter w) throws Exception {
        StringWriter out = new StringWriter();
        w.write(report, out);
        return out.toString();
    }

    /** Characters that steer a terminal or reorder text; LF and TAB are the only controls a report may hold. */
    private static void noRawControls(String text, String where) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean control = c < 0x20 && c != '\n' && c != '\t' || c >= 0x7f && c <= 0x9f
                    || c >= 0x202a && c <= 0x202e || c >= 0x2066 && c <= 0x2069;
            assertFalse(control, where + ": raw U+" + Integer.toHexString(c) + " at " + i + ": "
                    + text.substring(Math.max(0, i - 40), Math.min(text.length(), i + 40)));
        }
    }

    @Test
    void theTextReportShowsEscapesNotTheirEffect() throws Exception {
        for (boolean literals : new boolean[] {false, true}) {
            for (boolean color : new boolean[] {false, true}) {
                String text = render(new TextReportWriter(new RenderOptions(literals, color, Path.of(""))));
                String withoutOwnColours = text.replaceAll("\u001b\\[(?:1;31|33|36|0)m", "");
                noRawControls(withoutOwnColours, "text report");
                assertTrue(text.contains("\\x1b]52;c;ZWNobyBwd25lZA==\\x07"), "the OSC 52 sequence is shown escaped");
                assertTrue(text.contains("\\u202eevil\\u2066x\\u2069"), "the bidirectional controls are shown escaped");
                // a line feed in a name cannot forge a line of the report
                assertFalse(text.lines().anyMatch(l -> l.startsWith("# heading")), text);
                assertTrue(text.matches("(?s).*x\\\\n\\s*# heading\\\\n\\s*<script>.*"), "the line feeds in the name are shown as \\n");
                if (color) {
                    assertTrue(text.contains("\u001b[33m"), "QueryLens's own colours still work");
                }
            }
        }
    }

    @Test
    void stderrShowsEscapesNotTheirEffect() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream saved = System.err;
        int exit;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            // check lists each new finding's statement on stderr; the file name is hostile too
            Path hostileName = Files.copy(log, dir.resolve("app" + ESC + "]0;pwned" + "\u0007.log"));
            exit = QueryLensCommand.execute("check", "-q", "--fail-on", "info", "--accept-partial-input", "-o", dir.resolve("check.txt").toString(),
                    schema.toString(), hostileName.toString(), dir.resolve("missing" + ESC + "[2J.sql").toString());
        } finally {
            System.setErr(saved);
        }
        String stderr = err.toString(StandardCharsets.UTF_8);
        assertEquals(1, exit, stderr);
        noRawControls(stderr, "stderr");
        assertTrue(stderr.contains("\\x1b]52;c;ZWNobyBwd25lZA==\\x07"), stderr);
        assertTrue(stderr.contains("app\\x1b]0;pwned\\x07.log") || stderr.contains("missing\\x1b[2J.sql"), stderr);
        noRawControls(Files.readString(dir.resolve("check.txt")), "check -o report");
    }

    @Test
    void theEscapingWriterKeepsLineEndsAndEscapesEverythingElse() throws Exception {
        StringWriter out = new StringWriter();
        VisibleTextWriter w = new VisibleTextWriter(out);
        w.write("ok\r\nnext\r");
        w.write("\nbell\u0007 csi\u009b del\u007f tab\tend cr\rx\u00e9 \ud83d");
        w.write("\ude00 lone\ud83d \u200d\u202a\u2028\ufeff");
        w.write("\r");
        w.close();
        assertEquals("ok\r\nnext\r\nbell\\x07 csi\\u009b del\\x7f tab\tend cr\\rx\u00e9 \ud83d\ude00 lone\\ud83d \u200d\\u202a\\u2028\\ufeff\\r",
                out.toString(), "CRLF split over two writes stays a line end; a pair split over two writes stays a pair");
        assertEquals("a\\nb\tc\\x1b[31m\\U000e0041", VisibleText.line("a\nb\tc\u001b[31m\udb40\udc41"));
        assertEquals("a\nb", VisibleText.escape("a\nb"));
        String plain = "SELECT naïve, 日本, 😀 FROM t";
        assertTrue(plain == VisibleText.line(plain), "nothing to escape: the same string, no copy");
    }

    private static final Set<Class<? extends Node>> FORBIDDEN = Set.of(Link.class, Image.class, HtmlInline.class, HtmlBlock.class);

    @Test
    void markdownRenderedAsGitHubWouldHasNoLinkImageOrHtmlTheInputWrote() throws Exception {
        String md = render(new MarkdownReportWriter());
        noRawControls(md, "markdown");
        List<Extension> gfm = List.of(TablesExtension.create(), AutolinkExtension.create());
        Node doc = Parser.builder().extensions(gfm).build().parse(md);
        List<String> found = new ArrayList<>();
        List<String> headings = new ArrayList<>();
        doc.accept(new AbstractVisitor() {
            @Override
            protected void visitChildren(Node parent) {
                for (Node n = parent.getFirstChild(); n != null; n = n.getNext()) {
                    if (FORBIDDEN.contains(n.getClass())) {
                        found.add(n.getClass().getSimpleName() + ": " + n);
                    }
                    if (n instanceof Heading h) {
                        headings.add(TextContentRenderer.builder().build().render(h).strip());
                    }
                    n.accept(this);
                }
            }
        });
        assertEquals(List.of(), found, md);
        assertEquals(3, headings.size(), "only the report's own headings: " + headings);
        String html = HtmlRenderer.builder().extensions(gfm).build().render(doc);
        Matcher tags = Pattern.compile("<(/?)([a-zA-Z][a-zA-Z0-9]*)").matcher(html);
        Set<String> own = Set.of("h2", "h3", "p", "strong", "em", "code", "pre", "ol", "li", "table", "thead", "tbody", "tr", "th", "td");
        while (tags.find()) {
            assertTrue(own.contains(tags.group(2).toLowerCase()), "element <" + tags.group(2) + "> in the rendered comment:\n" + html);
        }
        // one table: the report's own severity counts
        assertEquals(1, html.split("<table", -1).length - 1, html);
        // and the hostile names are there, as text that reads as the input wrote it
        String shown = TextContentRenderer.builder().build().render(doc);
        for (String name : List.of("[click](https://evil.example/t)", "www.evil.example", "mail@evil.example", "<img src=x onerror=alert(1)>", "![i](https://evil.example/i.png)",
                "**bold** _em_ ~~s~~ $x$ &amp; @admin #1", "\\x1b]52;c;ZWNobyBwd25lZA==\\x07")) {
            assertTrue(shown.contains(name), name + " is shown as written:\n" + shown);
        }
    }

    @Test
    void htmlAndSarifHoldTheNamesAsInertText() throws Exception {
        String html = render(new HtmlReportWriter(RenderOptions.DEFAULT));
        assertEquals(1, html.split("<script", -1).length - 1, "only the report's own script");
        assertFalse(html.contains("<img") || html.contains("<a ") || html.contains("<script>alert"), "no element from a name");
        assertTrue(html.contains("&lt;img src=x onerror=alert(1)&gt;"), "the name is shown, escaped");
        String sarif = render(new SarifReportWriter(RenderOptions.DEFAULT));
        JsonNode root = new ObjectMapper().readTree(sarif); // valid JSON: every control character is escaped by the JSON writer
        noRawControls(sarif, "sarif");
        assertTrue(root.path("runs").get(0).path("results").size() >= HOSTILE_COLUMNS.size() - 2);
        root.path("runs").get(0).path("results").forEach(r -> assertTrue(r.path("message").path("markdown").isMissingNode(),
                "a result's message is text, never Markdown a viewer would render"));
        assertTrue(sarif.contains("<img src=x onerror=alert(1)>"), "SARIF keeps the name as data");
    }
}
