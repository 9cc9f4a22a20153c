package dev.querylens.advisor;

import dev.querylens.schema.Catalog;
import dev.querylens.sql.StatementFacts;
import dev.querylens.workload.StatementGroup;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Recommends indexes from the schema and the workload alone, without a database. Proposals for
 * the same index from different statements merge; the result is ranked by the total time of the
 * statements each serves, then by their calls, and labelled not verified.
 */
public final class OfflineAdvisor {

    /** A statement with its facts, as the advisor reads it. */
    public record Statement(StatementGroup group, StatementFacts facts) {
    }

    public List<IndexRecommendation> advise(List<Statement> statements, Catalog catalog) {
        Map<String, Merged> byDdl = new LinkedHashMap<>();
        for (Statement s : statements) {
            for (CandidateIndexes.Proposal p : CandidateIndexes.propose(s.facts(), catalog)) {
                Merged m = byDdl.computeIfAbsent(p.candidate().ddl(), k -> new Merged(p.candidate()));
                m.reasons.add(p.reason());
                m.queries.add(s.group().fingerprint().id());
                m.calls += s.group().calls();
                m.totalTimeMs += s.group().totalTimeMs();
            }
        }
        List<IndexRecommendation> out = new ArrayList<>();
        for (Merged m : byDdl.values()) {
            out.add(new IndexRecommendation(m.candidate.table(), m.candidate.columns(), m.candidate.predicate(),
                    m.candidate.ddl(), String.join("; ", m.reasons), new ArrayList<>(m.queries), m.calls, m.totalTimeMs, false));
        }
        out.sort(Comparator.comparingDouble(IndexRecommendation::totalTimeMs).reversed()
                .thenComparing(Comparator.comparingLong(IndexRecommendation::calls).reversed())
                .thenComparing(IndexRecommendation::ddl));
        return out;
    }

    private static final class Merged {
        final IndexCandidate candidate;
        final Set<String> reasons = new LinkedHashSet<>();
        final Set<String> queries = new LinkedHashSet<>();
        long calls;
        double totalTimeMs;

        Merged(IndexCandidate candidate) {
            this.candidate = candidate;
        }
    }
}
