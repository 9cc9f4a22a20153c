package dev.querylens.report;

import static dev.querylens.report.HtmlText.esc;

import dev.querylens.engine.Finding;
import dev.querylens.engine.LoopTrace;
import java.util.ArrayList;
import java.util.List;

/**
 * Each loop as a tracing tool's span view draws a request: the parent query on the first row,
 * then one row per repetition, each bar placed where it started and as long as it ran, on one
 * time axis. Without millisecond timestamps the bars are laid end to end in order (said so);
 * without durations they are drawn equal (said so).
 */
final class HtmlWaterfall {
    private HtmlWaterfall() {
    }

    static void write(StringBuilder h, List<Finding> findings, StatementTexts texts) {
        List<Finding> loops = findings.stream().filter(f -> f.trace() != null).toList();
        if (loops.isEmpty()) {
            return;
        }
        h.append("<section id=\"loops\"><h2>Loops, as a trace would show them</h2><p class=\"hint\">The longest run of each loop:"
                + " the parent query, then every repetition, on one time axis.</p>");
        for (Finding f : loops) {
            loop(h, f, texts);
        }
        h.append("</section>\n");
    }

    /** A bar: where it starts and how long it is, in ms from the trace's start, and its label. */
    private record Bar(String label, double startMs, double durationMs, boolean parent) {
    }

    private static void loop(StringBuilder h, Finding f, StatementTexts texts) {
        LoopTrace t = f.trace();
        boolean timed = (t.parent() == null || t.parent().timed()) && t.repetitions().stream().allMatch(LoopTrace.Span::timed);
        List<Bar> bars = bars(t, timed);
        double total = bars.stream().mapToDouble(b -> b.startMs() + b.durationMs()).max().orElse(0);
        double serverMs = t.repetitions().stream().filter(LoopTrace.Span::timed).mapToDouble(LoopTrace.Span::durationMs).sum();
        h.append("<div class=\"waterfall\" data-rule=\"").append(esc(f.rule())).append("\" data-repetitions=\"")
                .append(t.repetitionCount()).append("\"><h3><code>").append(esc(f.rule())).append("</code> ")
                .append(t.parent() != null ? "a parent query, then " : "").append(t.repetitionCount()).append(" repetitions")
                .append("</h3><p class=\"hint\">");
        if (t.repetitions().size() < t.repetitionCount()) {
            h.append("The first ").append(t.repetitions().size()).append(" repetitions are drawn. ");
        }
        if (timed) {
            h.append("Those drawn ran ").append(esc(HtmlText.ms(serverMs))).append(" on the server");
            h.append(t.placed() ? ", " + esc(HtmlText.ms(total)) + " from the first start to the last end" : "").append(". ");
        }
        h.append(t.placed() && !timed ? "Placed by the log's millisecond timestamps; the source has no durations, so each mark is"
                + " when a query started, not how long it ran." : t.placed() ? "Placed by the log's millisecond timestamps." : timed
                ? "The log's timestamps do not resolve milliseconds: bars are laid end to end in order, gaps between them unknown."
                : "The source has no durations: bars show the order only, not time.").append("</p>");
        if (t.parentSql() != null) {
            h.append("<div class=\"span-sql\"><b>parent</b>");
            HtmlText.sql(h, Secrets.redact(texts.of(t.parentSql())));
            h.append("</div>");
        }
        h.append("<div class=\"span-sql\"><b>repeated</b>");
        HtmlText.sql(h, Secrets.redact(texts.of(t.sql())));
        h.append("</div><div class=\"spans\">");
        for (Bar b : bars) {
            h.append("<div class=\"span").append(b.parent() ? " parent" : "").append("\" data-ms=\"").append(HtmlText.num(b.durationMs()))
                    .append("\"><span class=\"span-label\">").append(esc(b.label())).append("</span><span class=\"span-track\">")
                    .append("<span class=\"span-bar\" style=\"left:").append(HtmlText.pct(total <= 0 ? 0 : b.startMs() / total))
                    .append(";width:").append(HtmlText.pct(total <= 0 ? 0 : b.durationMs() / total)).append("\" title=\"")
                    .append(esc(timed ? HtmlText.ms(b.durationMs()) : "duration unknown")).append("\"></span></span><span class=\"span-ms\">")
                    .append(esc(timed ? HtmlText.ms(b.durationMs()) : "")).append("</span></div>");
        }
        h.append("</div></div>");
    }

    private static List<Bar> bars(LoopTrace t, boolean timed) {
        List<Bar> bars = new ArrayList<>();
        List<LoopTrace.Span> spans = new ArrayList<>();
        if (t.parent() != null) {
            spans.add(t.parent());
        }
        spans.addAll(t.repetitions());
        double next = 0;
        for (int i = 0; i < spans.size(); i++) {
            LoopTrace.Span s = spans.get(i);
            // untimed: a tick where it started when the start is known, else equal steps that show the order only
            double duration = timed ? s.durationMs() : t.placed() ? 0 : 1;
            double start = t.placed() && !Double.isNaN(s.startMs()) ? s.startMs() : next;
            next = start + duration;
            boolean parent = t.parent() != null && i == 0;
            int n = t.parent() != null ? i : i + 1;
            bars.add(new Bar(parent ? "parent" : "#" + n, start, duration, parent));
        }
        return bars;
    }
}
