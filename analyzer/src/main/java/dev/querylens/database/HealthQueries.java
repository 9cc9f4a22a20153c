package dev.querylens.database;

import dev.querylens.sql.Fingerprinter;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The fixed reads behind {@link UserDatabase#health()} (docs/safety.md lists each): the statistics
 * reset time, every index with its use and kind, every sequence with the column it feeds, and the
 * wraparound ages. Nothing here is taken from the workload; all of it is catalog and statistics
 * views, which pg_monitor reads (sequences' last_value apart, see {@link #SEQUENCES}).
 */
final class HealthQueries {
    static final String STATS_RESET = UserDatabase.MARK + "SELECT stats_reset::text, coalesce(extract(epoch FROM now() - stats_reset), -1)"
            + " FROM pg_stat_database WHERE datname = current_database()";
    /**
     * Entries written: every insert and every update that is not HOT adds an entry to each index of
     * the table (deletes only mark the heap; VACUUM removes entries later). A foreign key "backed"
     * is one whose first column is the index's leading column (indkey is 0-based, conkey 1-based).
     * The size is pg_class's page count (as of the index's last VACUUM, ANALYZE or CREATE INDEX):
     * reading it takes no lock, where pg_relation_size would wait behind a session holding the
     * table locked. A partitioned table's own index (relkind 'I') is left out: it holds nothing and is never
     * scanned itself, its partitions' indexes are.
     */
    static final String INDEXES = UserDatabase.MARK + "SELECT n.nspname, t.relname, c.relname, pg_get_indexdef(i.indexrelid),"
            + " coalesce(s.idx_scan, 0), c.relpages::bigint * current_setting('block_size')::bigint,"
            + " coalesce(st.n_tup_ins + st.n_tup_upd - st.n_tup_hot_upd, 0), i.indisprimary, i.indisunique, i.indisexclusion,"
            + " EXISTS (SELECT 1 FROM pg_constraint f WHERE f.contype = 'f' AND f.conrelid = i.indrelid AND f.conkey[1] = i.indkey[0]),"
            + " i.indisvalid, i.indisready,"
            + " EXISTS (SELECT 1 FROM pg_stat_progress_create_index p WHERE p.index_relid = i.indexrelid), c.relispartition"
            + " FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid"
            + " JOIN pg_namespace n ON n.oid = t.relnamespace"
            + " LEFT JOIN pg_stat_all_indexes s ON s.indexrelid = i.indexrelid LEFT JOIN pg_stat_all_tables st ON st.relid = i.indrelid"
            + " WHERE c.relkind = 'i' AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%'"
            + " ORDER BY 1, 2, 3";
    /**
     * A sequence feeds a column it is owned by (serial: deptype 'a', identity: 'i') or whose default
     * calls it (pg_attrdef depends on it): one row per column fed. pg_sequences shows last_value as
     * NULL both when the sequence was never used and when the role may not read it: the privilege
     * column tells the two apart.
     */
    static final String SEQUENCES = UserDatabase.MARK + "SELECT s.schemaname, s.sequencename, s.data_type::text, s.last_value,"
            + " s.max_value, s.increment_by, has_sequence_privilege(c.oid, 'SELECT') OR has_sequence_privilege(c.oid, 'USAGE'),"
            + " fed.nspname, fed.relname, fed.attname, fed.coltype"
            + " FROM pg_sequences s JOIN pg_namespace sn ON sn.nspname = s.schemaname"
            + " JOIN pg_class c ON c.relnamespace = sn.oid AND c.relname = s.sequencename"
            + " LEFT JOIN LATERAL (SELECT tn.nspname, t.relname, a.attname, format_type(a.atttypid, a.atttypmod) AS coltype FROM"
            + " (SELECT d.refobjid AS rel, d.refobjsubid AS att FROM pg_depend d WHERE d.classid = 'pg_class'::regclass"
            + " AND d.objid = c.oid AND d.refclassid = 'pg_class'::regclass AND d.refobjsubid > 0 AND d.deptype IN ('a', 'i')"
            + " UNION SELECT ad.adrelid, ad.adnum FROM pg_depend d JOIN pg_attrdef ad ON d.classid = 'pg_attrdef'::regclass"
            + " AND d.objid = ad.oid WHERE d.refclassid = 'pg_class'::regclass AND d.refobjid = c.oid) f"
            + " JOIN pg_class t ON t.oid = f.rel JOIN pg_namespace tn ON tn.oid = t.relnamespace"
            + " JOIN pg_attribute a ON a.attrelid = f.rel AND a.attnum = f.att) fed ON true"
            + " WHERE s.schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2, 8, 9, 10";
    static final String FREEZE_SETTINGS = UserDatabase.MARK + "SELECT current_setting('autovacuum_freeze_max_age')::bigint,"
            + " current_setting('autovacuum_multixact_freeze_max_age')::bigint";
    static final String DATABASE_AGES = UserDatabase.MARK + "SELECT datname, age(datfrozenxid), mxid_age(datminmxid),"
            + " datname = current_database() FROM pg_database ORDER BY 2 DESC, 1";
    static final String TABLE_AGES = UserDatabase.MARK + "SELECT n.nspname, c.relname, age(c.relfrozenxid), mxid_age(c.relminmxid)"
            + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'm', 't')"
            + " ORDER BY 3 DESC, 1, 2 LIMIT 10";

    /**
     * The connected database's client sessions, as PgHero's live queries read them, with what each
     * waits for: pg_blocking_pids, and its ungranted lock from pg_locks (a row lock shows as a wait
     * for the holder's transactionid, the table then from the tuple lock the waiter holds). Another
     * role's session shows no state, times or query without pg_read_all_stats: its state is NULL,
     * and its query is never kept. QueryLens's own sessions are left out.
     */
    static final String SESSIONS = UserDatabase.MARK + "SELECT a.pid, a.usename, a.application_name, a.state,"
            + " coalesce(extract(epoch FROM clock_timestamp() - a.xact_start), -1),"
            + " coalesce(extract(epoch FROM clock_timestamp() - a.state_change), -1),"
            + " coalesce(extract(epoch FROM clock_timestamp() - a.query_start), -1),"
            + " CASE WHEN a.state IS NOT NULL THEN a.query END, pg_blocking_pids(a.pid), w.locktype || ' ' || w.mode, w.nspname, w.relname"
            + " FROM pg_stat_activity a LEFT JOIN LATERAL (SELECT l.locktype, l.mode, n.nspname, c.relname FROM pg_locks l"
            + " LEFT JOIN pg_class c ON c.oid = coalesce(l.relation,"
            + " (SELECT t.relation FROM pg_locks t WHERE t.pid = l.pid AND t.locktype = 'tuple' AND t.granted LIMIT 1))"
            + " LEFT JOIN pg_namespace n ON n.oid = c.relnamespace WHERE l.pid = a.pid AND NOT l.granted LIMIT 1) w ON true"
            + " WHERE a.datname = current_database() AND a.pid <> pg_backend_pid()"
            + " AND (a.backend_type = 'client backend' OR a.backend_type IS NULL AND a.usesysid IS NOT NULL)"
            + " AND a.application_name IS DISTINCT FROM 'querylens' ORDER BY a.pid";

    static final String AUTOVACUUM_SETTINGS = UserDatabase.MARK + "SELECT current_setting('autovacuum')::boolean,"
            + " current_setting('track_counts')::boolean, current_setting('autovacuum_vacuum_threshold')::bigint,"
            + " current_setting('autovacuum_vacuum_scale_factor')::float8, current_setting('autovacuum_analyze_threshold')::bigint,"
            + " current_setting('autovacuum_analyze_scale_factor')::float8";
    /** Counts only (pg_stat_user_tables and pg_class): no table is touched, and every role may read them. */
    static final String TABLE_UPKEEP = UserDatabase.MARK + "SELECT s.schemaname, s.relname, c.reltuples::float8, s.n_live_tup,"
            + " s.n_dead_tup, s.n_mod_since_analyze,"
            + " coalesce(extract(epoch FROM now() - greatest(s.last_vacuum, s.last_autovacuum)), -1),"
            + " coalesce(extract(epoch FROM now() - greatest(s.last_analyze, s.last_autoanalyze)), -1), c.reloptions::text[]"
            + " FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid WHERE c.relkind IN ('r', 'm') ORDER BY 1, 2";

    /** On a standby the position is the last WAL received (pg_current_wal_lsn fails during recovery). */
    static final String SLOTS = UserDatabase.MARK + "SELECT slot_name, slot_type, database, active,"
            + " coalesce(pg_wal_lsn_diff(CASE WHEN pg_is_in_recovery() THEN pg_last_wal_receive_lsn() ELSE pg_current_wal_lsn() END,"
            + " restart_lsn)::bigint, -1), wal_status,"
            + " coalesce(greatest(age(xmin), age(catalog_xmin)), -1) FROM pg_replication_slots ORDER BY 1";

    private final CatalogQueries.Statements statements;

    HealthQueries(CatalogQueries.Statements statements) {
        this.statements = statements;
    }

    LiveHealth read() throws SQLException {
        try (Statement s = statements.create()) {
            String reset;
            double age;
            try (ResultSet rs = s.executeQuery(STATS_RESET)) {
                boolean found = rs.next();
                reset = found ? rs.getString(1) : null;
                age = found ? rs.getDouble(2) : -1;
            }
            List<LiveHealth.IndexUse> indexes = new ArrayList<>();
            try (ResultSet rs = s.executeQuery(INDEXES)) {
                while (rs.next()) {
                    indexes.add(new LiveHealth.IndexUse(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getBoolean(8), rs.getBoolean(9), rs.getBoolean(10),
                            rs.getBoolean(11), rs.getBoolean(12), rs.getBoolean(13), rs.getBoolean(14), rs.getBoolean(15)));
                }
            }
            List<LiveHealth.SequenceUse> sequences = new ArrayList<>();
            List<String> hidden = new ArrayList<>();
            try (ResultSet rs = s.executeQuery(SEQUENCES)) {
                while (rs.next()) {
                    long last = rs.getLong(4);
                    Long lastValue = rs.wasNull() ? null : last;
                    String column = rs.getString(10) == null ? null : rs.getString(8) + "." + rs.getString(9) + "." + rs.getString(10);
                    sequences.add(new LiveHealth.SequenceUse(rs.getString(1), rs.getString(2), rs.getString(3), lastValue,
                            rs.getLong(5), rs.getLong(6), rs.getBoolean(7), column, rs.getString(11)));
                }
            }
            long notVisible = sequences.stream().filter(q -> !q.visible()).map(q -> q.schema() + "." + q.name()).distinct().count();
            if (notVisible > 0) {
                hidden.add("sequence-near-limit could not see how far " + notVisible + " sequences have counted (pg_sequences.last_value"
                        + " needs SELECT or USAGE on each sequence: GRANT pg_read_all_data, PostgreSQL 14+, or SELECT on them);"
                        + " they are not judged, which is not the same as healthy");
            }
            long freeze;
            long multixactFreeze;
            try (ResultSet rs = s.executeQuery(FREEZE_SETTINGS)) {
                rs.next();
                freeze = rs.getLong(1);
                multixactFreeze = rs.getLong(2);
            }
            List<LiveHealth.DatabaseAge> databases = new ArrayList<>();
            try (ResultSet rs = s.executeQuery(DATABASE_AGES)) {
                while (rs.next()) {
                    databases.add(new LiveHealth.DatabaseAge(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getBoolean(4)));
                }
            }
            List<LiveHealth.TableAge> tables = new ArrayList<>();
            try (ResultSet rs = s.executeQuery(TABLE_AGES)) {
                while (rs.next()) {
                    tables.add(new LiveHealth.TableAge(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4)));
                }
            }
            List<LiveHealth.Session> sessions = sessions(s);
            hidden.addAll(unseen(sessions));
            return new LiveHealth(reset, age, indexes, sequences,
                    new LiveHealth.Wraparound(freeze, multixactFreeze, databases, tables), hidden, sessions, upkeep(s), slots(s),
                    StorageQueries.read(s));
        }
    }

    private static List<LiveHealth.Session> sessions(Statement s) throws SQLException {
        Fingerprinter normalizer = new Fingerprinter();
        List<LiveHealth.Session> out = new ArrayList<>();
        try (ResultSet rs = s.executeQuery(SESSIONS)) {
            while (rs.next()) {
                String state = rs.getString(4);
                String raw = rs.getString(8);
                // other sessions' statements carry their literals (emails, tokens): only the normalized text is kept
                String query = raw == null || raw.isBlank() ? null : normalizer.normalize(raw);
                List<Integer> blockers = new ArrayList<>();
                java.sql.Array pids = rs.getArray(9);
                if (pids != null) {
                    for (Object pid : (Object[]) pids.getArray()) {
                        blockers.add(((Number) pid).intValue());
                    }
                }
                out.add(new LiveHealth.Session(rs.getInt(1), rs.getString(2), rs.getString(3), state != null, state, rs.getDouble(5),
                        rs.getDouble(6), rs.getDouble(7), query, blockers, rs.getString(10), rs.getString(11), rs.getString(12)));
            }
        }
        return out;
    }

    private static List<LiveHealth.ReplicationSlot> slots(Statement s) throws SQLException {
        List<LiveHealth.ReplicationSlot> out = new ArrayList<>();
        try (ResultSet rs = s.executeQuery(SLOTS)) {
            while (rs.next()) {
                out.add(new LiveHealth.ReplicationSlot(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBoolean(4), rs.getLong(5),
                        rs.getString(6), rs.getLong(7)));
            }
        }
        return out;
    }

    private static LiveHealth.Upkeep upkeep(Statement s) throws SQLException {
        List<LiveHealth.TableUpkeep> tables = new ArrayList<>();
        try (ResultSet rs = s.executeQuery(TABLE_UPKEEP)) {
            while (rs.next()) {
                java.sql.Array options = rs.getArray(9);
                List<String> opts = options == null ? List.of() : List.of((String[]) options.getArray());
                tables.add(new LiveHealth.TableUpkeep(rs.getString(1), rs.getString(2), rs.getDouble(3), rs.getLong(4), rs.getLong(5),
                        rs.getLong(6), rs.getDouble(7), rs.getDouble(8), opts));
            }
        }
        try (ResultSet rs = s.executeQuery(AUTOVACUUM_SETTINGS)) {
            rs.next();
            return new LiveHealth.Upkeep(rs.getBoolean(1), rs.getBoolean(2), rs.getLong(3), rs.getDouble(4), rs.getLong(5), rs.getDouble(6),
                    tables);
        }
    }

    /** What the session checks could not judge for want of pg_read_all_stats: said, never counted as healthy. */
    private static List<String> unseen(List<LiveHealth.Session> sessions) {
        long unseen = sessions.stream().filter(x -> !x.visible()).count();
        if (unseen == 0) {
            return List.of();
        }
        String why = " (pg_stat_activity shows another role's state, times and query only to pg_read_all_stats, which pg_monitor"
                + " includes); they are not judged, which is not the same as healthy";
        List<String> out = new ArrayList<>();
        out.add("idle-in-transaction could not see the state of " + unseen + " sessions of other roles" + why);
        out.add("long-running-query could not see how long " + unseen + " sessions of other roles have run" + why);
        long blocked = sessions.stream().filter(x -> !x.visible() && !x.blockedBy().isEmpty()).count();
        if (blocked > 0) {
            out.add("blocked-session could not see how long " + blocked + " blocked sessions of other roles have waited" + why);
        }
        return out;
    }
}
