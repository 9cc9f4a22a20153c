package dev.querylens.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Headless Chromium as the HTML report's tests drive it: the DOM after the report's script ran,
 * the console messages it logged, its layout at a given width, a screenshot. Chromium's headless
 * window is never narrower than 500 px, so a phone's width is given to the report by an iframe of
 * that width in a small page beside it (file access between the two is allowed for that).
 */
final class Chromium {
    static final Path BINARY = Path.of("/usr/bin/chromium");

    private Chromium() {
    }

    /** How the report was laid out: the viewport's width and the page's (wider when it scrolls sideways). */
    record Layout(int viewport, int pageWidth) {
    }

    static String dumpDom(Path html, Path log) throws IOException, InterruptedException {
        return run(log, "--dump-dom", html.toAbsolutePath().toUri().toString());
    }

    static Layout layout(Path html, int width, Path log) throws IOException, InterruptedException {
        Path frame = frame(html, width, 900, "onload=\"var d = this.contentDocument.documentElement;"
                + " document.body.dataset.viewport = d.clientWidth; document.body.dataset.page = d.scrollWidth;\"");
        String dom = run(log, "--allow-file-access-from-files", "--window-size=" + Math.max(width, 500) + ",900", "--dump-dom",
                frame.toUri().toString());
        Matcher v = Pattern.compile("data-viewport=\"(\\d+)\"").matcher(dom);
        Matcher p = Pattern.compile("data-page=\"(\\d+)\"").matcher(dom);
        assertTrue(v.find() && p.find(), "the layout was measured: " + dom);
        return new Layout(Integer.parseInt(v.group(1)), Integer.parseInt(p.group(1)));
    }

    static void screenshot(Path html, int width, int height, Path png, Path log) throws IOException, InterruptedException {
        Path frame = frame(html, width, height, "");
        Files.deleteIfExists(png);
        run(log, "--allow-file-access-from-files", "--window-size=" + width + "," + height,
                "--screenshot=" + png.toAbsolutePath(), frame.toUri().toString());
        assertTrue(Files.isRegularFile(png), "screenshot written: " + png);
    }

    /** The lines of a Chromium log that are console messages of the page (errors, warnings, logs). */
    static List<String> console(Path log) throws IOException {
        return Files.readString(log).lines().filter(l -> l.contains(":CONSOLE")).toList();
    }

    private static Path frame(Path html, int width, int height, String onload) throws IOException {
        Path frame = html.toAbsolutePath().resolveSibling("frame-" + width + ".html");
        Files.writeString(frame, "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><style>body{margin:0}iframe{border:0;display:block}"
                + "</style></head><body><iframe src=\"" + html.getFileName() + "\" style=\"width:" + width + "px;height:" + height
                + "px\" " + onload + "></iframe></body></html>");
        return frame;
    }

    private static String run(Path log, String... args) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("querylens-chromium");
        List<String> command = new ArrayList<>(List.of(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--hide-scrollbars", "--user-data-dir=" + profile, "--enable-logging=stderr", "--v=0"));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("querylens-chromium", ".out");
        try {
            Process chromium = new ProcessBuilder(command).redirectError(log.toFile()).redirectOutput(out.toFile()).start();
            if (!chromium.waitFor(90, TimeUnit.SECONDS)) {
                chromium.destroyForcibly();
                throw new AssertionError("chromium did not finish in 90 s");
            }
            assertEquals(0, chromium.exitValue(), "chromium exit; its log: " + log);
            return Files.readString(out);
        } finally {
            Files.deleteIfExists(out);
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
