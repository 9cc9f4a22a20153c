package dev.querylens.database;

import java.util.List;

/**
 * What a live database's statistics and catalog say about its health at one moment: index use
 * since the statistics were reset, indexes a failed build left behind, how far sequences and the
 * integer columns they feed have counted, and how old the oldest unfrozen transaction ids are.
 * Read once through {@link UserDatabase#health()}; immutable.
 *
 * @param statsReset      pg_stat_database.stats_reset of the connected database (ISO text), null when none is recorded
 * @param statsAgeSeconds seconds since that reset, or -1 when none is recorded
 * @param indexes         every index of the user schemas with its use, size and kind
 * @param sequences       every sequence with what it feeds
 * @param wraparound      transaction-id and multixact ages against the autovacuum settings
 * @param hidden          what the role could not see, one line each (a diagnostic, never "healthy")
 * @param sessions        the client sessions of the connected database at that moment (QueryLens's own left out)
 * @param upkeep          the autovacuum settings and each user table's dead rows, changes and last (auto)vacuum and analyze
 * @param slots           the server's replication slots with the WAL each holds back
 * @param storage         what the bloat estimates, the cache hit ratio and the sequential-scan check read
 */
public record LiveHealth(String statsReset, double statsAgeSeconds, List<IndexUse> indexes, List<SequenceUse> sequences,
                         Wraparound wraparound, List<String> hidden, List<Session> sessions, Upkeep upkeep,
                         List<ReplicationSlot> slots, Storage storage) {
    public LiveHealth {
        indexes = indexes == null ? List.of() : List.copyOf(indexes);
        sequences = sequences == null ? List.of() : List.copyOf(sequences);
        wraparound = wraparound == null ? Wraparound.UNKNOWN : wraparound;
        hidden = hidden == null ? List.of() : List.copyOf(hidden);
        sessions = sessions == null ? List.of() : List.copyOf(sessions);
        upkeep = upkeep == null ? Upkeep.UNKNOWN : upkeep;
        slots = slots == null ? List.of() : List.copyOf(slots);
        storage = storage == null ? Storage.UNKNOWN : storage;
    }

    /**
     * The raw numbers behind the catalog bloat estimates (pg_class page and row counts, pg_stats
     * column widths: the estimate itself is the rules' arithmetic), and each user table's reads
     * (pg_stat_user_tables, pg_statio_user_tables).
     *
     * @param blockSize           block_size in bytes
     * @param maxAlign            the server's MAXALIGN (8 on 64-bit builds, 4 on 32-bit ones)
     * @param sharedBuffersBlocks shared_buffers in blocks
     */
    public record Storage(int blockSize, int maxAlign, long sharedBuffersBlocks, List<TableSpace> tables, List<IndexSpace> indexes,
                          List<TableAccess> access) {
        public static final Storage UNKNOWN = new Storage(8192, 8, 16384, List.of(), List.of(), List.of());

        public Storage {
            blockSize = blockSize <= 0 ? 8192 : blockSize;
            maxAlign = maxAlign <= 0 ? 8 : maxAlign;
            tables = tables == null ? List.of() : List.copyOf(tables);
            indexes = indexes == null ? List.of() : List.copyOf(indexes);
            access = access == null ? List.of() : List.copyOf(access);
        }
    }

    /**
     * One table's heap as pg_class and pg_stats describe it.
     *
     * @param pages          pg_class.relpages (as of its last VACUUM or ANALYZE)
     * @param tuples         pg_class.reltuples, -1 when never vacuumed or analyzed
     * @param fillfactor     its fillfactor storage parameter, 100 when unset
     * @param toastPages     its TOAST table's relpages, 0 for none
     * @param toastTuples    its TOAST table's reltuples (chunks), 0 for none
     * @param columns        its live columns
     * @param columnsWithStats the columns pg_stats shows an average width for (to this role)
     * @param dataWidth      the sum over those columns of (1 - null_frac) * avg_width: an average row's data bytes
     * @param nullShare      the share of rows with a null in some column, so a null bitmap (1 - the product of
     *                       1 - null_frac over the columns: as if the columns' nulls were independent)
     * @param statsVisible   the role may read every column's statistics (pg_stats shows a column only to a role that may
     *                       SELECT it, and none of a table whose row level security applies to the role)
     */
    public record TableSpace(String schema, String table, long pages, double tuples, int fillfactor, long toastPages,
                             double toastTuples, int columns, int columnsWithStats, double dataWidth, double nullShare,
                             boolean statsVisible) {
    }

    /**
     * One index as pg_class and pg_stats describe it (its key and INCLUDE columns' statistics, an
     * expression's from the index's own pg_stats row).
     *
     * @param method     its access method (btree, gin, ...): the estimate models B-tree pages only
     * @param fillfactor its fillfactor storage parameter, 90 (B-tree's default) when unset
     * @param nullShare  the share of entries with a null, which carry a null bitmap (as for {@link TableSpace})
     */
    public record IndexSpace(String schema, String table, String name, String method, long pages, double tuples, int fillfactor,
                             int columns, int columnsWithStats, double dataWidth, double nullShare, boolean statsVisible,
                             boolean valid) {
    }

    /**
     * One user table's scans and block reads since the statistics were reset.
     *
     * @param sizeBytes        relpages times the block size (no lock taken)
     * @param seqRowsRead      seq_tup_read: rows its sequential scans read
     * @param heapBlocksRead   heap blocks not found in shared_buffers (read from the OS, or new blocks added)
     * @param indexBlocksRead  the same for all its indexes together
     */
    public record TableAccess(String schema, String table, long liveTuples, long sizeBytes, long seqScans, long seqRowsRead,
                              long indexScans, long heapBlocksRead, long heapBlocksHit, long indexBlocksRead, long indexBlocksHit) {
    }

    /**
     * One replication slot (pg_replication_slots), of any database: the WAL it holds back is the whole server's.
     *
     * @param database      the database of a logical slot, null for a physical one
     * @param retainedBytes WAL from its restart_lsn to the current position, -1 when it reserves none (no restart_lsn)
     * @param walStatus     reserved, extended, unreserved or lost
     * @param xminAge       age of the oldest of its xmin and catalog_xmin (rows VACUUM must keep for it), -1 for none
     */
    public record ReplicationSlot(String name, String type, String database, boolean active, long retainedBytes, String walStatus,
                                  long xminAge) {
    }

    /**
     * The server's autovacuum settings (the trigger points of "The Autovacuum Daemon": threshold plus
     * scale factor times pg_class.reltuples) and every user table's counts (pg_stat_user_tables).
     *
     * @param autovacuum  the autovacuum setting; with track_counts off nothing is counted and the daemon does nothing
     */
    public record Upkeep(boolean autovacuum, boolean trackCounts, long vacuumThreshold, double vacuumScaleFactor,
                         long analyzeThreshold, double analyzeScaleFactor, List<TableUpkeep> tables) {
        public static final Upkeep UNKNOWN = new Upkeep(true, true, 50, 0.2, 50, 0.1, List.of());

        public Upkeep {
            tables = tables == null ? List.of() : List.copyOf(tables);
        }
    }

    /**
     * One table's upkeep counts.
     *
     * @param reltuples         pg_class.reltuples (-1: never vacuumed or analyzed, PostgreSQL 14+)
     * @param vacuumedSecondsAgo since the later of last_vacuum and last_autovacuum, -1 for never (since the statistics reset)
     * @param analyzedSecondsAgo since the later of last_analyze and last_autoanalyze, -1 for never
     * @param options           pg_class.reloptions ("autovacuum_enabled=false", ...), empty for none
     */
    public record TableUpkeep(String schema, String table, double reltuples, long liveTuples, long deadTuples, long modifiedSinceAnalyze,
                              double vacuumedSecondsAgo, double analyzedSecondsAgo, List<String> options) {
        public TableUpkeep {
            options = options == null ? List.of() : List.copyOf(options);
        }
    }

    /**
     * One client session (pg_stat_activity) with the lock it waits for, if any. Without
     * pg_read_all_stats another role's session shows its pid and role but no state, times or query
     * ({@code visible} false): such a session is never judged healthy, it is said unseen.
     *
     * @param state              "active", "idle", "idle in transaction", ...; null when not visible
     * @param transactionSeconds since xact_start, -1 outside a transaction or when not visible
     * @param stateSeconds       since state_change, -1 when not visible
     * @param querySeconds       since query_start (the current query when active, the last one otherwise), -1 when not visible
     * @param query              the current or last statement normalized (literals as $n), null when not visible;
     *                           the raw text never leaves {@link HealthQueries}
     * @param blockedBy          pg_blocking_pids: the sessions holding what this one waits for
     * @param waitingLock        the lock it waits for ("transactionid ShareLock"), null when it waits for none
     * @param waitingSchema      with {@code waitingRelation}: the table the wait is on (its own lock's relation, else the
     *                           table of the row it waits for), null when none or unknown
     */
    public record Session(int pid, String user, String application, boolean visible, String state, double transactionSeconds,
                          double stateSeconds, double querySeconds, String query, List<Integer> blockedBy, String waitingLock,
                          String waitingSchema, String waitingRelation) {
        public Session {
            blockedBy = blockedBy == null ? List.of() : List.copyOf(blockedBy);
        }

        public boolean idleInTransaction() {
            return state != null && state.startsWith("idle in transaction");
        }
    }

    /**
     * One index (pg_index, pg_stat_user_indexes).
     *
     * @param scans          idx_scan since the statistics were reset
     * @param sizeBytes      relpages times the block size: as of its last VACUUM, ANALYZE or CREATE INDEX
     * @param entriesWritten index entries the table's writes made since then: inserts plus non-HOT updates
     * @param backsForeignKey its leading column is the first column of a foreign key of its table
     * @param building       a CREATE INDEX for it is in progress now (pg_stat_progress_create_index)
     * @param partition      it is a partition's part of a partitioned table's index (it cannot be dropped alone)
     */
    public record IndexUse(String schema, String table, String name, String definition, long scans, long sizeBytes,
                           long entriesWritten, boolean primary, boolean unique, boolean exclusion, boolean backsForeignKey,
                           boolean valid, boolean ready, boolean building, boolean partition) {
    }

    /**
     * One sequence (pg_sequences) and the integer column it feeds, if any (as owner or column default).
     *
     * @param lastValue  null when the sequence was never used or the role may not read it ({@code visible})
     * @param column     schema.table.column it feeds, null for none
     * @param columnType that column's type (format_type), null for none
     */
    public record SequenceUse(String schema, String name, String dataType, Long lastValue, long maxValue, long increment,
                              boolean visible, String column, String columnType) {
    }

    /** pg_database's and the connected database's pg_class ages, with the settings that force an anti-wraparound vacuum. */
    public record Wraparound(long freezeMaxAge, long multixactFreezeMaxAge, List<DatabaseAge> databases, List<TableAge> oldestTables) {
        public static final Wraparound UNKNOWN = new Wraparound(0, 0, List.of(), List.of());

        public Wraparound {
            databases = databases == null ? List.of() : List.copyOf(databases);
            oldestTables = oldestTables == null ? List.of() : List.copyOf(oldestTables);
        }
    }

    /** age(datfrozenxid) and mxid_age(datminmxid) of one database; {@code current}: the one connected to. */
    public record DatabaseAge(String name, long xidAge, long mxidAge, boolean current) {
    }

    /** age(relfrozenxid) and mxid_age(relminmxid) of one table of the connected database. */
    public record TableAge(String schema, String table, long xidAge, long mxidAge) {
    }
}
