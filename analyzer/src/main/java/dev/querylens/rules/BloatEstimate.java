package dev.querylens.rules;

import dev.querylens.database.LiveHealth;

/**
 * The catalog bloat estimate (the model of ioguix's pgsql-bloat-estimation, which PgHero's index
 * bloat and postgres-checkup's F004/F005 use): from pg_class's row count and pg_stats' average
 * column widths, the pages the rows would need packed at the relation's fillfactor; what the
 * relation has beyond that is its estimated bloat. An estimate, never a measurement: the widths are
 * ANALYZE's sample, and the row and page counts as of the last VACUUM or ANALYZE.
 *
 * @param realBytes     the relation's pages (a table's with its TOAST table's) times the block size
 * @param neededBytes   the pages its rows would need, times the block size
 * @param rowBytes      one row's (or index entry's) estimated size on a page, line pointer included
 */
record BloatEstimate(long realBytes, long neededBytes, long rowBytes) {
    /** PageHeaderData: the fixed header of every heap and index page. */
    private static final int PAGE_HEADER = 24;
    /** HeapTupleHeaderData before its null bitmap (t_bits), as offsetof gives it. */
    private static final int HEAP_TUPLE_HEADER = 23;
    /** ItemIdData: each row's line pointer on its page. */
    private static final int LINE_POINTER = 4;
    /** BTPageOpaqueData, at the end of every B-tree page. */
    private static final int BTREE_SPECIAL = 16;
    /** IndexTupleData (the heap TID and the size and flags word). */
    private static final int INDEX_TUPLE_HEADER = 8;
    /** IndexAttributeBitMapData: an index tuple with a null carries a bitmap for INDEX_MAX_KEYS (32) columns. */
    private static final int INDEX_NULL_BITMAP = 4;
    /** TOAST_MAX_CHUNK_SIZE is set so that four chunks fill a page. */
    private static final int TOAST_CHUNKS_PER_PAGE = 4;

    long bloatBytes() {
        return Math.max(0, realBytes - neededBytes);
    }

    double share() {
        return realBytes <= 0 ? 0 : (double) bloatBytes() / realBytes;
    }

    /** A table's estimate, or null when its rows or every column's width are not known (never analyzed, not visible). */
    static BloatEstimate of(LiveHealth.TableSpace t, LiveHealth.Storage s) {
        if (t.tuples() < 0 || t.columns() == 0 || t.columnsWithStats() < t.columns()) {
            return null;
        }
        int bs = s.blockSize();
        // a row carries its null bitmap only when it has a null (HEAP_HASNULL)
        double header = mix(t.nullShare(), align(HEAP_TUPLE_HEADER + (t.columns() + 7) / 8, s.maxAlign()),
                align(HEAP_TUPLE_HEADER, s.maxAlign()));
        double row = header + align((int) Math.ceil(t.dataWidth()), s.maxAlign()) + LINE_POINTER;
        // a page takes rows while the free space left stays above the fillfactor's reserve (RelationGetTargetPageFreeSpace)
        double usable = (bs - PAGE_HEADER) - bs * (100 - fillfactor(t.fillfactor(), 100)) / 100.0;
        long maxPerPage = (bs - PAGE_HEADER) / (align(HEAP_TUPLE_HEADER, s.maxAlign()) + LINE_POINTER); // MaxHeapTuplesPerPage
        long perPage = Math.max(1, Math.min(maxPerPage, (long) Math.floor(usable / row)));
        long pages = (long) Math.ceil(t.tuples() / perPage) + (long) Math.ceil(t.toastTuples() / TOAST_CHUNKS_PER_PAGE);
        return new BloatEstimate((t.pages() + t.toastPages()) * bs, pages * bs, Math.round(row));
    }

    /**
     * A B-tree index's estimate: its leaf entries packed at its fillfactor, plus the metapage; the
     * inner pages (about one per few hundred leaves) are left out, as in the model. Null for another
     * access method (their pages are laid out differently) or unknown widths.
     */
    static BloatEstimate of(LiveHealth.IndexSpace i, LiveHealth.Storage s) {
        if (!"btree".equals(i.method()) || i.tuples() < 0 || i.columns() == 0 || i.columnsWithStats() < i.columns()) {
            return null;
        }
        int bs = s.blockSize();
        // an entry carries the null bitmap only when it has a null (INDEX_NULL_MASK)
        double entry = mix(i.nullShare(), align(INDEX_TUPLE_HEADER + INDEX_NULL_BITMAP, s.maxAlign()), align(INDEX_TUPLE_HEADER, s.maxAlign()))
                + align((int) Math.ceil(i.dataWidth()), s.maxAlign()) + LINE_POINTER;
        double usable = (bs - PAGE_HEADER - BTREE_SPECIAL) * fillfactor(i.fillfactor(), 90) / 100.0;
        long perPage = Math.max(1, (long) Math.floor(usable / entry));
        long pages = 1 + (long) Math.ceil(i.tuples() / perPage);
        return new BloatEstimate(i.pages() * bs, pages * bs, Math.round(entry));
    }

    /** The average of two sizes, {@code share} of the rows having the first. */
    private static double mix(double share, int with, int without) {
        double p = Math.max(0, Math.min(1, share));
        return p * with + (1 - p) * without;
    }

    private static int fillfactor(int value, int otherwise) {
        return value <= 0 || value > 100 ? otherwise : value;
    }

    private static int align(int n, int to) {
        return (n + to - 1) / to * to;
    }
}
