package dev.querylens.schema;

import java.util.List;

/**
 * What PostgreSQL does to the partitions of a partitioned table: each gets its own copy of every
 * index on the parent (named for the partition: {@code m1_pkey}, {@code m1_u_at_key},
 * {@code m1_r_idx}) and the parent's foreign keys under the parent's constraint names, when it is
 * created, when it is attached, and when the parent gains an index or constraint later.
 */
final class Partitions {
    private Partitions() {
    }

    /** CREATE TABLE ... PARTITION OF / ATTACH PARTITION: the partition takes the parent's indexes and foreign keys. */
    static void attach(SchemaDraft schema, TableDraft parent, TableDraft partition) {
        partition.partitionOf = parent.qualified;
        for (Index ix : List.copyOf(parent.indexes)) {
            // ATTACH adopts an existing index of the same definition instead of building another
            boolean adopted = partition.indexes.stream().anyMatch(own -> own.sameDefinitionAs(ix) && own.unique() == ix.unique());
            if (!adopted) {
                addIndex(schema, parent, partition, ix);
            }
        }
        for (ForeignKey fk : List.copyOf(parent.foreignKeys)) {
            addForeignKey(schema, partition, fk);
        }
    }

    /** An index added to a partitioned table (not ONLY) is built on every partition too. */
    static void indexAdded(SchemaDraft schema, TableDraft parent, Index ix) {
        for (TableDraft partition : partitionsOf(schema, parent)) {
            addIndex(schema, parent, partition, ix);
        }
    }

    static void foreignKeyAdded(SchemaDraft schema, TableDraft parent, ForeignKey fk) {
        for (TableDraft partition : partitionsOf(schema, parent)) {
            addForeignKey(schema, partition, fk);
        }
    }

    /** Dropping a partitioned index drops the partitions' copies of it. */
    static void indexDropped(SchemaDraft schema, TableDraft parent, String index) {
        for (TableDraft partition : partitionsOf(schema, parent)) {
            List<String> copies = partition.clonedFrom.entrySet().stream().filter(e -> e.getValue().equals(index)).map(e -> e.getKey()).toList();
            for (String copy : copies) {
                partition.indexes.removeIf(own -> own.name().equals(copy));
                partition.clonedFrom.remove(copy);
                indexDropped(schema, partition, copy);
            }
        }
    }

    static List<TableDraft> partitionsOf(SchemaDraft schema, TableDraft parent) {
        return schema.tables.values().stream().filter(t -> parent.qualified.equals(t.partitionOf)).toList();
    }

    private static void addIndex(SchemaDraft schema, TableDraft parent, TableDraft partition, Index ix) {
        String label = label(ix);
        String name = IndexDdl.defaultName(schema, partition, ix.definition(), ix.include(), label);
        Index copy = ix.withName(name).withTable(partition.qualified);
        partition.indexes.add(copy);
        partition.clonedFrom.put(name, ix.name());
        if (ix.primary()) {
            ix.keys().forEach(k -> partition.setNotNull(k, true));
        }
        indexAdded(schema, partition, copy);
    }

    /** The label of the name the server gives a copy of the index: _pkey, _key, _excl for constraints, else _idx. */
    static String label(Index ix) {
        return switch (ix.constraint()) {
            case PRIMARY_KEY -> "pkey";
            case UNIQUE -> "key";
            case EXCLUSION -> "excl";
            case NONE -> "idx";
        };
    }

    private static void addForeignKey(SchemaDraft schema, TableDraft partition, ForeignKey fk) {
        if (partition.foreignKeys.stream().noneMatch(own -> own.name() != null && own.name().equals(fk.name()))) {
            partition.foreignKeys.add(fk);
            foreignKeyAdded(schema, partition, fk);
        }
    }
}
