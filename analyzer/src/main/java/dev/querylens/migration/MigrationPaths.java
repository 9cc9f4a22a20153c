package dev.querylens.migration;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one place that decides which .sql files are migrations, which tool applies them (and so
 * whether each runs in a transaction) and in what order, from the layouts the tools write:
 * drizzle-kit ({@code 0000_name.sql} with {@code --> statement-breakpoint}, meta/_journal.json),
 * Prisma ({@code <name>/migration.sql}), Flyway ({@code V3__name.sql}), sqlx ({@code
 * migrations/<version>_name.sql} beside a Cargo.toml, or {@code .up.sql}), diesel ({@code
 * migrations/<version>_name/up.sql}), golang-migrate ({@code N_name.up.sql}), the Supabase CLI
 * ({@code supabase/migrations/<timestamp>_name.sql}), Hasura ({@code migrations/[<database>/]<version>_name/up.sql}
 * below the project's config.yaml, see HasuraLayout), graphile-migrate ({@code migrations/committed/000001.sql},
 * {@code current.sql}, see GraphileLayout), goose and dbmate (a file whose annotations
 * open an up and a down section, see SqlScript), or any .sql in a migrations directory.
 * Down migrations run once too, but are no part of the forward history; a Rails structure.sql is
 * a dump of the schema, not a history.
 */
public final class MigrationPaths {
    private static final Set<String> DIRECTORIES = Set.of("migrations", "migration", "migrate", "drizzle");
    private static final Pattern FLYWAY = Pattern.compile("(?i)(v[0-9][0-9._]*|r)__[^/]*\\.sql");
    /** A Flyway file name: the version of a versioned migration (null for a repeatable one), then the rest of the name. */
    private static final Pattern FLYWAY_NAME = Pattern.compile("(?i)(?:v([0-9]+(?:[._][0-9]+)*)|r)__(.*\\.sql)");
    /** Flyway Teams' undo migrations (U2__x.sql undoes V2__x.sql), run only by {@code flyway undo}. */
    private static final Pattern FLYWAY_UNDO = Pattern.compile("(?i)u[0-9][0-9._]*__[^/]*\\.sql");
    /**
     * A script that rolls a migration back, by the suffix tools and teams give it ({@code 0003_x.rollback.sql},
     * {@code 0003_x_rollback.sql}, {@code 0003_x.undo.sql}); a name merely containing the word (a table
     * {@code undo_log}) is no rollback.
     */
    private static final Pattern ROLLBACK = Pattern.compile("(?i).+[._-](rollback|undo)\\.sql");
    private static final Pattern VERSIONED = Pattern.compile("[0-9]+_[^/]*\\.sql");
    private static final Pattern DIESEL_DIR = Pattern.compile("[0-9][0-9-]*_[^/]+");
    private static final Pattern CONCURRENTLY = Pattern.compile("(?is)\\b(create\\s+(unique\\s+)?index|drop\\s+index|reindex\\b[^;]*)\\s+concurrently\\b");
    private static final Map<String, Boolean> MARKERS = new ConcurrentHashMap<>();
    /** goose's annotation opening the up section, and its opt-out of the transaction, anywhere on a line of their own. */
    private static final Pattern GOOSE_UP = Pattern.compile("(?im)^\\s*--\\s*\\+goose\\s+up\\s*$");
    private static final Pattern GOOSE_NO_TRANSACTION = Pattern.compile("(?im)^\\s*--\\s*\\+goose\\s+no\\s+transaction\\s*$");
    /** dbmate's up directive, and the option that runs it outside a transaction. */
    private static final Pattern DBMATE_UP = Pattern.compile("(?im)^\\s*--\\s*migrate:up\\b.*$");
    private static final Pattern DBMATE_NO_TRANSACTION = Pattern.compile("(?im)^\\s*--\\s*migrate:up\\b.*\\btransaction:false\\b.*$");

