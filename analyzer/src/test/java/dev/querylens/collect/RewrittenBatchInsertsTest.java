package dev.querylens.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * pgjdbc's reWriteBatchedInserts as the server sees it. The 50-row case is what PostgreSQL 15's
 * pg_stat_statements recorded for samples/orms/hibernate (three statements of 32, 16 and 2 rows).
 */
class RewrittenBatchInsertsTest {
    private static final String ROW = "insert into reviews (body,book_id,reviewer_id,stars,id) values (?,?,?,?,?)";

    private static List<List<String>> rows(int n, int width) {
        List<List<String>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<String> row = new ArrayList<>();
            for (int j = 0; j < width; j++) {
                row.add(i + ":" + j);
            }
            out.add(row);
        }
        return out;
    }

    @Test
    void fiftyRowsGoAsThirtyTwoSixteenAndTwo() {
        List<RewrittenBatchInserts.Block> blocks = RewrittenBatchInserts.of(ROW, rows(50, 5));
        assertEquals(List.of(32, 16, 2), blocks.stream().map(b -> b.rows().get(0).size() / 5).toList());
        assertEquals("insert into reviews (body,book_id,reviewer_id,stars,id) values ($1,$2,$3,$4,$5),($6,$7,$8,$9,$10)",
                JdbcPlaceholders.toPositional(blocks.get(2).sql()));
        assertEquals("48:0", blocks.get(2).rows().get(0).get(0), "the last block carries the last rows, in order");
    }

    @Test
    void blocksAreAtMost128Rows() {
        List<Integer> sizes = RewrittenBatchInserts.of(ROW, rows(300, 5)).stream().map(b -> b.rows().get(0).size() / 5).toList();
        assertEquals(List.of(128, 128, 32, 8, 4), sizes);
    }

    @Test
    void whatTheDriverSendsAsItIs() {
        assertTrue(RewrittenBatchInserts.of(ROW, rows(1, 5)).isEmpty(), "one row");
        assertTrue(RewrittenBatchInserts.of(ROW + " returning id", rows(10, 5)).isEmpty(), "RETURNING");
        assertTrue(RewrittenBatchInserts.of("update reviews set stars=? where id=?", rows(10, 2)).isEmpty(), "not an INSERT");
    }

    @Test
    void theSettingIsReadFromTheJdbcUrl() {
        assertTrue(RewrittenBatchInserts.turnedOnBy(
                "\tDatabase JDBC URL [jdbc:postgresql://127.0.0.1:54341/library?ApplicationName=x&reWriteBatchedInserts=true]"));
        assertTrue(!RewrittenBatchInserts.turnedOnBy("jdbc:postgresql://h/db?reWriteBatchedInserts=false"));
        assertTrue(!RewrittenBatchInserts.turnedOnBy("reWriteBatchedInserts=true is recommended"));
    }
}
