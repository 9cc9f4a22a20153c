package dev.querylens.migration;

import dev.querylens.collect.Execution;
import dev.querylens.migration.Operation.Kind;
import dev.querylens.schema.Catalog;
import dev.querylens.schema.Column;
import dev.querylens.schema.Table;
import dev.querylens.sql.Fingerprinter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The migration files' statements, replayed in the order the migrator applies them, so each step
 * knows what existed before it. A table the history does not create is taken to exist already
 * (created before the history starts, or by another tool): altering it is altering live data.
 * The schema given with --schema is the database before the first migration, for column types.
 */
public final class MigrationHistory {
    private static final Pattern NOT_NULL_CHECK = Pattern.compile("^\\(?\\s*\"?([A-Za-z0-9_]+)\"?\\s+is\\s+not\\s+null\\s*\\)?$",
            Pattern.CASE_INSENSITIVE);

    private final Map<String, List<Execution>> byFile = new HashMap<>();

    public void add(Execution e) {
        byFile.computeIfAbsent(e.location().file(), f -> new ArrayList<>()).add(e);
    }

    public boolean isEmpty() {
        return byFile.isEmpty();
    }

    /** The steps of every file in order, judged against {@code before} (the --schema catalog, possibly empty). */
    public List<MigrationStep> steps(Catalog before) {
        Map<String, Map<String, String>> types = new HashMap<>();
        for (Table t : before.tables()) {
            Map<String, String> cols = types.computeIfAbsent(key(t.name()), k -> new HashMap<>());
            for (Column c : t.columns()) {
                cols.put(c.name().toLowerCase(Locale.ROOT), ColumnTypes.normalize(c.type()));
            }
        }
        // tables whose every column the history knows (the --schema's, and those it creates): only there is a missing column known missing
        Set<String> wholeTables = new HashSet<>(types.keySet());
        Map<String, Set<String>> provenNotNull = new HashMap<>();
        Map<String, String[]> pendingChecks = new HashMap<>();
        TreeMap<String, List<Execution>> files = new TreeMap<>(MigrationPaths.order(byFile.keySet()));
        files.putAll(byFile);
        Fingerprinter fingerprinter = new Fingerprinter();
        Map<String, String> indexTables = new HashMap<>(); // index name -> its table as the history created it
        // index names that no longer name an index: taken by a DROP CONSTRAINT (a UNIQUE, PRIMARY KEY or EXCLUDE constraint
        // owns the index of its name), or renamed by ADD CONSTRAINT ... USING INDEX (the index takes the constraint's name).
        // A later DROP INDEX IF EXISTS of such a name finds nothing, takes no lock and changes nothing
        Set<String> goneIndexes = new HashSet<>();
        // tables and columns an earlier step dropped (and none re-created): dropping them again drops nothing, so a history
        // that repeats DROP ... IF EXISTS (an idempotent rerun) destroys each once
        Set<String> goneTables = new HashSet<>();
        Map<String, Set<String>> goneColumns = new HashMap<>();
        Map<String, String> constraintKinds = new HashMap<>(); // constraint name -> FOREIGN KEY, CHECK, UNIQUE, ... as the history added it
        List<MigrationStep> steps = new ArrayList<>();
        // drizzle-kit runs the pending files in one session and transaction: a SET lock_timeout earlier in the run still holds
        boolean lockTimeoutInRun = false;
        // ALTER DATABASE ... SET TimeZone: the default of every session (file) that starts after it
        SessionTimeZone databaseZone = SessionTimeZone.UNKNOWN;
        Map<String, String> texts = new HashMap<>();
        files.keySet().forEach(f -> texts.put(f, read(f)));
        Map<String, Migrator> migrators = MigrationPaths.migrators(texts);
        // which migrations the migrator can undo with a down migration of their own, and whether the project writes any
        Map<String, Boolean> downs = new HashMap<>();
        Map<Path, Path> downFiles = DownMigrations.onDisk(files.keySet().stream()
                .filter(f -> !f.equals("-")).map(Path::of).toList());
        files.keySet().forEach(f -> downs.put(f, MigrationPaths.hasDownSection(texts.get(f), migrators.get(f))
                || (!f.equals("-") && downFiles.containsKey(Path.of(f)))));
        // per migration directory: two projects read in one run each keep their own habit
        Set<String> historiesWithDowns = new HashSet<>();
        downs.forEach((f, d) -> {
            if (d) {
                historiesWithDowns.add(MigrationPaths.historyDirectory(f));
            }
        });
        for (Map.Entry<String, List<Execution>> file : files.entrySet()) {
            String text = texts.get(file.getKey());
            Migrator migrator = migrators.get(file.getKey());
            Migrator.Transaction transaction = MigrationPaths.transaction(file.getKey(), text, migrator);
            int statements = file.getValue().size();
            Set<String> createdHere = new HashSet<>();
            Map<String, Set<String>> addedHere = new HashMap<>(); // table -> columns an ADD COLUMN of this file added
            List<DataCopy> copies = new ArrayList<>(); // statements of this file so far that copy rows or values elsewhere
            MigrationStep.Down down = downs.get(file.getKey()) ? MigrationStep.Down.WRITTEN
                    : historiesWithDowns.contains(MigrationPaths.historyDirectory(file.getKey())) ? MigrationStep.Down.MISSING : MigrationStep.Down.NONE_IN_HISTORY;
            Set<String> indexesOnNewTables = new HashSet<>();
            CreatedInFile created = CreatedInFile.of(file.getValue());
            Map<String, String> rebuiltHere = created.indexesOnNewTables();
            boolean strongLockTaken = false;
            boolean inTransaction = false;
            boolean lockTimeout = false;
            SessionTimeZone sessionZone = databaseZone;
            SessionTimeZone localZone = null; // SET LOCAL, until the transaction ends
            for (Execution e : file.getValue()) {
                String normalized = fingerprinter.normalize(e.sql());
                List<Operation> parsedOps = OperationParser.parse(e.sql());
                List<DataCopy> copiesBefore = List.copyOf(copies);
                DataCopy.of(e.sql(), parsedOps).ifPresent(copies::add);
                for (Operation parsed : parsedOps) {
                    Operation op = parsed.kind() == Kind.DROP_INDEX && parsed.table() == null && indexTables.containsKey(key(parsed.column()))
                            ? parsed.onTable(indexTables.get(key(parsed.column()))) : parsed;
                    // DROP INDEX IF EXISTS x before this file builds x on a table it creates (an idempotent rerun): no live table to lock
                    if (op.kind() == Kind.DROP_INDEX && op.table() == null && rebuiltHere.containsKey(key(op.column()))) {
                        op = op.onTable(rebuiltHere.get(key(op.column())));
                        indexesOnNewTables.add(key(op.column()));
                    }
                    if (op.kind() == Kind.DROP_INDEX && op.table() == null && "if exists".equals(op.detail())
                            && goneIndexes.contains(key(op.column()))) {
                        continue;
                    }
                    if (op.kind() == Kind.CREATE_INDEX && op.column() != null && op.table() != null) {
                        indexTables.put(key(op.column()), op.table());
                        goneIndexes.remove(key(op.column()));
                    }
                    if (op.kind() == Kind.ADD_CONSTRAINT && op.column() != null) {
                        constraintKinds.put(key(op.column()), op.constraint());
                        goneIndexes.remove(key(op.column()));
                        if (op.usingIndex() && op.detail() != null && !key(op.detail()).equals(key(op.column()))) {
                            String onTable = indexTables.remove(key(op.detail()));
                            if (onTable != null) {
                                indexTables.put(key(op.column()), onTable);
                            }
                            goneIndexes.add(key(op.detail()));
                        }
                    }
                    if (op.kind() == Kind.DROP_CONSTRAINT && op.constraint() != null) {
                        // a UNIQUE, PRIMARY KEY or EXCLUDE constraint takes its index along; after any other (a foreign key, a check,
                        // one CREATE TABLE declared, most often a primary key or UNIQUE named <table>_<columns>_key) an index of that
                        // name is left only if the history saw a CREATE INDEX make one (then no constraint matched and the index stays)
                        String name = key(op.constraint());
                        String kind = constraintKinds.remove(name);
                        if ("UNIQUE".equals(kind) || "PRIMARY KEY".equals(kind) || "EXCLUDE".equals(kind)) {
                            indexTables.remove(name);
                            goneIndexes.add(name);
                        } else if (!indexTables.containsKey(name)) {
                            goneIndexes.add(name);
                        }
                    }
                    String table = key(op.table());
                    // DROP TABLE IF EXISTS of a table the history never had and this file then creates (an idempotent rerun, as
                    // graphile-migrate's migrations are written): on the history's database it finds nothing to drop or lock
                    if (op.kind() == Kind.DROP_TABLE && "if exists".equals(op.detail())
                            && (goneTables.contains(table) || (!types.containsKey(table) && created.tables().contains(table)))) {
                        continue;
                    }
                    Map<String, String> cols = table == null ? Map.of() : types.computeIfAbsent(table, k -> new HashMap<>());
                    String column = op.column() == null ? null : op.column().toLowerCase(Locale.ROOT);
                    // DROP COLUMN of a column an earlier step dropped: it still locks the table but drops nothing
                    if (op.kind() == Kind.DROP_COLUMN && goneColumns.getOrDefault(table, Set.of()).contains(column)) {
                        op = op.as(Kind.OTHER_ALTER);
                    }
                    // DROP COLUMN IF EXISTS of a column the history's table never had: it still locks the table but drops nothing
                    if (op.kind() == Kind.DROP_COLUMN && wholeTables.contains(table) && !cols.containsKey(column)) {
                        op = op.as(Kind.OTHER_ALTER);
                    }
                    boolean proven = column != null && provenNotNull.getOrDefault(table, Set.of()).contains(column);
                    String previous = op.kind() == Kind.ALTER_TYPE ? cols.get(column) : null;
                    boolean newTable = op.kind() == Kind.DROP_INDEX ? indexesOnNewTables.contains(key(op.column()))
                            : table != null && createdHere.contains(table);
                    steps.add(new MigrationStep(e.location(), e.sql(), normalized, e.suppressed(), op,
                            newTable, inTransaction, migrator, transaction, statements, lockTimeout, lockTimeoutInRun,
                            previous, proven, strongLockTaken, Set.of(), false).withTimeZone(localZone != null ? localZone : sessionZone)
                            .withUndo(table == null ? Set.of() : addedHere.getOrDefault(table, Set.of()), down,
                                    DataCopy.anyKeeps(copiesBefore, op)));
                    strongLockTaken |= op.takesStrongLock() && !newTable && !lockTimeout;
                    if (op.kind() == Kind.CREATE_INDEX && newTable && op.column() != null) {
                        indexesOnNewTables.add(key(op.column()));
                    }
                    switch (op.kind()) {
                        case BEGIN -> inTransaction = true;
                        case COMMIT -> {
                            inTransaction = false;
                            localZone = null;
                        }
                        case SET_TIME_ZONE -> sessionZone = op.detail().equals("default") ? databaseZone : SessionTimeZone.of(op.detail());
                        case SET_LOCAL_TIME_ZONE -> localZone = op.detail().equals("default") ? sessionZone : SessionTimeZone.of(op.detail());
                        case SET_DATABASE_TIME_ZONE -> databaseZone = SessionTimeZone.of(op.detail());
                        case SET_LOCK_TIMEOUT -> {
                            lockTimeout = !op.detail().equals("0");
                            lockTimeoutInRun = lockTimeout;
                        }
                        case CREATE_TABLE -> {
                            goneTables.remove(table);
                            goneColumns.remove(table);
                            createdHere.add(table);
                            wholeTables.add(table);
                            Map<String, String> fresh = new HashMap<>();
                            op.columns().forEach(c -> fresh.put(c.name().toLowerCase(Locale.ROOT), c.type()));
                            types.put(table, fresh);
                        }
                        case DROP_TABLE -> {
                            types.remove(table);
                            goneTables.add(table);
                            goneColumns.remove(table);
                        }
                        case RENAME_TABLE -> {
                            goneTables.remove(key(op.newName()));
                            Set<String> gone = goneColumns.remove(table);
                            goneColumns.remove(key(op.newName()));
                            if (gone != null) {
                                goneColumns.put(key(op.newName()), gone);
                            }
                            types.put(key(op.newName()), types.remove(table));
                            if (wholeTables.remove(table)) {
                                wholeTables.add(key(op.newName()));
                            }
                            if (createdHere.remove(table)) {
                                createdHere.add(key(op.newName()));
                            }
                        }
                        case ADD_COLUMN -> {
                            goneColumns.getOrDefault(table, new HashSet<>()).remove(column);
                            cols.put(column, op.type());
                            addedHere.computeIfAbsent(table, k -> new HashSet<>()).add(column);
                        }
                        case ALTER_TYPE -> cols.put(column, op.type());
                        case DROP_COLUMN -> {
                            cols.remove(column);
                            goneColumns.computeIfAbsent(table, k -> new HashSet<>()).add(column);
                        }
                        case RENAME_COLUMN -> {
                            goneColumns.getOrDefault(table, new HashSet<>()).remove(op.newName().toLowerCase(Locale.ROOT));
                            cols.put(op.newName().toLowerCase(Locale.ROOT), cols.remove(column));
                        }
                        case ADD_CONSTRAINT -> {
                            if ("CHECK".equals(op.constraint()) && op.detail() != null) {
                                Matcher m = NOT_NULL_CHECK.matcher(op.detail());
                                if (m.matches()) {
                                    String checked = m.group(1).toLowerCase(Locale.ROOT);
                                    if (op.notValid()) {
                                        pendingChecks.put(String.valueOf(op.column()).toLowerCase(Locale.ROOT), new String[] {table, checked});
                                    } else {
                                        provenNotNull.computeIfAbsent(table, k -> new HashSet<>()).add(checked);
                                    }
                                }
                            }
                        }
                        case VALIDATE_CONSTRAINT -> {
                            String[] check = pendingChecks.remove(op.constraint().toLowerCase(Locale.ROOT));
                            if (check != null) {
                                provenNotNull.computeIfAbsent(check[0], k -> new HashSet<>()).add(check[1]);
                            }
                        }
                        default -> { }
                    }
                }
            }
        }
        return lockedExclusivelyInFile(changedLater(steps));
    }

