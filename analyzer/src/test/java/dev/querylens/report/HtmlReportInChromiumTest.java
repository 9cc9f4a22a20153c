package dev.querylens.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.querylens.Samples;
import dev.querylens.analysis.Analysis;
import dev.querylens.analysis.AnalysisRequest;
import dev.querylens.engine.RuleCatalog;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens the HTML report of the samples in headless Chromium (Debian's chromium package, which
 * .ci/run installs): it must load with no console message at all, run its script, and show the
 * findings, the statements sorted by total time and the plan trees.
 */
class HtmlReportInChromiumTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    @TempDir
    Path dir;

    @Test
    void loadsWithoutConsoleErrorsAndShowsTheFindings() throws Exception {
        assertTrue(Files.isExecutable(CHROMIUM), "this test needs Debian's chromium package: apt-get install chromium (.ci/run installs it)");
        Report report = new Analysis(RuleCatalog.load(), "test", m -> { })
                .run(new AnalysisRequest(List.of(Samples.TASKBOARD), List.of(), null, null));
        Path html = dir.resolve("report.html");
        try (Writer w = Files.newBufferedWriter(html, StandardCharsets.UTF_8)) {
            new HtmlReportWriter().write(report, w);
        }
        String source = Files.readString(html);
        assertFalse(Pattern.compile("(src|href)\\s*=\\s*\"?(https?:)?//").matcher(source).find(), "the report must not fetch anything");

        Process chromium = new ProcessBuilder(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + dir.resolve("profile"), "--enable-logging=stderr", "--v=0",
                "--dump-dom", html.toUri().toString())
                .redirectError(dir.resolve("chromium.log").toFile())
                .redirectOutput(dir.resolve("dom.html").toFile())
                .start();
        assertTrue(chromium.waitFor(90, TimeUnit.SECONDS), "chromium did not finish");
        assertEquals(0, chromium.exitValue());
        String log = Files.readString(dir.resolve("chromium.log"));
        List<String> console = log.lines().filter(l -> l.contains(":CONSOLE")).toList();
        assertEquals(List.of(), console, "console messages while loading the report");

        String dom = Files.readString(dir.resolve("dom.html"));
        assertTrue(dom.contains("data-ready=\"true\""), "the report's script ran to the end");
        for (String rule : List.of("missing-index", "n-plus-one", "unbatched-writes", "rls-disabled", "plan-seq-scan-filter")) {
            assertTrue(dom.contains("data-rule=\"" + rule + "\""), rule + " shown");
        }
        assertTrue(dom.contains("class=\"node hot\""), "an expensive plan node is highlighted");
        // the statements table is sorted by total time, largest first, once the script has run
        Matcher rows = Pattern.compile("<tr><td class=\"num\">\\d+</td><td class=\"num\">([0-9.]+)</td>").matcher(
                dom.substring(dom.indexOf("id=\"statements\"")));
        double previous = Double.MAX_VALUE;
        int seen = 0;
        while (rows.find()) {
            double total = Double.parseDouble(rows.group(1));
            assertTrue(total <= previous, "statements sorted by total time");
            previous = total;
            seen++;
        }
        assertEquals(report.statements().size(), seen);
    }
}