    /**
     * The order the migrator applies files in: names compared with numbers as numbers (Flyway's V2
     * before V2.1 before V10, golang-migrate's 1_ before 10_), Flyway's repeatable R__ migrations
     * after all versioned ones (as {@code flyway migrate} runs them), and diesel's versions without
     * their dashes (diesel orders {@code 2017-08-31-230457_x} after {@code 20170820180453_y}).
     */
    public static final Comparator<String> ORDER = (a, b) -> NaturalOrder.compare(sortKey(a), sortKey(b));

    /**
     * {@link #ORDER} for these files, each file's key worked out once: a key may read the file's head and the
     * changelogs above it (Liquibase), which a comparison per pair would repeat n log n times.
     */
    public static Comparator<String> order(java.util.Collection<String> files) {
        Map<String, String> keys = new java.util.HashMap<>();
        files.forEach(f -> keys.computeIfAbsent(f, MigrationPaths::sortKey));
        return (a, b) -> NaturalOrder.compare(keys.computeIfAbsent(a, MigrationPaths::sortKey), keys.computeIfAbsent(b, MigrationPaths::sortKey));
    }

    private MigrationPaths() {
    }

    /** What a .sql file is to the history it sits in. */
    public enum Role {
        /** a migration the migrator applies: replayed in {@link #ORDER} */
        FORWARD,
        /**
         * a migration that undoes another (sqlx and golang-migrate {@code *.down.sql}, diesel's
         * {@code down.sql}, Flyway's {@code U1__x.sql}, a rollback script): run only to go back, never
         * part of what was applied
         */
        DOWN,
        /**
         * the schema as it should be, from which a tool writes the migrations: the Supabase CLI's
         * declarative {@code supabase/schemas/*.sql} ({@code supabase db diff} turns them into
         * migrations). Not applied history: compared with it (see DeclaredSchema)
         */
        DECLARATIVE_SCHEMA,
        /** any other SQL: queries, a schema dump, DDL outside a migration directory */
        OTHER
    }

    /** The role of a file in its project's history, from its path alone. */
    public static Role role(String file) {
        String[] parts = parts(file);
        if (!name(parts).endsWith(".sql")) {
            return Role.OTHER;
        }
        if (isDeclarative(parts)) {
            return Role.DECLARATIVE_SCHEMA;
        }
        if (isDown(parts) || sqitch(file, SqitchLayout.Script.REVERT)) {
            return Role.DOWN;
        }
        return isMigration(file) ? Role.FORWARD : Role.OTHER;
    }

    private static boolean isDeclarative(String[] parts) {
        for (int i = 0; i + 2 < parts.length; i++) {
            if (parts[i].equals("supabase") && parts[i + 1].equals("schemas")) {
                return true;
            }
        }
        return false;
    }

    /** A forward migration: a file of the history, replayed in {@link #ORDER}. */
    public static boolean isMigration(String file) {
        String[] parts = parts(file);
        String name = name(parts);
        if (!name.endsWith(".sql") || isDown(parts) || isDeclarative(parts) || name.equals("structure.sql")) {
            return false;
        }
        SqitchLayout.Change sqitch = SqitchLayout.of(file);
        if (sqitch != null) {
            return sqitch.script() == SqitchLayout.Script.DEPLOY;
        }
        if (FLYWAY.matcher(name).matches() || name.endsWith(".up.sql") || name.equals("migration.sql") || isDieselUp(parts)) {
            return true;
        }
        for (int i = 0; i < parts.length - 1; i++) {
            if (DIRECTORIES.contains(parts[i])) {
                return true;
            }
        }
        // the layouts told by files beside the migration or by its content last: they read the disk
        return marker(file, "meta/_journal.json") || AtlasLayout.isAtlas(file) || TernLayout.isTern(file)
                || LiquibaseLayout.isLiquibase(file);
    }

    /** Any file a migrator runs once, forward or down: statements in it are no recurring workload. */
    public static boolean isMigrationFile(String file) {
        return isMigration(file) || (name(parts(file)).endsWith(".sql") && (isDown(parts(file)) || sqitch(file, SqitchLayout.Script.REVERT)));
    }

