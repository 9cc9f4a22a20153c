package dev.querylens.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.querylens.collect.QueryTags;
import dev.querylens.collect.SourceLocation;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which repetitions are a walk through pages of one result, and which are a loop over other rows. */
class PageWalkTest {
    private static boolean walks(String normalizedSql, List<List<String>> executions) {
        LoopRun run = new LoopRun("k", normalizedSql, normalizedSql, QueryTags.NONE, new SourceLocation("f", 1), 1, null, null, null);
        executions.forEach(run::add);
        return run.pageWalk();
    }

    @Test
    void pageParametersAreLimitOffsetFetchAndKeysetBounds() {
        assertEquals(Set.of(0, 1), PageWalk.positions("select id from t order by id limit $1 offset $2"));
        assertEquals(Set.of(0), PageWalk.positions("select * from t order by id fetch first $1 rows only"));
        assertEquals(Set.of(0, 1, 2), PageWalk.positions("select * from t where (created_at, id) > ($1, $2) order by created_at, id limit $3"));
        // a comparison in a query that neither sorts nor limits is a filter, and <> is never a bound
        assertEquals(Set.of(), PageWalk.positions("select * from t where id > $1"));
        assertEquals(Set.of(1), PageWalk.positions("select * from t where status <> $1 order by id limit $2"));
    }

    @Test
    void offsetsThatGrowAndKeysetBoundsThatFollowThePagesAreWalks() {
        String offset = "select id from books order by id limit $1 offset $2";
        assertTrue(walks(offset, List.of(List.of("50", "0"), List.of("50", "50"), List.of("50", "100"), List.of("20", "150"))));
        String keyset = "select id from books where id > $1 order by id limit $2";
        assertTrue(walks(keyset, List.of(List.of("0", "5"), List.of("5", "5"), List.of("10", "5"), List.of("15", "5"))));
        String descending = "select id from books where created_at < $1 order by created_at desc limit $2";
        assertTrue(walks(descending, List.of(List.of("2026-12-07", "5"), List.of("2026-12-01", "5"), List.of("2026-11-20", "5"))));
    }

    @Test
    void boundsThatJumpAroundOrAnotherChangingValueMakeALoop() {
        String keyset = "select id from books where id > $1 order by id limit $2";
        assertFalse(walks(keyset, List.of(List.of("5", "1"), List.of("3", "1"), List.of("9", "1"), List.of("1", "1"))));
        String perAuthor = "select id from books where author_id = $1 order by id limit $2 offset $3";
        assertFalse(walks(perAuthor, List.of(List.of("1", "10", "0"), List.of("2", "10", "0"), List.of("3", "10", "0"))));
        assertFalse(walks("select id from books where id = $1", List.of(List.of("1"), List.of("2"))));
    }
}