    /**
     * Marks the steps whose table another statement of the same file locks ACCESS EXCLUSIVE in the same deploy: a later
     * DROP TABLE (it takes that lock whatever the transactions), and, where the migrator runs the file as one
     * transaction, any statement on the table that takes ACCESS EXCLUSIVE, before or after (the lock is held until
     * the file commits).
     */
    private static List<MigrationStep> lockedExclusivelyInFile(List<MigrationStep> steps) {
        MigrationStep[] out = steps.toArray(new MigrationStep[0]);
        Set<String> dropped = new HashSet<>();
        String file = null;
        for (int i = out.length - 1; i >= 0; i--) {
            if (!out[i].at().file().equals(file)) {
                file = out[i].at().file();
                dropped.clear();
            }
            String table = key(out[i].op().table());
            if (table != null && dropped.contains(table)) {
                out[i] = out[i].withLockedExclusivelyInFile();
            }
            if (out[i].op().kind() == Kind.DROP_TABLE && table != null) {
                dropped.add(table);
            } else if (out[i].op().kind() == Kind.CREATE_TABLE) {
                dropped.remove(table);
            }
        }
        Map<String, Map<String, Integer>> exclusive = new HashMap<>(); // file -> table -> statements taking ACCESS EXCLUSIVE
        for (MigrationStep s : out) {
            if (oneTransaction(s) && accessExclusive(s.op()) && key(s.op().table()) != null) {
                exclusive.computeIfAbsent(s.at().file(), k -> new HashMap<>()).merge(key(s.op().table()), 1, Integer::sum);
            }
        }
        for (int i = 0; i < out.length; i++) {
            String table = key(out[i].op().table());
            if (table == null) {
                continue;
            }
            int others = exclusive.getOrDefault(out[i].at().file(), Map.of()).getOrDefault(table, 0)
                    - (oneTransaction(out[i]) && accessExclusive(out[i].op()) ? 1 : 0);
            if (oneTransaction(out[i]) && others > 0 && !out[i].lockedExclusivelyInFile()) {
                out[i] = out[i].withLockedExclusivelyInFile();
            }
        }
        return List.of(out);
    }

