package dev.querylens.migration;

/**
 * The tool that applies a migration file, because it decides whether the file runs inside a
 * transaction, and so whether CREATE INDEX CONCURRENTLY in it fails ("cannot run inside a
 * transaction block") and which fix the user can actually run. {@link MigrationPaths} tells it
 * from the file; each constant cites where its behaviour comes from.
 */
public enum Migrator {
    /** drizzle-orm's pg-core dialect.migrate() runs every pending migration inside one session.transaction(...). */
    DRIZZLE_KIT("drizzle-kit", Transaction.RUN,
            "drizzle-kit's migrate() runs all pending migrations in one transaction, so CONCURRENTLY cannot go in a migration file:"
                    + " remove it from the generated migration and run the statement as its own step after `drizzle-kit migrate`"
                    + " (e.g. `psql \"$DATABASE_URL\" -c '<statement>'` in the deploy script, or db.execute(sql`...`) outside"
                    + " a transaction), or keep the non-concurrent form only for tables created in the same migration",
            "in a migration deployed after this one is applied (drizzle-kit's migrate() runs all pending migrations in one"
                    + " transaction, so a later file applied in the same run still holds this lock), or with psql after `drizzle-kit migrate`"),
    /**
     * Prisma's schema engine sends a migration.sql to PostgreSQL as one script (one simple-protocol
     * query), which the server runs as one implicit transaction; a file holding only the
     * CONCURRENTLY statement runs outside one (prisma/orm#14456: "do it one at a time").
     */
    PRISMA("Prisma", Transaction.IMPLICIT,
            "Prisma sends a migration.sql as one script, which PostgreSQL runs as one implicit transaction when it holds more than"
                    + " one statement: put the CONCURRENTLY statement alone in its own migration (prisma migrate dev --create-only,"
                    + " then edit that migration.sql to hold only this statement)",
            "in a migration of its own (Prisma runs each migration.sql as one transaction)"),
    /**
     * Flyway runs each versioned migration in its own transaction on PostgreSQL; its PostgreSQL
     * parser marks CREATE/DROP INDEX CONCURRENTLY non-transactional and runs such a migration
     * without one (flyway/flyway#3854), refusing to mix it with transactional statements unless
     * mixed=true. A {@code V1__x.sql.conf} with executeInTransaction=false turns the transaction off.
     */
    FLYWAY("Flyway", Transaction.FILE,
            "put the CONCURRENTLY statement alone in a versioned migration of its own (V<next>__index_concurrently.sql):"
                    + " Flyway runs a migration holding it outside a transaction, but refuses to mix it with other statements"
                    + " unless mixed=true",
            "in the next versioned migration (Flyway runs each migration in its own transaction)"),
    /** sqlx migrate runs each file in a transaction unless its first line is {@code -- no-transaction}. */
    SQLX("sqlx", Transaction.FILE,
            "put the CONCURRENTLY statement in a migration file of its own whose first line is `-- no-transaction`"
                    + " (sqlx then runs that file outside a transaction)",
            "in the next migration file (sqlx runs each file in its own transaction)"),
    /** diesel runs each migration's up.sql in a transaction unless its metadata.toml says run_in_transaction = false. */
    DIESEL("diesel", Transaction.FILE,
            "put the CONCURRENTLY statement in a migration of its own (diesel migration generate) with"
                    + " `run_in_transaction = false` in that migration's metadata.toml",
            "in the next migration (diesel runs each up.sql in its own transaction)"),
    /**
     * golang-migrate's postgres driver sends the whole file in one Exec (simple protocol) unless
     * x-multi-statement is set: PostgreSQL runs a multi-statement query as one implicit
     * transaction, so CONCURRENTLY works only as the file's only statement (MigrationLocksOnPostgresTest).
     */
    GOLANG_MIGRATE("golang-migrate", Transaction.IMPLICIT,
            "put the CONCURRENTLY statement alone in an N_name.up.sql of its own: golang-migrate sends a file as one query,"
                    + " which PostgreSQL runs as one implicit transaction when it holds more than one statement",
            "in the next N_name.up.sql (golang-migrate sends each file as one query, one implicit transaction)"),
    /**
     * The Supabase CLI (db push, migration up) sends a file's statements and its history insert
     * as one pgconn batch, which is "implicitly transactional" (supabase/cli pkg/migration/file.go
     * ExecBatch): even alone in its file, CONCURRENTLY runs inside that transaction.
     */
    SUPABASE("the Supabase CLI", Transaction.FILE,
            "the Supabase CLI runs every migration file as one transaction (with its history insert), so CONCURRENTLY cannot go in"
                    + " supabase/migrations: run the statement with psql against the database after `supabase db push`"
                    + " (`psql \"$DATABASE_URL\" -c '<statement>'`) and leave it out of the migration",
            "in a migration file of its own (the Supabase CLI runs each file as one transaction)"),
    /**
     * goose runs a SQL migration's up section in a transaction of its own unless the file carries
     * {@code -- +goose NO TRANSACTION} (pressly/goose docs, "SQL Migrations"; migrate.go runs each
     * statement alone then).
     */
    GOOSE("goose", Transaction.FILE,
            "put the CONCURRENTLY statement in a migration of its own that carries `-- +goose NO TRANSACTION`"
                    + " (goose then runs its statements outside a transaction)",
            "in the next migration (goose runs each file's up section in its own transaction)"),
    /**
     * dbmate runs each migration's up section in a transaction unless its directive says
     * {@code -- migrate:up transaction:false} (amacneil/dbmate README, "Creating Migrations").
     */
    DBMATE("dbmate", Transaction.FILE,
            "put the CONCURRENTLY statement in a migration of its own whose directive is `-- migrate:up transaction:false`"
                    + " (dbmate then runs it outside a transaction)",
            "in the next migration (dbmate runs each file's up section in its own transaction)"),
    /**
     * sqitch deploys each change by running its deploy script with psql ({@code --file}, ON_ERROR_STOP,
     * no --single-transaction: App::Sqitch::Engine::pg), so only the script's own BEGIN ... COMMIT
     * (which {@code sqitch add}'s template writes) makes a transaction.
     */
    SQITCH("sqitch", Transaction.NONE,
            "put the CONCURRENTLY statement in a change of its own (sqitch add) whose deploy script has no BEGIN ... COMMIT:"
                    + " sqitch runs a script with psql, so without them each statement commits on its own",
            "after the script's COMMIT, or in the next change (sqitch add)"),
    /**
     * The Hasura CLI's {@code hasura migrate apply} sends each migration's up.sql as one {@code run_sql}
     * request (cli/migrate/database/hasuradb/hasuradb.go, Run: PGRunSQL per file; CLI v1 sent a run's files
     * as one bulk), and the server runs a run_sql in a transaction. A migration cannot opt out
     * (hasura/graphql-engine#2939, open: "Hasura runs the migration in a transaction when applying").
     */
    HASURA("Hasura", Transaction.FILE,
            "Hasura runs every migration's up.sql in a transaction (run_sql) and a migration cannot opt out, so CONCURRENTLY"
                    + " cannot go in migrations/: leave it out of the migration and run the statement with psql after"
                    + " `hasura migrate apply` (`psql \"$DATABASE_URL\" -c '<statement>'`)",
            "in the next migration (hasura migrate create; Hasura runs each up.sql in its own transaction)"),
    /**
     * graphile-migrate runs each committed migration's body (and the current migration, in watch) between BEGIN and COMMIT
     * with its bookkeeping insert, unless the body's first line is {@code --! no-transaction}
     * (graphile/migrate src/migration.ts runStringMigration, src/header.ts isNoTransactionDefined).
     */
    GRAPHILE_MIGRATE("graphile-migrate", Transaction.FILE,
            "put the CONCURRENTLY statement in a migration of its own whose first line is `--! no-transaction`"
                    + " (graphile-migrate then runs it outside a transaction); write it in current.sql and `graphile-migrate commit`",
            "in the next migration (graphile-migrate runs each committed migration in its own transaction)"),
    /**
     * Liquibase runs each changeset of a formatted SQL changelog in a transaction of its own unless its
     * {@code --changeset} line says {@code runInTransaction:false} (Liquibase docs, changeset attribute
     * runInTransaction, default true); see LiquibaseLayout.
     */
    LIQUIBASE("Liquibase", Transaction.FILE,
            "put the CONCURRENTLY statement in a changeset of its own whose line says runInTransaction:false"
                    + " (`--changeset author:id runInTransaction:false`): Liquibase then runs it outside a transaction",
            "in the next changeset (Liquibase runs each changeset in its own transaction)"),
    /**
     * Atlas ({@code atlas migrate apply}) runs each migration file in a transaction of its own by default
     * ({@code --tx-mode file}) unless the file's header says {@code -- atlas:txmode none}; see AtlasLayout.
     */
    ATLAS("Atlas", Transaction.FILE,
            "put the CONCURRENTLY statement in a migration file of its own whose header is `-- atlas:txmode none` followed by"
                    + " a blank line (atlas migrate new, then atlas migrate hash): Atlas then runs that file outside a transaction",
            "in the next migration file (atlas migrate new; Atlas runs each file in its own transaction)"),
    /**
     * tern runs each migration in a transaction of its own unless the file holds the line
     * {@code ---- tern: disable-tx ----} (jackc/tern migrate/migrate.go, disableTxPattern); see TernLayout.
     */
    TERN("tern", Transaction.FILE,
            "put the CONCURRENTLY statement in a migration of its own (tern new) holding the line `---- tern: disable-tx ----`:"
                    + " tern then runs it outside a transaction",
            "in the next migration (tern new; tern runs each migration in its own transaction)"),
    /** Unknown tool: only a BEGIN written in the file is known to open a transaction. */
    PLAIN("the migrator", Transaction.NONE,
            "run the statement outside BEGIN ... COMMIT (in psql, autocommit), in a migration file of its own if the migrator"
                    + " wraps files in a transaction",
            "after a COMMIT, or in the next migration file if the migrator gives each file its own transaction");

