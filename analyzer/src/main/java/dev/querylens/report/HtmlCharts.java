package dev.querylens.report;

import static dev.querylens.report.HtmlText.esc;

import dev.querylens.engine.Finding;
import dev.querylens.engine.LoopTrace;
import dev.querylens.workload.Timeline;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The two pictures that answer "where does the time go": time at stake per finding (bars, the
 * largest first; findings that fail the gate coloured as errors), and the workload over time
 * (executions and their time per interval, with the loops the sequence rules found marked where
 * they ran). Bars are CSS or inline SVG sized in percent, so both read on a phone.
 */
final class HtmlCharts {
    /** The chart shows this many findings; the rest are counted under it. */
    static final int MAX_BARS = 12;
    private static final int SLOT = 10;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private HtmlCharts() {
    }

    static void timeAtStake(StringBuilder h, List<Finding> findings, StatementTexts texts) {
        List<Finding> timed = findings.stream().filter(Finding::hasTimeAtStake)
                .sorted(Comparator.comparingDouble(Finding::timeAtStakeMs).reversed()).toList();
        h.append("<section id=\"time-at-stake\"><h2>Where the time goes</h2>");
        if (timed.isEmpty()) {
            h.append("<p>No finding has a time at stake: the input has no durations (add a server log or pg_stat_statements).</p></section>\n");
            return;
        }
        h.append("<p class=\"hint\">Time at stake per finding: the time the problem cost in this workload"
                + " (a loop's server time and round trips, a statement's total time).</p><div class=\"chart\" id=\"stake-chart\">");
        double max = timed.get(0).timeAtStakeMs();
        for (Finding f : timed.subList(0, Math.min(MAX_BARS, timed.size()))) {
            String severity = f.severity().label();
            h.append("<div class=\"bar-row\" data-rule=\"").append(esc(f.rule())).append("\" data-ms=\"")
                    .append(HtmlText.num(f.timeAtStakeMs())).append("\"><div class=\"bar-label\"><span class=\"sev ").append(severity)
                    .append("\">").append(severity).append("</span> <code>").append(esc(f.rule())).append("</code> ")
                    .append(esc(subject(f, texts))).append("</div><div class=\"track\"><span class=\"fill ").append(severity)
                    .append("\" style=\"width:").append(HtmlText.pct(max <= 0 ? 0 : f.timeAtStakeMs() / max)).append("\"></span>")
                    .append("<span class=\"val\">").append(esc(HtmlText.ms(f.timeAtStakeMs()))).append("</span></div></div>");
        }
        h.append("</div>");
        long untimed = findings.size() - timed.size();
        if (timed.size() > MAX_BARS || untimed > 0) {
            h.append("<p class=\"hint\">").append(timed.size() > MAX_BARS ? (timed.size() - MAX_BARS) + " more with less time at stake; " : "")
                    .append(untimed).append(" finding(s) without a time at stake (schema and file findings) are listed below.</p>");
        }
        h.append("</section>\n");
    }

    /** What a bar is about, in a few words: its table, else the start of its statement. */
    private static String subject(Finding f, StatementTexts texts) {
        if (f.table() != null) {
            return f.table();
        }
        String sql = texts.of(f.sql());
        if (sql == null) {
            return "";
        }
        String line = Secrets.redact(sql.strip().replaceAll("\\s+", " "));
        return line.length() > 60 ? line.substring(0, 60) + " …" : line;
    }