    private static boolean oneTransaction(MigrationStep s) {
        return s.explicitTransaction() || s.transaction() == Migrator.Transaction.FILE || s.transaction() == Migrator.Transaction.RUN
                || (s.transaction() == Migrator.Transaction.IMPLICIT && s.fileStatements() > 1);
    }

    /** The statements PostgreSQL runs under ACCESS EXCLUSIVE on their table (ALTER TABLE's documentation; OTHER_ALTER varies). */
    private static boolean accessExclusive(Operation op) {
        return switch (op.kind()) {
            case DROP_TABLE, RENAME_TABLE, ADD_COLUMN, DROP_COLUMN, RENAME_COLUMN, ALTER_TYPE, SET_NOT_NULL, DROP_CONSTRAINT, TRUNCATE -> true;
            default -> false; // DROP INDEX too: two of them on one table could both be CONCURRENTLY, so neither excuses the other
        };
    }

    /**
     * Each step with the columns of its table that later steps retype or drop, found walking the
     * history backwards: a later rename carries those columns back to the names they had before it.
     */
    private static List<MigrationStep> changedLater(List<MigrationStep> steps) {
        Map<String, Set<String>> later = new HashMap<>();
        MigrationStep[] out = steps.toArray(new MigrationStep[0]);
        for (int i = out.length - 1; i >= 0; i--) {
            Operation op = out[i].op();
            String table = key(op.table());
            if (table == null) {
                continue;
            }
            Set<String> cols = later.getOrDefault(table, Set.of());
            if (!cols.isEmpty()) {
                out[i] = out[i].withChangedLater(cols);
            }
            String column = op.column() == null ? null : op.column().toLowerCase(Locale.ROOT);
            switch (op.kind()) {
                case ALTER_TYPE, DROP_COLUMN -> later.computeIfAbsent(table, k -> new HashSet<>()).add(column);
                case DROP_TABLE -> later.computeIfAbsent(table, k -> new HashSet<>()).add("*");
                case CREATE_TABLE -> later.remove(table);
                case RENAME_TABLE -> {
                    Set<String> renamed = later.remove(key(op.newName()));
                    if (renamed != null) {
                        later.put(table, renamed);
                    }
                }
                case RENAME_COLUMN -> {
                    Set<String> s = later.get(table);
                    if (s != null && s.remove(op.newName().toLowerCase(Locale.ROOT))) {
                        s.add(column);
                    }
                }
                default -> { }
            }
        }
        return List.of(out);
    }

    /** Tables are matched without their schema: a history rarely qualifies names the same way everywhere. */
    private static String key(String table) {
        return table == null ? null : Operation.bare(table).toLowerCase(Locale.ROOT);
    }

    /** The file's text, to tell the migrator (drizzle-kit's breakpoints); null for stdin or an unreadable file. */
    private static String read(String file) {
        try {
            Path p = Path.of(file);
            if (!Files.isRegularFile(p) || Files.size(p) > (1 << 22)) {
                return null;
            }
            return new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
