package dev.querylens.rules;

import dev.querylens.collect.SourceLocation;
import dev.querylens.engine.Finding;
import dev.querylens.engine.HealthFacts;
import dev.querylens.engine.RuleContext;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** What the health rules share: a finding located at the live database, sizes for people, and the role's blind spots. */
final class HealthFindings {
    private HealthFindings() {
    }

    static Finding at(HealthFacts facts, String rule, RuleContext context, String message, String table, Map<String, Object> evidence,
                      String fix) {
        return new Finding(rule, context.severity(), message, null, table, java.util.List.of(),
                java.util.List.of(new SourceLocation(facts.liveLabel(), 0)), evidence, fix);
    }

    /** The lines {@link dev.querylens.database.LiveHealth#hidden()} says about this rule's checks, as one note. */
    static Optional<String> hidden(HealthFacts facts, String rule) {
        if (facts.live() == null) {
            return Optional.empty();
        }
        String said = String.join("; ", facts.live().hidden().stream().filter(h -> h.startsWith(rule + " ")).toList());
        return said.isEmpty() ? Optional.empty() : Optional.of(said + " (" + facts.liveLabel() + ")");
    }

    static String bytes(long n) {
        String[] units = {"B", "kB", "MB", "GB", "TB"};
        double v = n;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? n + " B" : String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