    static void timeline(StringBuilder h, Timeline t, List<Finding> findings) {
        if (t.buckets().isEmpty()) {
            if (t.untimedExecutions() > 0) {
                h.append("<section id=\"timeline\"><h2>Workload over time</h2><p class=\"hint\">Not drawn: none of the ")
                        .append(t.untimedExecutions()).append(" execution(s) came with a timestamp QueryLens could place in time.</p></section>\n");
            }
            return;
        }
        List<Timeline.Bucket> buckets = t.buckets();
        Instant first = buckets.get(0).start();
        long slots = slot(first, buckets.get(buckets.size() - 1).start(), t.bucketSeconds()) + 1;
        long maxExecutions = buckets.stream().mapToLong(Timeline.Bucket::executions).max().orElse(1);
        double maxMs = buckets.stream().mapToDouble(Timeline.Bucket::timeMs).max().orElse(0);
        h.append("<section id=\"timeline\"><h2>Workload over time</h2><p class=\"hint\">Each bar is ").append(width(t.bucketSeconds()))
                .append(": executions above (at most ").append(maxExecutions).append(" in one), ")
                .append(maxMs > 0 ? "their time below (at most " + esc(HtmlText.ms(maxMs)) + ")" : "no time below (the source has no durations)")
                .append(". Loops found by the sequence rules are shaded red.</p>");
        h.append("<svg class=\"timeline\" role=\"img\" aria-label=\"executions and time per interval\" viewBox=\"0 0 ")
                .append(slots * SLOT).append(" 100\" preserveAspectRatio=\"none\">");
        List<Finding> loops = findings.stream().filter(f -> f.trace() != null && f.trace().start() != null).toList();
        for (Finding f : loops) {
            LoopTrace lt = f.trace();
            double x = offsetSlots(first, lt.start(), t.bucketSeconds()) * SLOT;
            double w = Math.max(SLOT / 2.0, offsetSlots(lt.start(), lt.end(), t.bucketSeconds()) * SLOT);
            h.append("<rect class=\"loop\" data-rule=\"").append(esc(f.rule())).append("\" x=\"").append(HtmlText.num(x))
                    .append("\" y=\"0\" width=\"").append(HtmlText.num(w)).append("\" height=\"100\"><title>")
                    .append(esc(f.rule() + ": " + lt.repetitionCount() + " executions from " + TIME.format(lt.start())))
                    .append("</title></rect>");
        }
        for (Timeline.Bucket b : buckets) {
            long x = slot(first, b.start(), t.bucketSeconds()) * SLOT;
            double he = 46.0 * b.executions() / Math.max(1, maxExecutions);
            double ht = maxMs <= 0 ? 0 : 46.0 * b.timeMs() / maxMs;
            String title = esc(TIME.format(b.start()) + ": " + b.executions() + " executions, " + HtmlText.ms(b.timeMs()));
            h.append("<rect class=\"ex\" x=\"").append(x + 1).append("\" y=\"").append(HtmlText.num(46 - he)).append("\" width=\"")
                    .append(SLOT - 2).append("\" height=\"").append(HtmlText.num(he)).append("\" data-executions=\"")
                    .append(b.executions()).append("\"><title>").append(title).append("</title></rect>");
            h.append("<rect class=\"ms\" x=\"").append(x + 1).append("\" y=\"54\" width=\"").append(SLOT - 2).append("\" height=\"")
                    .append(HtmlText.num(ht)).append("\" data-ms=\"").append(HtmlText.num(b.timeMs())).append("\"><title>")
                    .append(title).append("</title></rect>");
        }
        h.append("<line x1=\"0\" y1=\"50\" x2=\"").append(slots * SLOT).append("\" y2=\"50\" class=\"axis\"/></svg>");
        h.append("<div class=\"axis-labels\"><span>").append(TIME.format(first)).append("</span><span>")
                .append(TIME.format(buckets.get(buckets.size() - 1).start().plusSeconds(t.bucketSeconds()))).append("</span></div>");
        if (!loops.isEmpty()) {
            h.append("<ul class=\"legend\">");
            for (Finding f : loops) {
                h.append("<li><span class=\"swatch loop\"></span><code>").append(esc(f.rule())).append("</code> ")
                        .append(f.trace().repetitionCount()).append(" executions at ").append(TIME.format(f.trace().start())).append("</li>");
            }
            h.append("</ul>");
        }
        if (t.untimedExecutions() > 0) {
            h.append("<p class=\"hint\">").append(t.untimedExecutions())
                    .append(" execution(s) came without a timestamp (pg_stat_statements, .sql files) and are not drawn.</p>");
        }
        h.append("</section>\n");
    }

    private static long slot(Instant first, Instant at, long bucketSeconds) {
        return Duration.between(first, at).getSeconds() / bucketSeconds;
    }

    private static double offsetSlots(Instant from, Instant to, long bucketSeconds) {
        return Math.max(0, dev.querylens.workload.Elapsed.millis(from, to) / 1e3 / bucketSeconds);
    }

    private static String width(long seconds) {
        if (seconds % 3600 == 0) {
            return seconds == 3600 ? "an hour" : seconds / 3600 + " hours";
        }
        if (seconds % 60 == 0) {
            return seconds == 60 ? "a minute" : seconds / 60 + " minutes";
        }
        return seconds == 1 ? "a second" : seconds + " seconds";
    }
}
