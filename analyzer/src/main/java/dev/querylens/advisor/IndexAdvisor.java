package dev.querylens.advisor;

import dev.querylens.schema.Catalog;
import java.util.List;

/** Turns a workload into index recommendations: offline from the schema alone, or verified with what-if planning. */
public interface IndexAdvisor {
    Advice advise(List<OfflineAdvisor.Statement> statements, Catalog catalog);

    /** The recommendations, and notes for the user (what could not be costed, what mode was used). */
    record Advice(List<IndexRecommendation> recommendations, List<String> notes) {
        public Advice {
            recommendations = List.copyOf(recommendations);
            notes = List.copyOf(notes);
        }
    }
}
