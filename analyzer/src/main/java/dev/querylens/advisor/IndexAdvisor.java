package dev.querylens.advisor;

import dev.querylens.schema.Catalog;
import java.util.List;

/** Turns a workload into index recommendations: offline from the schema alone, or verified with what-if planning. */
public interface IndexAdvisor {
    Advice advise(List<OfflineAdvisor.Statement> statements, Catalog catalog);

    /**
     * Whether dropping an existing index would change the plan of any workload statement on its
     * table: checked on the live database with what-if planning, or null when this advisor cannot
     * (offline advice).
     *
     * @param table         schema.table of the index
     * @param index         the index's own name (as EXPLAIN names it)
     */
    default DropCheck checkDrop(List<OfflineAdvisor.Statement> statements, String table, String index) {
        return null;
    }

    /**
     * @param statementsChecked the workload's statements on the table whose plan was read
     * @param losing            fingerprints of those whose chosen plan scans the index: they would lose it
     * @param notPlanned        statements on the table that could not be planned (their use of it is unknown)
     */
    record DropCheck(int statementsChecked, List<String> losing, int notPlanned) {
        public DropCheck {
            losing = List.copyOf(losing);
        }
    }

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
