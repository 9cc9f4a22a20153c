package dev.querylens.database;

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
            return new LiveHealth(reset, age, indexes, sequences,
                    new LiveHealth.Wraparound(freeze, multixactFreeze, databases, tables), hidden);
        }
    }
}
