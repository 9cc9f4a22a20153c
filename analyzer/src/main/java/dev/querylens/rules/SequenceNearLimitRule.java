package dev.querylens.rules;

import dev.querylens.database.LiveHealth;
import dev.querylens.engine.Finding;
import dev.querylens.engine.HealthFacts;
import dev.querylens.engine.HealthRule;
import dev.querylens.engine.RuleContext;
import dev.querylens.engine.SequenceHistory;
import dev.querylens.sql.Quote;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A sequence that has counted close to the largest value it, or the integer column it feeds, can
 * hold: the next inserts fail once either is reached. The column is the usual trap: an integer
 * key fed by a bigint sequence (or a serial later left at integer) overflows at 2^31 - 1 while the
 * sequence itself looks nearly unused. With earlier readings ({@code health --history}) it also says
 * how fast the sequence counts and how many days are left at that rate, and reports a sequence
 * whose days left are few even while its share is below the threshold.
 */
public final class SequenceNearLimitRule implements HealthRule {
    @Override
    public String id() {
        return "sequence-near-limit";
    }

    @Override
    public List<Finding> check(HealthFacts facts, RuleContext context) {
        LiveHealth h = facts.live();
        if (h == null) {
            return List.of();
        }
        double threshold = context.number("maxShare");
        List<Finding> out = new ArrayList<>();
        for (LiveHealth.SequenceUse s : h.sequences()) {
            if (s.lastValue() == null || s.increment() <= 0) {
                continue; // never used, not visible (said in a note), or counting down
            }
            long columnMax = columnMax(s.columnType());
            boolean columnBinds = columnMax < s.maxValue();
            long limit = Math.min(columnMax, s.maxValue());
            double share = (double) s.lastValue() / limit;
            Optional<SequenceHistory.Rate> rate = facts.sequenceHistory().rate(s.schema(), s.name(), s.lastValue(),
                    Duration.ofMillis((long) (context.number("minRateHours") * 3_600_000)));
            double daysLeft = rate.filter(r -> r.perDay() > 0).map(r -> (limit - s.lastValue()) / r.perDay()).orElse(Double.NaN);
            if (share < threshold && !(daysLeft <= context.number("maxDaysLeft"))) {
                continue;
            }
            String sequence = Quote.qualified(s.schema(), s.name());
            Map<String, Object> evidence = new LinkedHashMap<>();
            evidence.put("source", "pg_sequences and the column the sequence feeds, of " + facts.liveLabel() + ", read once");
            evidence.put("sequence", s.schema() + "." + s.name());
            evidence.put("sequenceType", s.dataType());
            evidence.put("lastValue", s.lastValue());
            evidence.put("sequenceMaxValue", s.maxValue());
            if (s.column() != null) {
                evidence.put("column", s.column());
                evidence.put("columnType", s.columnType());
            }
            evidence.put("limit", limit);
            evidence.put("share", PoolerAdvice.rounded(share, 4));
            evidence.put("valuesLeft", limit - s.lastValue());
            rate.ifPresent(r -> {
                evidence.put("rateSince", r.since().toString());
                evidence.put("valueThen", r.fromValue());
                evidence.put("valuesPerDay", PoolerAdvice.rounded(r.perDay(), 1));
                if (r.perDay() > 0) {
                    evidence.put("daysLeft", PoolerAdvice.rounded(daysLeft, 1));
                }
            });
            String what = columnBinds
                    ? String.format(Locale.ROOT, "the largest %s column %s it feeds can hold (the %s sequence itself goes to %d)",
                    s.columnType(), s.column(), s.dataType(), s.maxValue())
                    : "its own maximum (" + s.dataType() + (s.column() == null ? "" : ", feeding " + s.columnType() + " column " + s.column()) + ")";
            String message = String.format(Locale.ROOT, "sequence %s has reached %d of %d (%.1f%%), %s; %d values are left before inserts fail",
                    sequence, s.lastValue(), limit, 100 * share, what, limit - s.lastValue())
                    + rate.map(r -> r.perDay() > 0
                            ? String.format(Locale.ROOT, "; at the rate since %s (%s values a day) they last about %s", r.since(),
                                    perDay(r.perDay()), days(daysLeft))
                            : "; it has not moved since " + r.since()).orElse("");
            out.add(HealthFindings.at(facts, id(), context, message, table(s), evidence, fix(s, sequence, columnBinds)));
        }
        return out;
    }

    private static String perDay(double n) {
        return n >= 100 ? String.format(Locale.ROOT, "%,.0f", n) : String.format(Locale.ROOT, "%.1f", n);
    }

    private static String days(double days) {
        return days < 2 ? String.format(Locale.ROOT, "%.0f hours", days * 24) : String.format(Locale.ROOT, "%.0f days", days);
    }

    @Override
    public Optional<String> note(HealthFacts facts, RuleContext context) {
        return HealthFindings.hidden(facts, id());
    }

    /** Widen a column narrower than bigint (and the columns referencing it); let a sequence that is itself the limit count further. */
    private static String fix(LiveHealth.SequenceUse s, String sequence, boolean columnBinds) {
        List<String> steps = new ArrayList<>();
        if (s.column() != null && columnMax(s.columnType()) < Long.MAX_VALUE) {
            String[] parts = s.column().split("\\.", 3);
            steps.add("Widen the column to bigint, and every column that references it: ALTER TABLE " + Quote.qualified(parts[0], parts[1])
                    + " ALTER COLUMN " + Quote.ident(parts[2]) + " TYPE bigint; rewrites the table under an ACCESS EXCLUSIVE lock, so on a"
                    + " large table add a bigint column instead, fill it in batches with a trigger keeping it current, then swap it in.");
        }
        if (!columnBinds && s.maxValue() < Long.MAX_VALUE) {
            steps.add("Let the sequence count further: ALTER SEQUENCE " + sequence + " AS bigint; (or raise its MAXVALUE).");
        }
        if (steps.isEmpty()) {
            steps.add("The sequence and its column are bigint already: find what consumes values so fast (a retried insert, a"
                    + " large CACHE, a sequence shared by many tables) before raising MAXVALUE is no longer possible.");
        }
        return String.join(" ", steps);
    }

    private static String table(LiveHealth.SequenceUse s) {
        if (s.column() == null) {
            return null;
        }
        return s.column().substring(0, s.column().lastIndexOf('.'));
    }

    /** The largest value an integer column type holds; Long.MAX_VALUE for bigint and for any other type (numeric, text). */
    static long columnMax(String type) {
        if (type == null) {
            return Long.MAX_VALUE;
        }
        return switch (type) {
            case "smallint" -> Short.MAX_VALUE;
            case "integer" -> Integer.MAX_VALUE;
            default -> Long.MAX_VALUE;
        };
    }
}