    /** The tool that applies a forward migration file; {@code text} is its content (null when unreadable). */
    public static Migrator migrator(String file, String text) {
        String[] parts = parts(file);
        String name = name(parts);
        String path = String.join("/", parts);
        if (name.equals("migration.sql")) {
            return Migrator.PRISMA;
        }
        // Liquibase's formatted SQL says so on its first line; a master changelog may include it from any directory
        if (LiquibaseLayout.isFormatted(text) || (!file.equals("-") && LiquibaseLayout.isLiquibase(file))) {
            return Migrator.LIQUIBASE;
        }
        if (sqitch(file, SqitchLayout.Script.DEPLOY)) {
            return Migrator.SQITCH;
        }
        if (FLYWAY.matcher(name).matches()) {
            return Migrator.FLYWAY;
        }
        if (isDieselUp(parts)) {
            // Hasura writes diesel's shape (<version>_name/up.sql); its project's config.yaml tells them apart
            return HasuraLayout.isHasura(file) ? Migrator.HASURA : Migrator.DIESEL;
        }
        if (path.contains("supabase/migrations/")) {
            return Migrator.SUPABASE;
        }
        if (GraphileLayout.isGraphile(file)) {
            return Migrator.GRAPHILE_MIGRATE;
        }
        // goose's and dbmate's files are known by the annotations that open their up section, wherever they live
        if (text != null && GOOSE_UP.matcher(text).find()) {
            return Migrator.GOOSE;
        }
        if (text != null && DBMATE_UP.matcher(text).find()) {
            return Migrator.DBMATE;
        }
        // tern's magic lines in the file, or a tern.conf beside it (an irreversible migration beside tern's: see migrators)
        if (TernLayout.isTernText(text) || (!file.equals("-") && TernLayout.hasConf(file))) {
            return Migrator.TERN;
        }
        // Atlas's own format beside its atlas.sum; another tool's format in an Atlas-hashed directory stays that tool's
        if (AtlasLayout.isAtlas(file) && !FLYWAY.matcher(name).matches()) {
            return Migrator.ATLAS;
        }
        if ((text != null && text.contains("--> statement-breakpoint")) || path.contains("/drizzle/") || path.startsWith("drizzle/")
                || marker(file, "meta/_journal.json")) {
            return Migrator.DRIZZLE_KIT;
        }
        boolean sqlx = (text != null && text.startsWith("-- no-transaction")) || marker(file, "../Cargo.toml");
        if (name.endsWith(".up.sql")) {
            return sqlx ? Migrator.SQLX : Migrator.GOLANG_MIGRATE;
        }
        if (sqlx && VERSIONED.matcher(name).matches()) {
            return Migrator.SQLX;
        }
        return Migrator.PLAIN;
    }

    /**
     * The migrator of every file of a history. drizzle-kit writes its breakpoint marker only between
     * statements, so a one-statement file shows none: a file of unknown tool beside drizzle-kit files
     * in the same directory is drizzle-kit's too; so is one beside tern's, whose irreversible migrations
     * have no separator line.
     */
    public static Map<String, Migrator> migrators(Map<String, String> texts) {
        Map<String, Migrator> out = new java.util.HashMap<>();
        Set<String> drizzleDirs = new java.util.HashSet<>();
        Set<String> ternDirs = new java.util.HashSet<>();
        texts.forEach((file, text) -> {
            Migrator m = migrator(file, text);
            out.put(file, m);
            if (m == Migrator.DRIZZLE_KIT) {
                drizzleDirs.add(directory(file));
            } else if (m == Migrator.TERN) {
                ternDirs.add(directory(file));
            }
        });
        out.replaceAll((file, m) -> m != Migrator.PLAIN ? m : drizzleDirs.contains(directory(file)) ? Migrator.DRIZZLE_KIT
                : ternDirs.contains(directory(file)) && TernLayout.isNamed(file) ? Migrator.TERN : m);
        return out;
    }

