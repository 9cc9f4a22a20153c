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
import java.util.Objects;
import java.util.Set;

/**
 * Recommends indexes from the schema and the workload alone, without a database. Proposals for
 * the same index from different statements merge, and a proposal whose key is a leading prefix of
 * another's on the same table (same partial predicate) folds into the longer one, since a B-tree
 * serves lookups on any prefix of its key: one index then serves the whole workload on that table
 * instead of one index per query. Ranked by the total time of the statements each serves, then by
 * their calls, and labelled not verified.
 */
public final class OfflineAdvisor implements IndexAdvisor {
    /** Statements where the user suppressed this rule inline get no index advice either. */
    private static final String SUPPRESSED_BY = "missing-index";

    /** A statement with its facts, as the advisor reads it. */
    public record Statement(StatementGroup group, StatementFacts facts) {
    }

    @Override
    public Advice advise(List<Statement> statements, Catalog catalog) {
        Map<IndexCandidate, Merged> byCandidate = new LinkedHashMap<>();
        for (Statement s : statements) {
            if (s.group().suppressed().contains(SUPPRESSED_BY)) {
                continue; // the user accepted this statement's scan
            }
            for (CandidateIndexes.Proposal p : CandidateIndexes.propose(s.facts(), catalog)) {
                byCandidate.computeIfAbsent(p.candidate(), Merged::new).add(p.reason(), s.group());
            }
        }
        List<Merged> merged = new ArrayList<>(byCandidate.values());
        merged.sort(Comparator.comparingInt((Merged m) -> m.candidate.columns().size()).reversed());
        List<Merged> kept = new ArrayList<>();
        for (Merged m : merged) {
            Merged wider = kept.stream().filter(k -> k.covers(m.candidate)).findFirst().orElse(null);
            if (wider != null) {
                wider.absorb(m);
            } else {
                kept.add(m);
            }
        }
        List<IndexRecommendation> out = new ArrayList<>();
        for (Merged m : kept) {
            out.add(IndexRecommendation.offline(m.candidate, String.join("; ", m.reasons), new ArrayList<>(m.groups.keySet()),
                    m.calls(), m.totalTimeMs()));
        }
        out.sort(Comparator.comparingDouble(IndexRecommendation::totalTimeMs).reversed()
                .thenComparing(Comparator.comparingLong(IndexRecommendation::calls).reversed())
                .thenComparing(IndexRecommendation::ddl));
        return new Advice(out, List.of());
    }

    private static final class Merged {
        final IndexCandidate candidate;
        final Set<String> reasons = new LinkedHashSet<>();
        final Map<String, StatementGroup> groups = new LinkedHashMap<>();

        Merged(IndexCandidate candidate) {
            this.candidate = candidate;
        }

        void add(String reason, StatementGroup group) {
            reasons.add(reason);
            groups.putIfAbsent(group.fingerprint().id(), group);
        }

        boolean covers(IndexCandidate narrower) {
            List<String> cols = candidate.columns();
            List<String> other = narrower.columns();
            return candidate.table().equals(narrower.table())
                    && Objects.equals(candidate.predicate(), narrower.predicate())
                    && other.size() <= cols.size()
                    && cols.subList(0, other.size()).equals(other);
        }

        void absorb(Merged narrower) {
            reasons.addAll(narrower.reasons);
            narrower.groups.forEach(groups::putIfAbsent);
        }

        long calls() {
            return groups.values().stream().mapToLong(StatementGroup::calls).sum();
        }

        double totalTimeMs() {
            return groups.values().stream().mapToDouble(StatementGroup::totalTimeMs).sum();
        }
    }
}
