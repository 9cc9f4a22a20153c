package dev.querylens.advisor;

import dev.querylens.schema.Catalog;
import dev.querylens.schema.Column;
import dev.querylens.schema.Table;
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
 *
 * <p>Three rules stand in for the planner's judgement when the inputs allow. A table the catalog
 * knows to hold fewer than {@value #SMALL_TABLE_ROWS} rows (a live catalog's reltuples; DDL gives
 * no count) gets no index: it fits in a few pages and a scan of it is as cheap as an index probe.
 * And an index is left out when the workload writes more than {@value #WRITES_PER_SERVED_CALL}
 * rows to its table for each execution of the statements it would serve: every write pays for
 * the index, and too few reads recover that. And when a live catalog's statistics count the
 * distinct values of every key column, a key with at most {@value #FEW_DISTINCT_KEYS} distinct
 * combinations is left out: each lookup would match a tenth of the table or more, where
 * PostgreSQL reads the table instead.
 */
public final class OfflineAdvisor implements IndexAdvisor {
    /** Statements where the user suppressed this rule inline get no index advice either. */
    private static final String SUPPRESSED_BY = "missing-index";
    static final long SMALL_TABLE_ROWS = 1_000;
    static final long WRITES_PER_SERVED_CALL = 100;
    static final long FEW_DISTINCT_KEYS = 10;

    /** A statement with its facts, as the advisor reads it. */
    public record Statement(StatementGroup group, StatementFacts facts) {
    }

    @Override
    public Advice advise(List<Statement> statements, Catalog catalog) {
        Map<IndexCandidate, Merged> byCandidate = new LinkedHashMap<>();
        Map<String, Long> rowsWritten = new LinkedHashMap<>();
        for (Statement s : statements) {
            if (s.facts().parsed() && s.facts().isWrite()) {
                catalog.table(s.facts().targetTable()).ifPresent(t -> rowsWritten.merge(t.qualifiedName(),
                        s.group().calls() * Math.max(1, s.facts().insertedRows()), Long::sum));
            }
        }
        List<String> notes = new ArrayList<>();
        for (Statement s : statements) {
            if (s.group().suppressed().contains(SUPPRESSED_BY)) {
                continue; // the user accepted this statement's scan
            }
            for (CandidateIndexes.Proposal p : CandidateIndexes.propose(s.facts(), catalog, s.group()::valuesOf)) {
                long rows = catalog.table(p.candidate().table()).map(t -> t.rowEstimate()).orElse(-1L);
                if (rows >= 0 && rows < SMALL_TABLE_ROWS || fewDistinctKeys(p.candidate(), catalog)) {
                    continue;
                }
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
            long written = rowsWritten.getOrDefault(m.candidate.table(), 0L);
            if (written > WRITES_PER_SERVED_CALL * m.calls()) {
                notes.add(String.format(java.util.Locale.ROOT, "offline advice left out %s: the workload writes %d rows to the table"
                        + " and the index would serve %d execution(s)", m.candidate.name(), written, m.calls()));
                continue;
            }
            out.add(IndexRecommendation.offline(m.candidate, String.join("; ", m.reasons), new ArrayList<>(m.groups.keySet()),
                    m.calls(), m.totalTimeMs()));
        }
        out.sort(Comparator.comparingDouble(IndexRecommendation::totalTimeMs).reversed()
                .thenComparing(Comparator.comparingLong(IndexRecommendation::calls).reversed())
                .thenComparing(IndexRecommendation::ddl));
        return new Advice(out, notes);
    }

    /** Whether the statistics count every key column's distinct values, and their combinations are few. */
    private static boolean fewDistinctKeys(IndexCandidate candidate, Catalog catalog) {
        Table table = catalog.table(candidate.table()).orElse(null);
        if (table == null) {
            return false;
        }
        double combinations = 1;
        for (String key : candidate.columns()) {
            long distinct = table.column(key).map(Column::distinctValues).orElse(-1L);
            if (distinct < 1) {
                return false;
            }
            combinations *= distinct;
        }
        return combinations <= FEW_DISTINCT_KEYS;
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