    private static String directory(String file) {
        String f = file.replace('\\', '/');
        return f.contains("/") ? f.substring(0, f.lastIndexOf('/')) : "";
    }

    /**
     * Whether a forward migration has a down migration the team can run to undo it: a down section
     * with statements (goose, dbmate), or the down file its migrator pairs with it on disk
     * ({@link DownMigrations#onDisk}, the same pairing {@code migrations --trace} runs).
     */
    public static boolean hasDown(String file, String text, Migrator migrator) {
        if (file == null || file.equals("-")) {
            return false;
        }
        return hasDownSection(text, migrator) || !DownMigrations.onDisk(java.util.List.of(Path.of(file))).isEmpty();
    }

    /** A goose, dbmate or tern file whose down section holds at least one statement; a Liquibase file whose every changeset has --rollback. */
    static boolean hasDownSection(String text, Migrator migrator) {
        if (migrator == Migrator.LIQUIBASE) {
            return LiquibaseLayout.everyChangesetRollsBack(text);
        }
        if ((migrator != Migrator.GOOSE && migrator != Migrator.DBMATE && migrator != Migrator.TERN) || text == null) {
            return false;
        }
        int[] undo = {0};
        dev.querylens.collect.SqlScript.split(text, u -> { }, d -> undo[0] += d.statements());
        return undo[0] > 0;
    }

    /**
     * The directory a migration's history lives in: the file's own directory, or for a migration
     * that is a directory of its own (diesel's {@code <version>_x/up.sql}, Prisma's {@code <name>/migration.sql})
     * the one above it.
     */
    public static String historyDirectory(String file) {
        String[] parts = parts(file);
        boolean ownDirectory = name(parts).equals("migration.sql") || isDieselUp(parts);
        String dir = directory(file);
        return ownDirectory ? directory(dir) : dir;
    }

    /** The migrator's transaction for this file, after the ways each tool lets a file opt out of it. */
    public static Migrator.Transaction transaction(String file, String text, Migrator migrator) {
        boolean optedOut = switch (migrator) {
            // sqlx: "-- no-transaction" as the file's first line
            case SQLX -> text != null && text.startsWith("-- no-transaction");
            // diesel: run_in_transaction = false in the migration's metadata.toml
            case DIESEL -> sibling(file, "metadata.toml").matches("(?s).*run_in_transaction\\s*=\\s*false.*");
            // Flyway: executeInTransaction=false in V1__x.sql.conf, or a statement its parser marks non-transactional
            case FLYWAY -> sibling(file, Path.of(file).getFileName() + ".conf").matches("(?s).*executeInTransaction\\s*=\\s*false.*")
                    || (text != null && CONCURRENTLY.matcher(text).find());
            // goose: "-- +goose NO TRANSACTION" anywhere in the file; dbmate: "-- migrate:up transaction:false"
            case GOOSE -> text != null && GOOSE_NO_TRANSACTION.matcher(text).find();
            case DBMATE -> text != null && DBMATE_NO_TRANSACTION.matcher(text).find();
            // graphile-migrate: "--! no-transaction" as the first line of the body, below the --! Previous / Hash headers
            case GRAPHILE_MIGRATE -> GraphileLayout.optsOutOfTransaction(text);
            // Liquibase: runInTransaction:false on a --changeset line (the file's other changesets are then not told apart)
            case LIQUIBASE -> LiquibaseLayout.optsOutOfTransaction(text);
            // Atlas: the file directive "-- atlas:txmode none" in its header
            case ATLAS -> AtlasLayout.optsOutOfTransaction(text);
            // tern: "---- tern: disable-tx ----" on a line of its own
            case TERN -> TernLayout.optsOutOfTransaction(text);
            default -> false;
        };
        return optedOut ? Migrator.Transaction.NONE : migrator.transaction();
    }

    private static String[] parts(String file) {
        return file.replace('\\', '/').toLowerCase(Locale.ROOT).replaceAll("\\.gz$", "").split("/");
    }

    private static String name(String[] parts) {
        return parts[parts.length - 1];
    }

