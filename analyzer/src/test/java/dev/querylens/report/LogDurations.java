package dev.querylens.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations read straight from a PostgreSQL stderr log, to check what the report drew against the log itself. */
final class LogDurations {
    private static final Pattern EXECUTE = Pattern.compile("\\[(\\d+)\\].*duration: ([0-9.]+) ms  execute [^:]*: (.*)");

    private LogDurations() {
    }

    /**
     * From line {@code fromLine} on: the first execution of the statement containing {@code parent},
     * then the next {@code n} executions in its process of the statement containing {@code child}.
     */
    static List<Double> loop(Path log, String parent, String child, int fromLine, int n) throws IOException {
        List<String> lines = Files.readAllLines(log);
        List<Double> out = new ArrayList<>();
        String pid = null;
        for (int i = fromLine - 1; i < lines.size() && out.size() < n + 1; i++) {
            Matcher m = EXECUTE.matcher(lines.get(i));
            if (!m.find()) {
                continue;
            }
            if (pid == null && m.group(3).contains(parent)) {
                pid = m.group(1);
                out.add(Double.parseDouble(m.group(2)));
            } else if (pid != null && pid.equals(m.group(1)) && m.group(3).contains(child)) {
                out.add(Double.parseDouble(m.group(2)));
            }
        }
        return out;
    }
}
