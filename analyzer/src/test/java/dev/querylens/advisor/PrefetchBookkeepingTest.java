package dev.querylens.advisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * {@link CachingPlanner#prefetch}'s bookkeeping against sessions the test fakes: what is planned
 * ahead is what one-by-one costing would plan, counted once, with its errors, and spread over
 * the sessions.
 */
class PrefetchBookkeepingTest {
    /** Costs a statement as its length plus 10 per index; "locked" statements fail as a lock timeout would. */
    private static final class FakeSessions extends CachingPlanner {
        final int sessions;
        final List<String> planned = Collections.synchronizedList(new ArrayList<>());
        final Set<Integer> used = ConcurrentHashMap.newKeySet();

        FakeSessions(int sessions) {
            this.sessions = sessions;
        }

        @Override
        double measureCost(int session, String sql, List<IndexCandidate> indexes) throws SQLException {
            used.add(session);
            planned.add(sql + " " + indexes.size());
            try {
                Thread.sleep(5); // long enough for every session to take a share
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (sql.contains("locked")) {
                throw new SQLException("canceling statement due to lock timeout", "55P03");
            }
            return sql.length() + 10.0 * indexes.size();
        }

        @Override
        int sessions(int wanted) {
            return Math.min(wanted, sessions);
        }

        @Override
        long measureSize(IndexCandidate index) {
            return 8192;
        }
    }

    private static final IndexCandidate A = new IndexCandidate("public.t", List.of("a"), null);
    private static final IndexCandidate B = new IndexCandidate("public.t", List.of("b"), null);

    @Test
    void aBatchPlansEachMissOnceOnSeveralSessionsAndTheCostsThatFollowAreCached() {
        FakeSessions planner = new FakeSessions(3);
        List<WhatIfPlanner.Request> batch = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            planner.cost("select " + i, List.of()); // known statements: each may be asked several times in a batch
            batch.add(new WhatIfPlanner.Request("select " + i, List.of(A)));
            batch.add(new WhatIfPlanner.Request("select " + i, List.of(A, B)));
            batch.add(new WhatIfPlanner.Request("select " + i, List.of(B, A))); // the same index set: one call
        }
        planner.prefetch(batch);
        assertEquals(12 + 24, planner.calls());
        assertTrue(planner.used.size() > 1, "planned on several sessions: " + planner.used);
        for (int i = 0; i < 12; i++) {
            assertEquals(("select " + i).length() + 20.0, planner.cost("select " + i, List.of(B, A)), 0.0);
        }
        assertEquals(12 + 24, planner.calls(), "read from the cache, not planned again");
        assertEquals(planner.calls(), planner.planned.size());
    }

    @Test
    void aStatementNeverPlannedIsAskedOnceInABatchAndAFailureThatRepeatsSkipsItAsOneByOneWould() {
        FakeSessions planner = new FakeSessions(2);
        planner.prefetch(List.of(new WhatIfPlanner.Request("select locked", List.of()), new WhatIfPlanner.Request("select locked", List.of(A)),
                new WhatIfPlanner.Request("select fine", List.of()), new WhatIfPlanner.Request("select fine", List.of(A))));
        assertEquals(2, planner.calls(), "each new statement once: " + planner.planned);
        assertTrue(Double.isNaN(planner.cost("select locked", List.of())));
        assertTrue(planner.lastError().contains("lock timeout"), planner.lastError());
        assertEquals("select fine".length(), planner.cost("select fine", List.of()), 0.0);
        assertEquals(2, planner.calls(), "cached");
        planner.cost("select fine", List.of(A));
        // skipped from then on, as after the same failure one by one: no call, the reason kept
        assertTrue(Double.isNaN(planner.cost("select locked", List.of(A))));
        assertTrue(planner.lastError().contains("lock timeout"), planner.lastError());
        assertEquals(3, planner.calls(), "the second request of the failed statement was never planned; 'select fine' with A was");
    }

    @Test
    void oneSessionPlansNothingAhead() {
        FakeSessions planner = new FakeSessions(1);
        planner.cost("select 1", List.of());
        planner.prefetch(List.of(new WhatIfPlanner.Request("select 1", List.of(A)), new WhatIfPlanner.Request("select 1", List.of(B))));
        assertEquals(1, planner.calls());
        planner.cost("select 1", List.of(A));
        assertEquals(2, planner.calls());
    }
}