    private static boolean isDown(String[] parts) {
        String name = name(parts);
        if (name.endsWith(".down.sql") || FLYWAY_UNDO.matcher(name).matches()
                || (name.equals("down.sql") && parts.length > 1 && DIESEL_DIR.matcher(parts[parts.length - 2]).matches())) {
            return true;
        }
        // a rollback script, by its name or its directory, but only inside a migration history: elsewhere it is just SQL.
        // The directory counts only below the history's own (migrations/rollback/): one above it is where the project
        // lives (a checkout in /work/rollback/ or ~/down/), not what the file is
        boolean inHistory = false;
        boolean rollbackDirectory = false;
        for (int i = 0; i < parts.length - 1; i++) {
            rollbackDirectory |= inHistory && (parts[i].equals("rollback") || parts[i].equals("rollbacks") || parts[i].equals("down"));
            inHistory |= DIRECTORIES.contains(parts[i]);
        }
        return inHistory && (rollbackDirectory || ROLLBACK.matcher(name).matches());
    }

    private static boolean isDieselUp(String[] parts) {
        return name(parts).equals("up.sql") && parts.length > 1 && DIESEL_DIR.matcher(parts[parts.length - 2]).matches();
    }

    /** Whether a file the tool writes beside the migrations exists (drizzle's journal, sqlx's crate manifest); cached per directory. */
    private static boolean marker(String file, String relative) {
        Path parent = Path.of(file).toAbsolutePath().getParent();
        if (parent == null || file.equals("-")) {
            return false;
        }
        return MARKERS.computeIfAbsent(parent + "|" + relative, k -> Files.isRegularFile(parent.resolve(relative).normalize()));
    }

    private static String sibling(String file, String name) {
        try {
            Path p = Path.of(file).toAbsolutePath().resolveSibling(name);
            return Files.isRegularFile(p) && Files.size(p) < 65536 ? Files.readString(p, StandardCharsets.UTF_8) : "";
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /** Whether {@code file} is that script of a sqitch change. */
    private static boolean sqitch(String file, SqitchLayout.Script script) {
        SqitchLayout.Change change = SqitchLayout.of(file);
        return change != null && change.script() == script;
    }

    private static String sortKey(String file) {
        SqitchLayout.Change sqitch = SqitchLayout.of(file);
        if (sqitch != null && sqitch.script() == SqitchLayout.Script.DEPLOY) {
            // sqitch deploys in the plan's order, whatever the names; changes the plan does not list after it, by name
            return sqitch.top().toString().replace('\\', '/') + "/deploy/" + SqitchLayout.position(sqitch) + "/" + sqitch.name();
        }
        if (LiquibaseLayout.isLiquibase(file)) {
            // Liquibase applies files in its master changelog's order, whatever their names; files it does not include last
            LiquibaseLayout.Place place = LiquibaseLayout.place(file);
            if (place != null) {
                return place.key() + "/" + Path.of(file).getFileName();
            }
        }
        String[] parts = file.replace('\\', '/').split("/");
        java.util.regex.Matcher flyway = FLYWAY_NAME.matcher(parts[parts.length - 1]);
        if (flyway.matches()) {
            // Flyway: versions compared part by part (V2 before V2.1 before V10; '_' separates parts as '.' does), and
            // repeatable migrations after every versioned one, by description
            parts[parts.length - 1] = flyway.group(1) != null
                    ? "V" + flyway.group(1).replace('_', '.') + " __" + flyway.group(2)
                    : "~R__" + flyway.group(2);
            return String.join("/", parts);
        }
        if (parts.length > 1 && parts[parts.length - 1].equalsIgnoreCase("up.sql") && DIESEL_DIR.matcher(parts[parts.length - 2]).matches()) {
            String dir = parts[parts.length - 2];
            int underscore = dir.indexOf('_');
            parts[parts.length - 2] = dir.substring(0, underscore).replace("-", "") + dir.substring(underscore);
            return String.join("/", parts);
        }
        return file;
    }
}
