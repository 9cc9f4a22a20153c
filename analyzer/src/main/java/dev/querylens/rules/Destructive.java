package dev.querylens.rules;

import dev.querylens.migration.MigrationStep;
import dev.querylens.migration.Operation;

/** A drop or rename of a table or column that existed before the migration, with the way to do it without breaking readers. */
record Destructive(String table, String column, String newName, boolean rename) {
    static Destructive of(MigrationStep step) {
        Operation op = step.op();
        if (!step.existingTable() || (op.table() != null && dev.querylens.migration.Migrator.isBookkeeping(op.table()))) {
            return null;
        }
        return switch (op.kind()) {
            case DROP_TABLE -> new Destructive(op.table(), null, null, false);
            case RENAME_TABLE -> new Destructive(op.table(), null, op.newName(), true);
            case DROP_COLUMN -> new Destructive(op.table(), op.column(), null, false);
            case RENAME_COLUMN -> new Destructive(op.table(), op.column(), op.newName(), true);
            default -> null;
        };
    }

    String noun() {
        return column == null ? "table name" : "column";
    }

    String what() {
        String subject = column == null ? "table " + table : "column " + table + "." + column;
        return (rename ? "Rename of " + subject + " to " + newName : "Drop of " + subject);
    }

    /** Expand and contract for a rename; for a drop, stop using it first, then drop it in a later release. */
    String recipe() {
        if (rename && column != null) {
            return "Expand and contract instead of renaming in one step:\n"
                    + "  1. ALTER TABLE " + table + " ADD COLUMN " + newName + " <same type>; write both columns (application or trigger)\n"
                    + "  2. backfill: UPDATE " + table + " SET " + newName + " = " + column + " WHERE " + newName + " IS NULL, in batches\n"
                    + "  3. release code that reads and writes only " + newName + "\n"
                    + "  4. in a later migration: ALTER TABLE " + table + " DROP COLUMN " + column + ";";
        }
        if (rename) {
            return "Expand and contract instead of renaming in one step: rename and leave a view under the old name"
                    + " (ALTER TABLE " + table + " RENAME TO " + newName + "; CREATE VIEW " + table + " AS SELECT * FROM " + newName
                    + "; simple views are updatable), release code that uses only " + newName + ", then drop the view in a later migration.";
        }
        return "Release code that no longer reads or writes " + (column == null ? table : table + "." + column)
                + " first (for a column an ORM maps, mark it ignored), then drop it in a later migration.";
    }
}