    /** How far the migrator's own transaction reaches. */
    public enum Transaction {
        /** every pending file of the run in one transaction */
        RUN,
        /** each file in a transaction of its own */
        FILE,
        /** each file sent as one multi-statement query: a transaction only when the file holds more than one statement */
        IMPLICIT,
        /** no transaction of the migrator's (an unknown tool, or a file that opted out) */
        NONE
    }

    private final String label;
    private final Transaction transaction;
    private final String concurrentlyRecipe;
    private final String nextTransaction;

    Migrator(String label, Transaction transaction, String concurrentlyRecipe, String nextTransaction) {
        this.label = label;
        this.transaction = transaction;
        this.concurrentlyRecipe = concurrentlyRecipe;
        this.nextTransaction = nextTransaction;
    }

    public String label() {
        return label;
    }

    /** The migrator's transaction for a file that did not opt out (see {@link MigrationPaths#transaction}). */
    public Transaction transaction() {
        return transaction;
    }

    /** Whether a file of {@code statements} statements runs inside a transaction of this migrator's. */
    public static boolean wraps(Transaction transaction, int statements) {
        return switch (transaction) {
            case RUN, FILE -> true;
            case IMPLICIT -> statements > 1;
            case NONE -> false;
        };
    }

    /** How to run a CONCURRENTLY statement with this migrator, so the fix is one the user can apply. */
    public String concurrentlyRecipe() {
        return concurrentlyRecipe;
    }

