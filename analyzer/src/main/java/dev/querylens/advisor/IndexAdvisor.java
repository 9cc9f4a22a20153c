package dev.querylens.advisor;

import dev.querylens.schema.Catalog;
import java.util.List;

/** Turns a workload into index recommendations: offline from the schema alone, or verified with what-if planning. */
public interface IndexAdvisor {
    Advice advise(List<OfflineAdvisor.Statement> statements, Catalog catalog);

    /**
     * The recommendations, and notes for the user (what could not be costed, what mode was used).
     * {@code incomplete}, when not null, says why the advice is partial (the database connection
     * was lost mid-run): the report then counts it as lost input.
     */
    record Advice(List<IndexRecommendation> recommendations, List<String> notes, String incomplete) {
        public Advice {
            recommendations = List.copyOf(recommendations);
            notes = List.copyOf(notes);
        }

        public Advice(List<IndexRecommendation> recommendations, List<String> notes) {
            this(recommendations, notes, null);
        }
    }
}
