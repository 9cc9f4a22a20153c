package dev.querylens.rules;

import dev.querylens.engine.HealthFacts;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/** What table-bloat and index-bloat share: shares for people and the line on what could not be estimated. */
final class BloatFindings {
    private BloatFindings() {
    }

    static double share(double share) {
        return Math.round(share * 1000) / 1000.0;
    }

    static String percent(double share) {
        return String.format(Locale.ROOT, "%.0f%%", share * 100);
    }

    /**
     * Relations large enough to matter that were not estimated: those whose columns' statistics the
     * role may not see (never "healthy"), and those with none to see (never analyzed).
     */
    static <T> Optional<String> note(String rule, String kind, List<T> unseen, List<T> unanalyzed, Function<T, String> name,
                                     HealthFacts facts) {
        List<String> said = new ArrayList<>();
        if (!unseen.isEmpty()) {
            said.add(rule + " could not estimate " + unseen.size() + " " + kind + " (" + names(unseen, name) + "): pg_stats shows a"
                    + " column's widths only to a role that may SELECT it, and none of a table whose row level security applies to"
                    + " the role (GRANT pg_read_all_data, PostgreSQL 14+, or SELECT on them); they are not judged, which is not the"
                    + " same as healthy");
        }
        if (!unanalyzed.isEmpty()) {
            said.add(rule + " could not estimate " + unanalyzed.size() + " " + kind + " (" + names(unanalyzed, name) + "): some of"
                    + " their columns have no statistics (never analyzed, or an expression, or a type ANALYZE keeps no width for);"
                    + " ANALYZE them, or measure with pgstattuple");
        }
        return said.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", said) + " (" + facts.liveLabel() + ")");
    }

    private static <T> String names(List<T> items, Function<T, String> name) {
        List<String> shown = items.stream().limit(5).map(name).toList();
        return String.join(", ", shown) + (items.size() > shown.size() ? " and " + (items.size() - shown.size()) + " more" : "");
    }
}