    /** Where a statement goes that must not share this statement's transaction (a VALIDATE after NOT VALID). */
    public String nextTransaction() {
        return nextTransaction;
    }

    /**
     * The tables migrators keep their own history in (golang-migrate's and Rails' schema_migrations,
     * diesel's, Prisma's, Flyway's, sqlx's, drizzle's, goose's, Liquibase's databasechangelog, Atlas's atlas_schema_revisions, tern's schema_version, graphile-migrate's schema): no application reads them, so
     * dropping or reshaping one breaks no running code.
     */
    public static boolean isBookkeeping(String table) {
        String t = Operation.bare(table).toLowerCase(java.util.Locale.ROOT);
        return java.util.Set.of("schema_migrations", "__diesel_schema_migrations", "_prisma_migrations", "flyway_schema_history",
                "_sqlx_migrations", "__drizzle_migrations", "goose_db_version",
                "databasechangelog", "databasechangeloglock", "atlas_schema_revisions", "schema_version").contains(t)
                || table.toLowerCase(java.util.Locale.ROOT).replace("\"", "").startsWith("graphile_migrate.");
    }

    /** A rule parameter's value: auto (null here), drizzle-kit, prisma, flyway, sqlx, diesel, golang-migrate, goose, dbmate, sqitch, hasura, graphile-migrate, liquibase, atlas, tern, supabase, none. */
    public static Migrator named(String setting) {
        return switch (setting) {
            case "drizzle-kit", "drizzle" -> DRIZZLE_KIT;
            case "prisma" -> PRISMA;
            case "flyway" -> FLYWAY;
            case "sqlx" -> SQLX;
            case "diesel" -> DIESEL;
            case "golang-migrate", "migrate" -> GOLANG_MIGRATE;
            case "supabase" -> SUPABASE;
            case "goose" -> GOOSE;
            case "dbmate" -> DBMATE;
            case "sqitch" -> SQITCH;
            case "hasura" -> HASURA;
            case "graphile-migrate", "graphile" -> GRAPHILE_MIGRATE;
            case "liquibase" -> LIQUIBASE;
            case "atlas" -> ATLAS;
            case "tern" -> TERN;
            default -> PLAIN;
        };
    }
}
